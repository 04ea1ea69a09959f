/**
 * The reporting cycle (定期报送) and leaders' instructions (领导批示) against the real store: setting cycles, in /
 * late / missing per period across month and year ends in Beijing time, 本期无新进展 in one tap, the reminders
 * before the due day and the note after a missed one (each once), 批示 shown, notified and acted on (落实).
 */
import { DEFAULT_SETTINGS, type User } from '../model';
import { runReminderPass } from '../remind/pass';
import { expectError, useWorld } from '../testing/world';
import { beijingInstant } from '../time';
import { missedThisPeriod, openInstructions } from './cycles';
import { NO_CHANGE_TEXT } from './submitReport';

const T = (id: string) => ({
  templateId: id,
  fields: [
    { key: 'thing1', value: 'task' },
    { key: 'phrase2', value: 'status' },
    { key: 'thing3', value: 'note' },
    { key: 'date4', value: 'due' },
  ],
});

const {
  w,
  plan,
  users: { admin, supervisor, viewer, furong, tianxin, bianban },
} = useWorld({
  smallPlan: true,
  users: {
    admin: ['city-ducha', 'admin', '王管理'],
    supervisor: ['city-ducha', 'supervisor', '李督查'],
    viewer: ['city-ducha', 'viewer', '陈领导'],
    furong: ['district-furong', 'contact', '刘联络'],
    tianxin: ['district-tianxin', 'contact', '天心联络员'],
    bianban: ['city-bianban', 'contact', '编办联络员'],
  },
});

let seq = 0;
async function reportAt(user: User, assignmentId: string, at: string, extra: Record<string, unknown> = {}) {
  w.clock.set(at);
  return w.call(user, 'submitReport', { assignmentId, requestId: `r${++seq}`, text: '推进中', ...extra });
}

const monthly = (day: number, start: string, end: string | null = null) => ({
  planId: plan.planId,
  rule: { every: 'month' as const, day },
  start,
  end,
});

describe('setting a cycle', () => {
  it('an admin sets one per plan, stage or task; setting it again replaces it; the settings page lists them', async () => {
    const first = await w.call(admin, 'setCycle', monthly(28, '2026-01-01'));
    expect(first).toMatchObject({ ruleText: '每月28日前', planTitle: '测试方案', stage: null, taskId: null });
    const again = await w.call(admin, 'setCycle', monthly(25, '2026-01-01'));
    expect(again.id).toBe(first.id);
    await w.call(admin, 'setCycle', {
      planId: plan.planId,
      taskId: 't2',
      rule: { every: 'week', weekday: 5 },
      start: '2026-03-01',
      end: '2026-06-30',
    });
    const listed = await w.call(supervisor, 'listCycles', {});
    expect(listed.cycles.map((c) => [c.ruleText, c.taskLabel !== null])).toEqual([
      ['每月25日前', false],
      ['每周五', true],
    ]);
    expect(listed.plans[0]).toMatchObject({ id: plan.planId, title: '测试方案' });
    await w.call(admin, 'removeCycle', { cycleId: first.id });
    expect((await w.store.getSettings()).cycles).toHaveLength(1);
    const audit = await w.call(admin, 'listAudit', {});
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['setCycle', 'removeCycle']));
  });

  it('refuses an end before the start, an unknown plan or task, and anyone but an admin', async () => {
    await expectError(w.call(admin, 'setCycle', monthly(28, '2026-05-01', '2026-04-01')), 'BAD_INPUT');
    await expectError(w.call(admin, 'setCycle', { ...monthly(28, '2026-05-01'), planId: 'nope' }), 'NOT_FOUND');
    await expectError(w.call(admin, 'setCycle', { ...monthly(28, '2026-05-01'), taskId: 'nope' }), 'NOT_FOUND');
    await expectError(
      w.call(admin, 'setCycle', { ...monthly(28, '2026-05-01'), rule: { every: 'month', day: 32 } }),
      'BAD_INPUT',
    );
    await expectError(w.call(supervisor, 'setCycle', monthly(28, '2026-05-01')), 'FORBIDDEN');
    await expectError(w.call(furong, 'listCycles', {}), 'FORBIDDEN');
  });
});

