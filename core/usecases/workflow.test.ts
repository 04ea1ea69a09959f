/**
 * The officials' whole workflow (the README's "Who uses it") through dispatch on the real SQLite store, with the
 * 2018 Changsha table: import, invite, bind, list, report with a photo, review, extend, urge, dashboard, circular.
 */
import ExcelJS from 'exceljs';
import { DEFAULT_SETTINGS } from '../model';
import { seedTableText } from '../../data';
import { runReminderPass } from '../remind/pass';
import { useWorld } from '../testing/world';

// 2018-05-20: the April tasks are overdue, May ones due this week or so, the rest ahead
const { w } = useWorld({ now: '2018-05-20T02:00:00.000Z' });

it('from the 2018 table to a circular', async () => {
  const admin = await w.addUser('city-ducha', 'admin', '管理员');
  const supervisor = await w.addUser('city-ducha', 'supervisor', '督查室');
  await w.store.saveSettings({
    ...DEFAULT_SETTINGS,
    templates: {
      urge: {
        templateId: 'T-URGE',
        fields: [
          { key: 'thing1', value: 'task' },
          { key: 'thing2', value: 'note' },
        ],
      },
    },
  });

  const preview = await w.call(admin, 'importPlan', {
    fileName: '长沙市推进最多跑一次改革工作责任分解表.txt',
    base64: Buffer.from(seedTableText()).toString('base64'),
  });
  const imported = await w.call(admin, 'confirmImport', { previewId: preview.previewId });
  expect(imported.tasks).toBe(32);

  // a district's contact binds with an invite code
  const { code } = await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
  const { me } = await w.call(null, 'bind', { code, name: '芙蓉联络员' });
  const furong = (await w.store.getUser(me.user.id))!;

  const list = await w.call(furong, 'listMyTasks', { pageSize: 100 });
  expect(list.total).toBeGreaterThan(20);
  expect(list.items[0].light).toBe('red');
  const lights = list.items.map((c) => c.light);
  expect(lights.indexOf('red')).toBeLessThan(lights.lastIndexOf('green'));
  const overdue = list.items[0];

  // it reports with a photo and claims completion
  w.files.put('photo-sha', furong.principal);
  const { report } = await w.call(furong, 'submitReport', {
    assignmentId: overdue.assignmentId,
    requestId: 'req-1',
    text: '已完成平台迁移，附截图',
    photos: ['photo-sha'],
    percent: 100,
    claimDone: true,
  });

  // the lead unit's contact returns it with a reason; the district sees the reason
  const leadUnitId = (await w.store.listAssignmentsOfTask(overdue.taskId)).find((a) => a.role === 'lead')!.unitId;
  const lead = await w.addUser(leadUnitId, 'contact', '牵头联络员');
  expect((await w.call(lead, 'reviewQueue', {})).reports.map((r) => r.report.id)).toContain(report.id);
  await w.call(lead, 'reviewReport', { reportId: report.id, decision: 'return', reason: '请补充验收材料' });
  const seen = await w.call(furong, 'getTask', { taskId: overdue.taskId });
  expect(seen.reports[0]).toMatchObject({ review: 'returned', reviewReason: '请补充验收材料' });

  // it asks for more time; the supervisor approves; only its date moves
  const { extension } = await w.call(furong, 'requestExtension', {
    assignmentId: overdue.assignmentId,
    newDue: '2018-06-30',
    reason: '验收材料需省里盖章',
  });
  await w.call(supervisor, 'decideExtension', { extensionId: extension.id, approve: true });
  const after = await w.call(furong, 'getTask', { taskId: overdue.taskId });
  const mine = after.assignments.find((a) => a.id === overdue.assignmentId)!;
  expect(mine).toMatchObject({ dueDate: '2018-06-30', light: 'green' });
  expect(after.assignments.filter((a) => a.id !== mine.id).every((a) => a.dueDate === overdue.dueDate)).toBe(true);

  // the supervisor urges one of the district's overdue assignments; its contact (subscribed) gets the message
  await w.call(furong, 'recordSubscription', { results: { 'T-URGE': 'accept' } });
  const dashboard = await w.call(supervisor, 'dashboard', {});
  expect(dashboard.counts.total).toBe(imported.assignments);
  expect(dashboard.counts.red).toBeGreaterThan(0);
  expect(dashboard.overdue).toHaveLength(100); // the most overdue hundred; all of them are in the circular
  const [target] = (await w.call(furong, 'listMyTasks', { light: 'overdue' })).items;
  await w.call(supervisor, 'urge', { assignmentIds: [target.assignmentId], message: '请于本周内报送' });
  await runReminderPass({ reminders: w.reminders, messenger: w.messenger }, { now: w.clock.now() });
  expect(w.messenger.sent.map((m) => [m.kind, m.touser])).toEqual([['urge', furong.principal]]);

  // the circular's annex reads back with its four sheets
  const circular = await w.call(supervisor, 'exportCircular', { format: 'xlsx' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(w.files.exports.get(`export/${circular.fileName}`)!) as unknown as ArrayBuffer);
  expect(wb.getWorksheet('全部任务')!.rowCount).toBe(3 + 32);
  // one row per overdue assignment: as many rows as red assignments
  const overdueSheet = wb.getWorksheet('逾期事项')!;
  expect(overdueSheet.rowCount - 3).toBe(dashboard.counts.red);
  expect(dashboard.counts.red).toBeGreaterThan(0);

  // every step left a trace
  const actions = new Set<string>((await w.call(admin, 'listAudit', { pageSize: 100 })).items.map((e) => e.action));
  for (const a of [
    'confirmImport',
    'createInvite',
    'bind',
    'submitReport',
    'returnReport',
    'requestExtension',
    'approveExtension',
    'urge',
    'exportCircular',
  ]) {
    expect([a, actions.has(a)]).toEqual([a, true]);
  }
});
