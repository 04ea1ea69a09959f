import type { User } from '../model';
import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong },
} = useWorld({ smallPlan: true, users: { furong: ['district-furong', 'contact'] } });

const ask = (payload: Record<string, unknown> = {}, user: User = furong) =>
  w.call(user, 'requestExtension', {
    assignmentId: plan.a['t2:district-furong'],
    newDue: '2026-04-30',
    reason: '需与省平台对接',
    ...payload,
  });

describe('requestExtension (申请延期)', () => {
  it('asks for a later date, keeping the current one in the request', async () => {
    const { extension } = await ask();
    expect(extension).toMatchObject({
      unitName: '芙蓉区人民政府',
      oldDue: '2026-03-07',
      newDue: '2026-04-30',
      reason: '需与省平台对接',
      status: 'pending',
    });
    expect((await w.store.getAssignment(plan.a['t2:district-furong']))?.dueDate).toBe('2026-03-07');
  });

  it('wants a real date after the current due date, and a reason', async () => {
    expect((await expectError(ask({ newDue: '2026-02-30' }), 'BAD_INPUT')).message).toContain('「新的完成时间」');
    expect((await expectError(ask({ newDue: '2026-03-07' }), 'BAD_INPUT')).message).toContain('2026年3月7日');
    expect((await expectError(ask({ reason: '' }), 'BAD_INPUT')).message).toContain('「理由」');
  });

  it('refuses another unit’s assignment, a second pending request and a closed assignment', async () => {
    await expectError(ask({ assignmentId: plan.a['t2:city-bianban'] }), 'FORBIDDEN');
    await ask();
    await expectError(ask({ newDue: '2026-05-31' }), 'CONFLICT');
    await w.store.updateAssignment(plan.a['t3:district-furong'], { status: 'closed' });
    await expectError(ask({ assignmentId: plan.a['t3:district-furong'] }), 'CONFLICT');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'addExtension');
    await expectError(ask(), 'INTERNAL');
  });
});