describe("a task's own cycle, on the task page", () => {
  it('the lead unit sets, changes and removes it; the page says which cycle is in force and where it comes from', async () => {
    w.clock.set(beijingInstant('2026-03-10', 10));
    await w.call(admin, 'setCycle', monthly(28, '2026-01-01'));
    // 市编办 leads t1: a contact of it sees the plan's cycle and may set the task's own
    const before = await w.call(bianban, 'getTask', { taskId: 't1' });
    expect(before.cycle).toMatchObject({ ruleText: '每月28日前', source: 'plan', due: '2026-03-28' });
    expect(before.ownCycle).toBeNull();
    expect(before.can.setCycle).toBe(true);
    const own = await w.call(bianban, 'setCycle', {
      taskId: 't1',
      rule: { every: 'week', weekday: 5 },
      start: '2026-03-01',
    });
    expect(own).toMatchObject({ planId: plan.planId, taskId: 't1', ruleText: '每周五' });
    // a contact of a responsible unit sees the task's own cycle and this period's due day, and may not change it
    const seen = await w.call(furong, 'getTask', { taskId: 't1' });
    expect(seen.cycle).toMatchObject({ ruleText: '每周五', source: 'task', due: '2026-03-13', mine: 'pending' });
    expect(seen.ownCycle).toMatchObject({ id: own.id, ruleText: '每周五' });
    expect(seen.can.setCycle).toBe(false);
    await expectError(
      w.call(furong, 'setCycle', { taskId: 't1', rule: { every: 'week', weekday: 1 }, start: '2026-03-01' }),
      'FORBIDDEN',
    );
    // changing it keeps its id; an admin may too; a lead unit may not touch the plan's cycle
    const changed = await w.call(bianban, 'setCycle', {
      taskId: 't1',
      rule: { every: 'month', day: 15 },
      start: '2026-03-01',
    });
    expect(changed.id).toBe(own.id);
    const planCycle = (await w.store.getSettings()).cycles.find((c) => c.taskId === null)!;
    await expectError(w.call(bianban, 'removeCycle', { cycleId: planCycle.id }), 'FORBIDDEN');
    await expectError(w.call(bianban, 'setCycle', monthly(20, '2026-01-01')), 'FORBIDDEN');
    expect((await w.call(admin, 'getTask', { taskId: 't1' })).can.setCycle).toBe(true);
    // removed: the plan's cycle is in force again
    await w.call(bianban, 'removeCycle', { cycleId: own.id });
    const after = await w.call(furong, 'getTask', { taskId: 't1' });
    expect(after.cycle).toMatchObject({ source: 'plan', ruleText: '每月28日前' });
    expect(after.ownCycle).toBeNull();
    // the settings' report day is the default
    await w.call(admin, 'removeCycle', { cycleId: planCycle.id });
    await w.store.saveSettings({ ...(await w.store.getSettings()), periodicReportDay: 25 });
    expect((await w.call(furong, 'getTask', { taskId: 't1' })).cycle).toMatchObject({ source: 'default' });
  });
});

