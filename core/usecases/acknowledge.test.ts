import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong },
} = useWorld({ smallPlan: true, users: { furong: ['district-furong', 'contact'] } });

describe('acknowledge (签收)', () => {
  it('signs for the unit’s assignment once, with the time and a trace', async () => {
    const id = plan.a['t3:district-furong'];
    expect(await w.call(furong, 'acknowledge', { assignmentId: id })).toEqual({ status: 'acknowledged' });
    expect((await w.store.getAssignment(id))?.acknowledgedAt).toBe(w.clock.now());
    w.clock.advanceMinutes(5);
    expect(await w.call(furong, 'acknowledge', { assignmentId: id })).toEqual({ status: 'acknowledged' });
    expect((await w.store.getAssignment(id))?.acknowledgedAt).toBe('2026-03-10T02:00:00.000Z');
    const admin = await w.addUser('city-ducha', 'admin');
    const log = (await w.call(admin, 'listAudit', {})).items.filter((e) => e.action === 'acknowledge');
    expect(log).toHaveLength(1);
  });

  it('refuses a missing id and an unknown assignment', async () => {
    await expectError(w.call(furong, 'acknowledge', {}), 'BAD_INPUT');
    await expectError(w.call(furong, 'acknowledge', { assignmentId: 'nope' }), 'NOT_FOUND');
  });

  it('refuses another unit’s assignment', async () => {
    await expectError(w.call(furong, 'acknowledge', { assignmentId: plan.a['t1:district-tianxin'] }), 'FORBIDDEN');
    expect((await w.store.getAssignment(plan.a['t1:district-tianxin']))?.status).toBe('assigned');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'updateAssignment');
    await expectError(w.call(furong, 'acknowledge', { assignmentId: plan.a['t3:district-furong'] }), 'INTERNAL');
  });
});
