/**
 * The task's other units counted (getTask's `others`) and listed on demand (listTaskUnits), against the real store:
 * who gets what in full, that the two answers together are what the caller saw before, and that nothing becomes
 * visible that was not (a part's siblings, another district's parts) through either action.
 */
import type { AssignmentView, TaskDetail } from '../api/contract';
import type { Assignment } from '../model';
import { SPLIT_USERS } from '../testing/split';
import { expectError, useWorld } from '../testing/world';
import { indexTask } from './access';
import { TASK_UNITS_PAGE, unitsPage, type TaskSight } from './taskSight';

const { w, plan, users } = useWorld({
  smallPlan: true,
  users: {
    ...SPLIT_USERS,
    tianxin: ['district-tianxin', 'contact', '天心联络员'],
    viewer: ['city-youhua', 'viewer', '陈领导'],
  },
});

const ids = (xs: { id: string }[]) => xs.map((a) => a.id).sort();

/** 芙蓉区 splits its t1 assignment to 区发改局 and 定王台街道. */
async function splitT1(): Promise<{ fagai: string; dwt: string }> {
  const { parts } = await w.call(users.furong, 'splitAssignment', {
    assignmentId: plan.a['t1:district-furong'],
    parts: [{ unitId: 'furong-fagai' }, { unitId: 'furong-dingwangtai' }],
  });
  return { fagai: parts[0].id, dwt: parts[1].id };
}

/** Every page of listTaskUnits. */
async function listAll(user: (typeof users)['furong'], taskId: string): Promise<AssignmentView[]> {
  const out: AssignmentView[] = [];
  let after: string | undefined;
  do {
    const page = await w.call(user, 'listTaskUnits', { taskId, ...(after ? { after } : {}) });
    out.push(...page.assignments);
    after = page.next ?? undefined;
  } while (after);
  return out;
}