describe('in / late / missing', () => {
  it('judges the last period due for each open assignment, on the Beijing calendar', async () => {
    await w.call(admin, 'setCycle', monthly(20, '2026-03-01'));
    await reportAt(furong, plan.a['t3:district-furong'], beijingInstant('2026-03-15', 10)); // in
    await reportAt(furong, plan.a['t2:district-furong'], beijingInstant('2026-03-25', 10)); // late
    await reportAt(bianban, plan.a['t2:city-bianban'], beijingInstant('2026-03-20', 23, 30)); // in, just
    await reportAt(tianxin, plan.a['t1:district-tianxin'], beijingInstant('2026-04-01', 9)); // April's, so March missing
    const rows = await missedThisPeriod(w.rt, { now: beijingInstant('2026-04-02', 10) });
    const of = (key: string) => rows.find((r) => r.assignmentId === plan.a[key]);
    expect(of('t3:district-furong')).toBeUndefined();
    expect(of('t2:city-bianban')).toBeUndefined();
    expect(of('t2:district-furong')).toMatchObject({ status: 'late', periodName: '2026年3月', due: '2026-03-20' });
    expect(of('t1:district-tianxin')).toMatchObject({ status: 'missing', unitName: '天心区人民政府' });
    expect(of('t1:district-furong')).toMatchObject({ status: 'missing' });
    // the dashboard shows the same rows
    const dash = await w.call(viewer, 'dashboard', {});
    expect(dash.missedReports.total).toBe(rows.length);
    // counted by the period judged: the same rows (the rows themselves are the circular's)
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    expect(dash.missedReports.periods).toEqual([
      { periodName: '2026年3月', due: '2026-03-20', missing: count('missing'), late: count('late') },
    ]);
    expect(count('late')).toBe(1);
    expect(dash).not.toHaveProperty('missedReports.rows');
    // per unit: 芙蓉区 missed t1 and was late on t2
    expect(dash.missedReports.units.find((u) => u.unitId === 'district-furong')).toEqual({
      unitId: 'district-furong',
      unitName: '芙蓉区人民政府',
      missing: 1,
      late: 1,
    });
    // the unit page marks 本期未报送 where nothing came since the period began (t1); a late report (t2) is not
    // "missing", and one in time (t3) is in
    w.clock.set(beijingInstant('2026-04-02', 10));
    const page = await w.call(supervisor, 'unitOverview', { unitId: 'district-furong' });
    const row = (key: string) => page.assignments.find((a) => a.assignmentId === plan.a[key]);
    expect(row('t1:district-furong')?.missedPeriod).toEqual({ periodName: '2026年3月', due: '2026-03-20' });
    expect(row('t2:district-furong')?.missedPeriod).toBeNull();
    expect(row('t3:district-furong')?.missedPeriod).toBeNull();
    expect(page.missedCount).toBe(page.assignments.filter((a) => a.missedPeriod).length);
    expect(page.missedCount).toBeGreaterThan(0);
    // on the due day itself nobody has missed March yet: the period judged is February, before the cycle began
    expect(await missedThisPeriod(w.rt, { now: beijingInstant('2026-03-20', 18) })).toEqual([]);
    w.clock.set(beijingInstant('2026-03-20', 18));
    expect((await w.call(supervisor, 'unitOverview', { unitId: 'district-furong' })).missedCount).toBe(0);
  });

  it('across a year end: a report at 23:30 Beijing on the due day is in, at 00:30 the next day late', async () => {
    w.clock.set(beijingInstant('2026-12-01', 9));
    await w.call(admin, 'setCycle', monthly(28, '2026-12-01'));
    await reportAt(furong, plan.a['t3:district-furong'], '2026-12-28T15:30:00.000Z');
    await reportAt(furong, plan.a['t2:district-furong'], '2026-12-28T16:30:00.000Z');
    const rows = await missedThisPeriod(w.rt, { now: beijingInstant('2027-01-02', 10) });
    expect(rows.find((r) => r.assignmentId === plan.a['t3:district-furong'])).toBeUndefined();
    expect(rows.find((r) => r.assignmentId === plan.a['t2:district-furong'])).toMatchObject({
      status: 'late',
      periodName: '2026年12月',
    });
    // a weekly cycle on one task: the week of 2026-12-28 is due on Friday 2027-01-01
    await w.call(admin, 'setCycle', { ...monthly(1, '2026-12-01'), taskId: 't1', rule: { every: 'week', weekday: 5 } });
    const weekly = await missedThisPeriod(w.rt, { now: beijingInstant('2027-01-02', 10) });
    expect(weekly.find((r) => r.assignmentId === plan.a['t1:district-furong'])).toMatchObject({
      status: 'missing',
      due: '2027-01-01',
    });
  });
});

describe('本期无新进展 in one tap', () => {
  it('counts as the period’s report, reads as what it is, and carries nothing else', async () => {
    await w.call(admin, 'setCycle', monthly(28, '2026-01-01'));
    const before = await w.call(furong, 'listMyTasks', {});
    const card = before.items.find((c) => c.assignmentId === plan.a['t3:district-furong'])!;
    expect(card.reportDue).toEqual({ periodName: '2026年3月', due: '2026-03-28' });
    expect((await w.call(furong, 'getTask', { taskId: 't3' })).can.reportNoChange).toBe(true);

    const { report } = await w.call(furong, 'submitReport', {
      assignmentId: card.assignmentId,
      requestId: 'nochange-1',
      text: '（一键）',
      kind: 'noChange',
    });
    expect(report).toMatchObject({ kind: 'noChange', text: NO_CHANGE_TEXT, photos: [], percent: null });
    const after = await w.call(furong, 'listMyTasks', {});
    expect(after.items.find((c) => c.assignmentId === card.assignmentId)!.reportDue).toBeNull();
    const detail = await w.call(bianban, 'getTask', { taskId: 't3' }); // the lead unit, reviewing
    expect(detail.reports[0]).toMatchObject({ kind: 'noChange', text: NO_CHANGE_TEXT });
    expect((await w.call(furong, 'getTask', { taskId: 't3' })).cycle).toMatchObject({
      ruleText: '每月28日前',
      mine: 'in',
    });
    await expectError(
      w.call(furong, 'submitReport', {
        assignmentId: card.assignmentId,
        requestId: 'nochange-2',
        text: 'x',
        kind: 'noChange',
        claimDone: true,
      }),
      'BAD_INPUT',
    );
  });

  it('rankings do not score the number of reports', async () => {
    const ranking = async () => (await w.call(supervisor, 'dashboard', {})).byUnit.map((u) => u.unitId);
    const first = await ranking();
    for (let i = 0; i < 5; i++) await reportAt(tianxin, plan.a['t1:district-tianxin'], w.clock.now());
    expect(await ranking()).toEqual(first);
  });
});

