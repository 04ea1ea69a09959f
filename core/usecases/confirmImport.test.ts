import { seedTableText } from '../../data';
import { breakStore, expectError, makeTestRuntime, type TestWorld, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin', '管理员'] } });

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const UNKNOWN_TABLE =
  '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间\n' +
  '试点\t建设数据中台\t市大数据中心\t芙蓉区人民政府、市数据资源局\t2026年6月\n' +
  '试点\t推进一网通办\t市政务服务中心\t市大数据中心\t2026年9月\n';

async function preview(world: TestWorld, text: string): Promise<string> {
  return (await world.call(admin, 'importPlan', { fileName: 'plan.txt', base64: b64(text) })).previewId;
}

const count = (world: TestWorld, table: 'plans' | 'tasks' | 'assignments') => world.rows(table);

describe('confirmImport', () => {
  it('writes the seed table as a plan, 32 tasks and one assignment per unit', async () => {
    const previewId = await preview(w, seedTableText());
    const result = await w.call(admin, 'confirmImport', { previewId });
    expect(result).toMatchObject({ tasks: 32, duplicate: false });
    expect(count(w, 'tasks')).toBe(32);
    expect(count(w, 'assignments')).toBe(result.assignments);
    const first = (await w.store.listTasks({ offset: 0, limit: 1 })).items[0];
    // a task given to 区县（市）人民政府 reaches each of the nine governments
    const assignments = await w.store.listAssignmentsOfTask(first.id);
    expect(assignments.filter((a) => a.unitId.startsWith('district-'))).toHaveLength(9);
    expect(assignments[0]).toMatchObject({
      unitId: 'city-zwfw',
      role: 'lead',
      status: 'assigned',
      dueDate: '2018-04-30',
    });
    // 市直各相关单位 and 各相关区县（市）人民政府: both may be narrowed for this task
    expect(first.relevantGroupIds).toEqual(['group-city', 'group-districts']);
    expect((await w.call(admin, 'listAudit', {})).items[0]).toMatchObject({
      action: 'confirmImport',
      actorName: '管理员',
    });
  });

  it('importing the seed twice does not duplicate it', async () => {
    const first = await w.call(admin, 'confirmImport', { previewId: await preview(w, seedTableText()) });
    const secondPreview = await w.call(admin, 'importPlan', { fileName: 'again.txt', base64: b64(seedTableText()) });
    expect(secondPreview.duplicateOfPlanId).toBe(first.planId);
    const second = await w.call(admin, 'confirmImport', { previewId: secondPreview.previewId });
    expect(second).toEqual({ planId: first.planId, tasks: 0, assignments: 0, duplicate: true });
    expect(count(w, 'plans')).toBe(1);
    expect(count(w, 'tasks')).toBe(32);
    // confirming the same preview twice is harmless too
    expect((await w.call(admin, 'confirmImport', { previewId: secondPreview.previewId })).duplicate).toBe(true);
  });

  it('maps unknown units to existing ones, or creates them when asked', async () => {
    const previewId = await preview(w, UNKNOWN_TABLE);
    const mapped = await w.call(admin, 'confirmImport', {
      previewId,
      unitMappings: { 市大数据中心: 'city-dzzw' },
      createUnknown: true,
    });
    expect(mapped.assignments).toBe(5);
    const created = (await w.store.listUnits()).find((u) => u.name === '市数据资源局');
    expect(created).toMatchObject({ kind: 'other' });
    expect((await w.store.listUnits()).find((u) => u.name === '市大数据中心')).toBeUndefined();
    const units = (await w.store.listAssignments({}, { offset: 0, limit: 100 })).items.map((i) => i.assignment.unitId);
    expect(units.filter((u) => u === 'city-dzzw')).toHaveLength(2);
    // the mapping is remembered: the next table naming 市大数据中心 resolves it without asking
    expect((await w.store.getUnit('city-dzzw'))?.aliases).toContain('市大数据中心');
    const next = await w.call(admin, 'importPlan', {
      fileName: 'next.txt',
      base64: b64('工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间\n试点\t数据共享\t市大数据中心\t\t2026年12月\n'),
    });
    expect(next.unknownUnits).toEqual([]);
    expect(next.tasks[0].lead).toEqual(['市电子政务办']);
  });

  it('refuses to drop an unknown unit silently, and a mapping to a unit that does not exist', async () => {
    const previewId = await preview(w, UNKNOWN_TABLE);
    const err = await expectError(w.call(admin, 'confirmImport', { previewId }), 'BAD_INPUT');
    expect(err.message).toContain('市大数据中心');
    expect(err.detail?.unknownUnits).toEqual(['市大数据中心', '市数据资源局']);
    await expectError(
      w.call(admin, 'confirmImport', { previewId, unitMappings: { 市大数据中心: 'nope' }, createUnknown: true }),
      'BAD_INPUT',
    );
    expect(count(w, 'plans')).toBe(0);
    await expectError(w.call(admin, 'confirmImport', {}), 'BAD_INPUT');
    await expectError(w.call(admin, 'confirmImport', { previewId: 'nope' }), 'NOT_FOUND');
  });

  it('a crash in the middle of the import leaves nothing written', async () => {
    let crash = false;
    const fragile = await makeTestRuntime({
      store: {
        onImportRow: (kind, i) => {
          if (crash && kind === 'assignment' && i === 200) throw new Error('power cut');
        },
      },
    });
    try {
      const boss = await fragile.addUser('city-ducha', 'admin');
      const seed = await fragile.call(boss, 'importPlan', { fileName: 's.txt', base64: b64(seedTableText()) });
      crash = true;
      await expectError(fragile.call(boss, 'confirmImport', { previewId: seed.previewId }), 'INTERNAL');
      expect([count(fragile, 'plans'), count(fragile, 'tasks'), count(fragile, 'assignments')]).toEqual([0, 0, 0]);
      expect((await fragile.store.listAudit({ offset: 0, limit: 100 })).items.map((e) => e.action)).not.toContain(
        'confirmImport',
      );
      crash = false;
      const done = await fragile.call(boss, 'confirmImport', { previewId: seed.previewId });
      expect(done.tasks).toBe(32);
    } finally {
      fragile.close();
    }
  });

  it('a store failure is an internal error', async () => {
    const previewId = await preview(w, seedTableText());
    breakStore(w, 'importPlan');
    await expectError(w.call(admin, 'confirmImport', { previewId }), 'INTERNAL');
    expect(count(w, 'plans')).toBe(0);
  });
});
