import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { supervisor },
} = useWorld({ smallPlan: true, users: { supervisor: ['city-ducha', 'supervisor'] } });

describe('dashboard', () => {
  it('counts assignments by light, by stage and by unit, most overdue units first', async () => {
    await w.store.updateAssignment(plan.a['t3:city-bianban'], { status: 'closed' });
    const d = await w.call(supervisor, 'dashboard', {});
    // t1: 10 green; t2: 3 red; t3: 1 yellow + 1 done
    expect(d.counts).toEqual({ green: 10, yellow: 1, red: 3, done: 1, total: 15 });
    expect(d.byStage).toEqual([
      { stage: '建设平台', counts: { green: 10, yellow: 0, red: 0, done: 0, total: 10 } },
      { stage: '梳理事项', counts: { green: 0, yellow: 1, red: 3, done: 1, total: 5 } },
    ]);
    expect(d.byUnit.slice(0, 3).map((u) => [u.unitName, u.counts.red])).toEqual([
      ['芙蓉区人民政府', 1], // also one yellow
      ['市政务服务中心', 1], // nothing done yet
      ['市编办', 1], // one of three done
    ]);
    expect(d.byUnit[0].counts).toMatchObject({ red: 1, yellow: 1, green: 1 });
    expect(d.generatedAt).toBe(w.clock.now());
  });

  it('lists what falls due this week (Beijing days 0–6) and the overdue assignments, most overdue first', async () => {
    const d = await w.call(supervisor, 'dashboard', {});
    expect(d.dueThisWeek.map((r) => [r.taskId, r.unitName, r.daysLeft, r.light])).toEqual([
      ['t3', '市编办', 3, 'yellow'],
      ['t3', '芙蓉区人民政府', 3, 'yellow'],
    ]);
    expect(d.overdue.map((r) => [r.taskId, r.role, r.daysLeft])).toEqual([
      ['t2', 'lead', -3],
      ['t2', 'responsible', -3],
      ['t2', 'responsible', -3],
    ]);
    // each task the rows name comes once, in table order
    expect(d.tasks.map((t) => [t.taskId, t.seq])).toEqual([
      ['t2', 2],
      ['t3', 3],
    ]);
    expect(d.tasks[0].content).toBe(plan.tasks.t2.content);
    // late at night Beijing time the calendar day is already the next one
    w.clock.set('2026-03-16T16:30:00.000Z'); // 2026-03-17 00:30 Beijing
    const later = await w.call(supervisor, 'dashboard', {});
    expect(later.dueThisWeek).toEqual([]);
    expect(later.overdue.filter((r) => r.taskId === 't3')).toHaveLength(2);
  });

  it('refuses a malformed payload and a contact', async () => {
    await expectError(w.call(supervisor, 'dashboard', 7), 'BAD_INPUT');
    const contact = await w.addUser('district-furong', 'contact');
    await expectError(w.call(contact, 'dashboard', {}), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'lightTotals');
    await expectError(w.call(supervisor, 'dashboard', {}), 'INTERNAL');
  });

  it('gives units with equal overdue counts the same rank, counts the whole week, and shows urges on overdue rows', async () => {
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' });
    const d = await w.call(supervisor, 'dashboard', {});
    // 芙蓉区, 市政务服务中心, 市编办 each have one overdue: all rank 1; the next (no overdue) ranks 4
    expect(d.byUnit.slice(0, 4).map((u) => [u.counts.red, u.rank])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [0, 4],
    ]);
    expect(d.dueThisWeekCount).toBe(2);
    const furong = d.overdue.find((r) => r.assignmentId === plan.a['t2:district-furong']);
    expect(furong?.urges).toEqual({ count: 1, lastAt: w.clock.now(), unread: 1 });
    expect(d.overdue.find((r) => r.assignmentId === plan.a['t2:city-zwfw'])?.urges).toBeNull();
  });

  it('reads the directory once, the missed-report counts included (on CloudBase each read is requests)', async () => {
    await w.store.saveSettings({ ...(await w.store.getSettings()), periodicReportDay: 25 });
    w.clock.advanceDays(40); // a month's report day has passed since the import, with no report: every unit missed it
    const read = jest.spyOn(w.store, 'listUnits');
    const d = await w.call(supervisor, 'dashboard', {});
    expect(d.missedReports.periods.length).toBeGreaterThan(0);
    expect(d.missedReports.units.every((u) => u.unitName !== '')).toBe(true);
    expect(read).toHaveBeenCalledTimes(1);
    read.mockRestore();
  });
});