describe('reminders before the due day and the note after a missed one', () => {
  it('each goes once to each contact, and not to a unit that reported', async () => {
    await w.store.saveSettings({
      ...(await w.store.getSettings()),
      templates: { periodic: T('TMPL-PERIODIC') },
      longTermTemplates: true,
    });
    w.clock.set(beijingInstant('2026-03-01', 9));
    await w.call(admin, 'setCycle', monthly(20, '2026-03-01'));
    const pass = (day: string) =>
      runReminderPass({ reminders: w.reminders, messenger: w.messenger }, { now: beijingInstant(day, 10) });
    await reportAt(furong, plan.a['t3:district-furong'], beijingInstant('2026-03-05', 10));

    await pass('2026-03-16'); // 4 days before: nothing yet
    expect(w.messenger.sent).toHaveLength(0);
    await pass('2026-03-17');
    await pass('2026-03-18');
    const before = w.messenger.sent.filter((m) => m.key.startsWith('periodic:'));
    expect(before.some((m) => m.key.startsWith(`periodic:${plan.a['t3:district-furong']}:`))).toBe(false);
    expect(before.filter((m) => m.key.startsWith(`periodic:${plan.a['t2:district-furong']}:2026-03-20:`))).toHaveLength(
      1,
    );
    expect(new Set(before.map((m) => m.key)).size).toBe(before.length);

    await pass('2026-03-21');
    await pass('2026-03-22');
    const missed = w.messenger.sent.filter((m) => m.key.startsWith('missed:'));
    const furongMissed = missed.filter((m) => m.key.includes(plan.a['t2:district-furong']));
    expect(furongMissed).toHaveLength(1);
    expect(furongMissed[0].data.phrase2.value).toBe('逾期未报');
    expect(furongMissed[0].data.thing3.value).toContain('补报');
    expect(missed.some((m) => m.key.includes(plan.a['t3:district-furong']))).toBe(false);
    expect(new Set(missed.map((m) => m.key)).size).toBe(missed.length);
  });
});

