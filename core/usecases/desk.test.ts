/**
 * The supervisor's desk against the real store: listTasks (search, each filter, paging, permissions),
 * unitOverview, inbox.
 */
import { expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { supervisor, viewer, admin, furong, bianban, zwfw, tianxin },
} = useWorld({
  smallPlan: true,
  users: {
    supervisor: ['city-ducha', 'supervisor', '督查室'],
    viewer: ['city-ducha', 'viewer', '领导'],
    admin: ['city-ducha', 'admin', '管理员'],
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    bianban: ['city-bianban', 'contact', '编办联络员'],
    zwfw: ['city-zwfw', 'contact', '政务中心联络员'],
    tianxin: ['district-tianxin', 'contact', '天心联络员'],
  },
});

const seqs = (r: { items: { seq: number }[] }) => r.items.map((i) => i.seq);

describe('listTasks (the whole table)', () => {
  it('lists every task once with its rolled-up light and counts, for supervisors, viewers and admins', async () => {
    for (const who of [supervisor, viewer, admin]) {
      const r = await w.call(who, 'listTasks', {});
      expect(seqs(r)).toEqual([1, 2, 3]);
      expect(r.total).toBe(3);
      expect(r.nextCursor).toBeNull();
    }
    const r = await w.call(supervisor, 'listTasks', {});
    expect(r.items.map((i) => [i.seq, i.light, i.counts])).toEqual([
      [1, 'green', { units: 10, done: 0, overdue: 0, dueSoon: 0 }],
      [2, 'red', { units: 3, done: 0, overdue: 3, dueSoon: 0 }],
      [3, 'yellow', { units: 2, done: 0, overdue: 0, dueSoon: 2 }],
    ]);
    expect(r.items[1]).toMatchObject({ taskId: 't2', stage: '梳理事项', leadNames: ['市政务服务中心'] });
  });

  it('searches content and stage, and filters by stage, plan, lead unit, unit and light', async () => {
    expect(seqs(await w.call(supervisor, 'listTasks', { q: '最多跑一次' }))).toEqual([2]);
    expect(seqs(await w.call(supervisor, 'listTasks', { q: '梳理事项' }))).toEqual([2, 3]);
    expect(seqs(await w.call(supervisor, 'listTasks', { q: '没有这样的任务' }))).toEqual([]);
    expect(seqs(await w.call(supervisor, 'listTasks', { q: '100%_' }))).toEqual([]);
    expect(seqs(await w.call(supervisor, 'listTasks', { stage: '建设平台' }))).toEqual([1]);
    expect(seqs(await w.call(supervisor, 'listTasks', { planId: 'plan-small' }))).toEqual([1, 2, 3]);
    expect(seqs(await w.call(supervisor, 'listTasks', { planId: 'plan-other' }))).toEqual([]);
    expect(seqs(await w.call(supervisor, 'listTasks', { leadUnitId: 'city-bianban' }))).toEqual([1, 3]);
    expect(seqs(await w.call(supervisor, 'listTasks', { unitId: 'district-furong' }))).toEqual([1, 2, 3]);
    expect(seqs(await w.call(supervisor, 'listTasks', { unitId: 'district-tianxin' }))).toEqual([1]);
    expect(seqs(await w.call(supervisor, 'listTasks', { light: 'red' }))).toEqual([2]);
    expect(seqs(await w.call(supervisor, 'listTasks', { light: 'yellow' }))).toEqual([3]);
    expect(seqs(await w.call(supervisor, 'listTasks', { light: 'green' }))).toEqual([1]);
    expect(seqs(await w.call(supervisor, 'listTasks', { light: 'done' }))).toEqual([]);
    // closing every assignment of t3 makes it done
    for (const id of [plan.a['t3:city-bianban'], plan.a['t3:district-furong']]) {
      await w.store.updateAssignment(id, { status: 'closed' });
    }
    const done = await w.call(supervisor, 'listTasks', { light: 'done' });
    expect(done.items.map((i) => [i.seq, i.counts.done])).toEqual([[3, 2]]);
    expect(done.total).toBe(1);
    // combined
    expect(seqs(await w.call(supervisor, 'listTasks', { q: '梳理', light: 'red', unitId: 'city-bianban' }))).toEqual([
      2,
    ]);
  });

  it('pages 20 at a time with a cursor', async () => {
    const tasks = Array.from({ length: 25 }, (_, i) => ({
      id: `p2-${i + 1}`,
      planId: 'plan-two',
      seq: i + 1,
      stage: null,
      content: `第二批任务${i + 1}`,
      deadline: { text: '长期坚持', kind: 'ongoing' as const, start: null, due: null },
      leadNames: [],
      responsibleNames: [],
    }));
    await w.store.importPlan({
      plan: { id: 'plan-two', title: '第二批', fingerprint: 'two', importedAt: w.clock.now(), importedBy: 'test' },
      tasks,
      assignments: [],
      newUnits: [],
      audit: {
        id: 'audit-two',
        at: w.clock.now(),
        actorId: null,
        action: 'confirmImport',
        target: 'plan:plan-two',
        detail: {},
      },
    });
    const first = await w.call(supervisor, 'listTasks', {});
    expect(first.total).toBe(28);
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toBe('20');
    const second = await w.call(supervisor, 'listTasks', { cursor: first.nextCursor! });
    expect(second.items).toHaveLength(8);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((i) => i.taskId)).size).toBe(28);
    // a task without assignments is green; the plan filter and the 未分阶段 stage
    expect(second.items[7]).toMatchObject({ seq: 25, light: 'green', counts: { units: 0 } });
    expect((await w.call(supervisor, 'listTasks', { planId: 'plan-two', q: '任务2' })).total).toBe(7);
    expect((await w.call(supervisor, 'listTasks', { stage: '（未分阶段）' })).total).toBe(25);
  });

  it('a lead unit sees the tasks it leads; a contact of a unit that leads nothing is refused', async () => {
    expect(seqs(await w.call(bianban, 'listTasks', {}))).toEqual([1, 3]);
    expect(seqs(await w.call(zwfw, 'listTasks', {}))).toEqual([2]);
    expect(seqs(await w.call(bianban, 'listTasks', { leadUnitId: 'city-zwfw' }))).toEqual([]);
    await expectError(w.call(tianxin, 'listTasks', {}), 'FORBIDDEN');
    await expectError(w.call(supervisor, 'listTasks', { cursor: 'abc' }), 'BAD_INPUT');
  });
});