describe('getTask for a contact outside the lead unit: its own in full, the other units counted', () => {
  it('lists its own assignment and the lead unit’s, counts the other eight by light and names the first three', async () => {
    const lead = await w.call(users.bianban, 'getTask', { taskId: 't1' });
    const d = await w.call(users.furong, 'getTask', { taskId: 't1' });
    expect(d.assignments.map((a) => [a.unitId, a.role])).toEqual([
      ['city-bianban', 'lead'],
      ['district-furong', 'responsible'],
    ]);
    const rest = lead.assignments.filter((a) => !d.assignments.some((x) => x.id === a.id));
    expect(rest).toHaveLength(8);
    const lights = { red: 0, yellow: 0, green: 0, done: 0 };
    for (const a of rest) lights[a.light]++;
    expect(d.others).toEqual({ count: 8, lights, names: rest.slice(0, 3).map((a) => a.unitName) });
    // the task's light is the whole task's, as the lead unit sees it
    expect(d.task.light).toBe(lead.task.light);
    // on demand: the same eight, as the lead unit's views of them, in the same order
    const listed = await w.call(users.furong, 'listTaskUnits', { taskId: 't1' });
    expect(listed).toEqual({ assignments: rest, next: null });
  });

  it('the lead unit, supervisors, admins and viewers get every assignment in full, and nothing on demand', async () => {
    for (const user of [users.bianban, users.city, users.viewer]) {
      const d: TaskDetail = await w.call(user, 'getTask', { taskId: 't1' });
      expect([user.name, d.assignments.length, d.others]).toEqual([user.name, 10, null]);
      expect(await w.call(user, 'listTaskUnits', { taskId: 't1' })).toEqual({ assignments: [], next: null });
    }
  });

  it('a task the caller would see whole in a few more lines is listed in full (t3: three units)', async () => {
    const d = await w.call(users.furong, 'getTask', { taskId: 't3' });
    expect(d.others).toBeNull();
    expect(await w.call(users.furong, 'listTaskUnits', { taskId: 't3' })).toEqual({ assignments: [], next: null });
  });

  it('the splitting unit gets its parts in full; the lead unit’s rollup of another district shows, its parts never', async () => {
    const { fagai, dwt } = await splitT1();
    const furong = await w.call(users.furong, 'getTask', { taskId: 't1' });
    expect(furong.assignments.slice(0, 2).map((a) => a.id)).toEqual([
      plan.a['t1:city-bianban'],
      plan.a['t1:district-furong'],
    ]);
    expect(ids(furong.assignments.slice(2))).toEqual([fagai, dwt].sort());
    expect(furong.others?.count).toBe(8);
    // another district: 芙蓉区 counted and listed with its rollup, as before, and none of its parts
    const tianxin = await w.call(users.tianxin, 'getTask', { taskId: 't1' });
    expect(tianxin.assignments.some((a) => a.parentId)).toBe(false);
    const listed = await listAll(users.tianxin, 't1');
    expect(listed.some((a) => a.parentId)).toBe(false);
    expect(listed.find((a) => a.id === plan.a['t1:district-furong'])?.rollup).toEqual({
      done: 0,
      total: 2,
      worstOpen: expect.any(String),
    });
  });

  it('a part’s contact sees its part, what it came down from and the lead; never its sibling, through either action', async () => {
    const { fagai, dwt } = await splitT1();
    const d = await w.call(users.fagai, 'getTask', { taskId: 't1' });
    expect(d.assignments.map((a) => a.id)).toEqual([plan.a['t1:city-bianban'], plan.a['t1:district-furong'], fagai]);
    const listed = await listAll(users.fagai, 't1');
    expect(listed.some((a) => a.id === dwt || a.parentId)).toBe(false);
    // together: the table's ten and its own part, exactly what getTask listed before the summary
    const table = await w.call(users.bianban, 'getTask', { taskId: 't1' });
    expect([...d.assignments, ...listed].map((a) => a.id).sort()).toEqual([...ids(table.assignments), fagai].sort());
    expect(d.others?.count).toBe(listed.length);
  });

  it('refuses as getTask does: no task id, an unknown task, a contact whose unit has no part, a bad cursor', async () => {
    await expectError(w.call(users.furong, 'listTaskUnits', {}), 'BAD_INPUT');
    await expectError(w.call(users.furong, 'listTaskUnits', { taskId: 'nope' }), 'NOT_FOUND');
    await expectError(w.call(users.tianxin, 'listTaskUnits', { taskId: 't2' }), 'FORBIDDEN');
    await expectError(w.call(users.furong, 'listTaskUnits', { taskId: 't1', after: '' }), 'BAD_INPUT');
    // a cursor that is not one of the list's (the list changed since): nothing, not the list again
    expect(await w.call(users.furong, 'listTaskUnits', { taskId: 't1', after: 'gone' })).toEqual({
      assignments: [],
      next: null,
    });
  });
});

describe('unitsPage', () => {
  const a = (i: number): Assignment => ({
    id: `a${String(i).padStart(3, '0')}`,
    taskId: 't',
    unitId: `u${i}`,
    role: 'responsible',
    status: 'assigned',
    dueDate: '2026-06-30',
    originalDueDate: '2026-06-30',
    acknowledgedAt: null,
    closedAt: null,
    lastReportAt: null,
    percent: null,
  });

  it('pages the counted assignments in order, each page after the last id of the one before', () => {
    const counted = Array.from({ length: TASK_UNITS_PAGE * 2 + 20 }, (_, i) => a(i));
    const sight = { counted, index: indexTask(counted) } as unknown as TaskSight;
    const names = new Map(counted.map((x) => [x.unitId, `单位${x.unitId}`]));
    const now = '2026-03-01T02:00:00.000Z';
    const seen: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const page = unitsPage(sight, after, names, now, 7);
      sizes.push(page.assignments.length);
      seen.push(...page.assignments.map((x) => x.id));
      after = page.next ?? undefined;
    } while (after);
    expect(sizes).toEqual([TASK_UNITS_PAGE, TASK_UNITS_PAGE, 20]);
    expect(seen).toEqual(counted.map((x) => x.id));
  });
});