describe('领导批示', () => {
  it('a viewer writes one on a task: every unit sees it at the top, its contacts are told, units record 落实', async () => {
    await w.store.saveSettings({
      ...DEFAULT_SETTINGS,
      templates: { instruction: T('TMPL-INSTR') },
      longTermTemplates: true,
    });
    const written = await w.call(viewer, 'writeInstruction', { taskId: 't2', text: '请加快进度，月底前见成效' });
    expect(written).toMatchObject({ leaderName: '陈领导', assignmentId: null, acted: false });
    expect(written.units.map((u) => u.unitName).sort()).toEqual(['市政务服务中心', '市编办', '芙蓉区人民政府'].sort());

    const seen = await w.call(furong, 'getTask', { taskId: 't2' });
    expect(seen.instructions).toHaveLength(1);
    expect(seen.instructions[0]).toMatchObject({ text: '请加快进度，月底前见成效', leaderName: '陈领导' });
    expect(seen.instructions[0].units.map((u) => u.unitName)).toEqual(['芙蓉区人民政府']);

    await runReminderPass({ reminders: w.reminders, messenger: w.messenger }, { now: w.clock.now() });
    const told = w.messenger.sent.filter((m) => m.kind === 'instruction');
    expect(told.some((m) => m.key.startsWith(`instruction:${plan.a['t2:district-furong']}:${written.id}:`))).toBe(true);
    expect(told[0].data.phrase2.value).toBe('新批示');

    const { report } = await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'followup-1',
      text: '已按批示召开专题会，正在落实',
      kind: 'followUp',
      instructionId: written.id,
    });
    expect(report).toMatchObject({ kind: 'followUp', instructionId: written.id });
    const forSupervisor = await w.call(supervisor, 'getTask', { taskId: 't2' });
    const units = forSupervisor.instructions[0].units;
    expect(units.find((u) => u.unitName === '芙蓉区人民政府')!.actedAt).not.toBeNull();
    expect(forSupervisor.instructions[0].acted).toBe(false);
    expect((await w.call(supervisor, 'dashboard', {})).openInstructions.total).toBe(1);

    for (const [user, unit] of [
      [bianban, 'city-bianban'],
      [await w.addUser('city-zwfw', 'contact'), 'city-zwfw'],
    ] as const) {
      await w.call(user, 'submitReport', {
        assignmentId: plan.a[`t2:${unit}`],
        requestId: `followup-${unit}`,
        text: '已落实',
        kind: 'followUp',
        instructionId: written.id,
      });
    }
    expect((await openInstructions(w.rt)).total).toBe(0);
    expect((await w.call(supervisor, 'getTask', { taskId: 't2' })).instructions[0].acted).toBe(true);
  });

  it('one on a unit’s assignment concerns that unit only; other units do not see it', async () => {
    const written = await w.call(supervisor, 'writeInstruction', {
      taskId: 't1',
      assignmentId: plan.a['t1:district-furong'],
      text: '芙蓉区要拿出具体措施',
      leaderName: '陈市长',
    });
    expect(written).toMatchObject({ unitName: '芙蓉区人民政府', leaderName: '陈市长' });
    expect(written.units).toHaveLength(1);
    expect((await w.call(furong, 'getTask', { taskId: 't1' })).instructions).toHaveLength(1);
    expect((await w.call(tianxin, 'getTask', { taskId: 't1' })).instructions).toHaveLength(0);
    // 落实 only on the assignment it names
    await expectError(
      w.call(tianxin, 'submitReport', {
        assignmentId: plan.a['t1:district-tianxin'],
        requestId: 'f',
        text: '落实',
        kind: 'followUp',
        instructionId: written.id,
      }),
      'NOT_FOUND',
    );
  });

  it('refuses contacts and admins, a risky text, an assignment of another task, and an empty leader name', async () => {
    await expectError(w.call(furong, 'writeInstruction', { taskId: 't1', text: '批示' }), 'FORBIDDEN');
    await expectError(w.call(admin, 'writeInstruction', { taskId: 't1', text: '批示' }), 'FORBIDDEN');
    w.contentCheck.say('违禁', 'risky');
    await expectError(w.call(viewer, 'writeInstruction', { taskId: 't1', text: '含违禁词' }), 'CONTENT_REJECTED');
    await expectError(
      w.call(viewer, 'writeInstruction', { taskId: 't1', assignmentId: plan.a['t2:district-furong'], text: '批示' }),
      'NOT_FOUND',
    );
    await expectError(
      w.call(viewer, 'writeInstruction', { taskId: 't1', text: '批示', leaderName: '  ' }),
      'BAD_INPUT',
    );
    await expectError(
      w.call(furong, 'submitReport', {
        assignmentId: plan.a['t1:district-furong'],
        requestId: 'f2',
        text: '落实',
        kind: 'followUp',
      }),
      'BAD_INPUT',
    );
  });
});

describe('the Word circular', () => {
  /** The text of the last exported .docx body, paragraph by paragraph. */
  async function circularText(): Promise<string> {
    const { default: JSZip } = await import('jszip');
    const bytes = [...w.files.exports.entries()].filter(([name]) => name.endsWith('.docx')).pop()![1];
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
  }

  it('states the period’s reporting, lists the units that missed it and the 批示 not yet acted on', async () => {
    await w.call(admin, 'setCycle', monthly(20, '2026-03-01'));
    await reportAt(furong, plan.a['t3:district-furong'], beijingInstant('2026-03-15', 10));
    w.clock.set(beijingInstant('2026-04-02', 9));
    await w.call(viewer, 'writeInstruction', { taskId: 't2', text: '请加快进度，月底前见成效' });
    w.clock.set(beijingInstant('2026-04-02', 10));
    const rows = await missedThisPeriod(w.rt, { now: w.clock.now() });
    const units = new Set(rows.map((r) => r.unitName));
    expect(units.size).toBeGreaterThan(0);
    await w.call(supervisor, 'exportCircular', {});
    const text = await circularText();
    expect(text).toMatch(/本期应报送\d+个单位，未按时报送(\d+)个/);
    expect(Number(/未按时报送(\d+)个/.exec(text)![1])).toBe(units.size);
    for (const name of units) expect(text).toContain(name);
    expect(text).toContain('请加快进度，月底前见成效');
    expect(text).toContain('陈领导');
    expect(text).toContain('本期未按时报送单位');
    expect(text).toContain('领导批示');
  });

  it('leaves both sections out when there is no cycle and no 批示', async () => {
    await w.call(supervisor, 'exportCircular', {});
    const text = await circularText();
    expect(text).not.toContain('本期应报送');
    expect(text).not.toContain('批示');
  });
});
