import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong },
} = useWorld({ smallPlan: true, users: { furong: ['district-furong', 'contact'] } });

describe('listMyTasks', () => {
  it('lists the unit’s assignments most urgent first: red, yellow, green, done last', async () => {
    await w.store.updateAssignment(plan.a['t2:district-furong'], { status: 'closed', closedAt: w.clock.now() });
    const page = await w.call(furong, 'listMyTasks', {});
    expect(page.items.map((c) => [c.taskId, c.light, c.daysLeft])).toEqual([
      ['t3', 'yellow', 3],
      ['t1', 'green', 20],
      ['t2', 'done', null],
    ]);
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(page.items[0]).toMatchObject({
      unitName: '芙蓉区人民政府',
      role: 'responsible',
      deadlineText: '2026-03-13',
    });
  });

  it('puts the most overdue first and filters by light, role, stage and text', async () => {
    const bianban = await w.addUser('city-bianban', 'contact');
    const all = await w.call(bianban, 'listMyTasks', {});
    expect(all.items.map((c) => [c.taskId, c.light])).toEqual([
      ['t2', 'red'],
      ['t3', 'yellow'],
      ['t1', 'green'],
    ]);
    expect((await w.call(bianban, 'listMyTasks', { light: 'overdue' })).items.map((c) => c.taskId)).toEqual(['t2']);
    expect((await w.call(bianban, 'listMyTasks', { light: 'due' })).items.map((c) => c.taskId)).toEqual(['t3']);
    expect((await w.call(bianban, 'listMyTasks', { light: 'green' })).items.map((c) => c.taskId)).toEqual(['t1']);
    expect((await w.call(bianban, 'listMyTasks', { role: 'lead' })).items.map((c) => c.taskId)).toEqual(['t3', 't1']);
    expect((await w.call(bianban, 'listMyTasks', { stage: '梳理事项' })).total).toBe(2);
    expect((await w.call(bianban, 'listMyTasks', { q: '互联网' })).items.map((c) => c.taskId)).toEqual(['t1']);
  });

  it('pages', async () => {
    const first = await w.call(furong, 'listMyTasks', { page: 1, pageSize: 2 });
    const second = await w.call(furong, 'listMyTasks', { page: 2, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    expect(second.items.map((c) => c.taskId)).toEqual(['t1']);
    expect(second.total).toBe(3);
  });

  it('shows a claim waiting for review', async () => {
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t3:district-furong'],
      requestId: 'r',
      text: '完成',
      claimDone: true,
    });
    const [card] = (await w.call(furong, 'listMyTasks', { light: 'due' })).items;
    expect(card).toMatchObject({ status: 'claimed', pendingReview: true });
  });

  it('refuses a light it does not know and a page size over 100', async () => {
    expect((await expectError(w.call(furong, 'listMyTasks', { light: 'blue' }), 'BAD_INPUT')).message).toContain(
      '「灯色」',
    );
    expect((await expectError(w.call(furong, 'listMyTasks', { pageSize: 500 }), 'BAD_INPUT')).message).toContain(
      '「每页条数」',
    );
  });

  it('refuses an unbound caller', async () => {
    await expectError(w.call(null, 'listMyTasks', {}), 'NOT_BOUND');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'listAssignments');
    await expectError(w.call(furong, 'listMyTasks', {}), 'INTERNAL');
  });
});