describe('unitOverview (a unit’s page)', () => {
  it('shows the unit, its contacts, each assignment with light, latest report, urges and review state', async () => {
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'r1',
      text: '已完成事项清单的梳理工作，正在报送审核。',
      claimDone: true,
    });
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t3:district-furong']], message: '请抓紧' });
    const o = await w.call(supervisor, 'unitOverview', { unitId: 'district-furong' });
    expect(o.unit).toEqual({ id: 'district-furong', name: '芙蓉区人民政府', kind: 'district' });
    expect(o.contacts).toEqual([{ name: '芙蓉联络员', role: 'contact' }]);
    expect(o.assignments.map((a) => [a.seq, a.light, a.pendingReview])).toEqual([
      [2, 'red', true],
      [3, 'yellow', false],
      [1, 'green', false],
    ]);
    expect(o.assignments[0].latestReport).toMatchObject({
      text: '已完成事项清单的梳理工作，正在报送审核。',
      review: 'pending',
    });
    expect(o.assignments[1].urges).toEqual({ count: 1, lastAt: w.clock.now(), unread: 1 });
    expect(o.counts).toMatchObject({ red: 1, yellow: 1, green: 1, total: 3 });
    expect(o.canUrge).toBe(true);
    expect((await w.call(viewer, 'unitOverview', { unitId: 'district-furong' })).canUrge).toBe(false);
  });

  it('a lead unit sees the unit’s assignments on the tasks it leads only', async () => {
    const o = await w.call(bianban, 'unitOverview', { unitId: 'district-furong' });
    expect(o.assignments.map((a) => a.seq)).toEqual([3, 1]);
    expect(o.canUrge).toBe(true);
    expect((await w.call(bianban, 'unitOverview', { unitId: 'city-bianban' })).canUrge).toBe(false);
    await expectError(w.call(tianxin, 'unitOverview', { unitId: 'district-furong' }), 'FORBIDDEN');
    await expectError(w.call(supervisor, 'unitOverview', { unitId: 'nope' }), 'NOT_FOUND');
  });
});

describe('inbox (待办)', () => {
  it('counts claims for the lead unit and the supervisors, extensions for the supervisors', async () => {
    const before = await w.call(zwfw, 'inbox', {});
    expect(before.counts.review).toBe(0);
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'c1',
      text: '申请办结',
      claimDone: true,
    });
    await w.call(furong, 'requestExtension', {
      assignmentId: plan.a['t3:district-furong'],
      newDue: '2027-12-31',
      reason: '需协调',
    });
    const lead = await w.call(zwfw, 'inbox', {});
    expect(lead.counts).toEqual({ review: 1, extension: 0, returned: 0, urge: 0 });
    expect(lead.items[0]).toMatchObject({ kind: 'review', taskId: 't2', unitName: '芙蓉区人民政府', note: '申请办结' });
    const sup = await w.call(supervisor, 'inbox', {});
    expect(sup.counts).toMatchObject({ review: 1, extension: 1 });
    expect(sup.total).toBe(2);
    // 市编办 does not lead t2: nothing to review
    expect((await w.call(bianban, 'inbox', {})).counts.review).toBe(0);
    expect((await w.call(viewer, 'inbox', {})).total).toBe(0);
  });

  it('shows a returned report to its unit until it reports again, and unread urges', async () => {
    const { report } = await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'c1',
      text: '申请办结',
      claimDone: true,
    });
    await w.call(zwfw, 'reviewReport', { reportId: report.id, decision: 'return', reason: '缺少照片' });
    const box = await w.call(furong, 'inbox', {});
    expect(box.counts.returned).toBe(1);
    expect(box.items.find((i) => i.kind === 'returned')).toMatchObject({ taskId: 't2', note: '缺少照片' });
    const list = await w.call(furong, 'listMyTasks', {});
    expect(list.items.find((c) => c.taskId === 't2')?.returned).toMatchObject({ reason: '缺少照片' });
    expect((await w.call(furong, 'getTask', { taskId: 't2' })).myReturned).toMatchObject({ reason: '缺少照片' });
    w.clock.advanceMinutes(1);
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'r2',
      text: '已补充照片',
    });
    expect((await w.call(furong, 'inbox', {})).counts.returned).toBe(0);
    expect((await w.call(furong, 'listMyTasks', {})).items.find((c) => c.taskId === 't2')?.returned).toBeNull();
    expect((await w.call(furong, 'getTask', { taskId: 't2' })).myReturned).toBeNull();
  });
});
