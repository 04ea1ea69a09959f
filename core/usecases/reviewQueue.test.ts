import type { User } from '../model';
import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong, bianban },
} = useWorld({
  smallPlan: true,
  users: { furong: ['district-furong', 'contact'], bianban: ['city-bianban', 'contact'] },
});

const claim = async (user: User, key: string) =>
  (await w.call(user, 'submitReport', { assignmentId: plan.a[key], requestId: key, text: '完成', claimDone: true }))
    .report.id;

describe('reviewQueue', () => {
  it('a lead unit sees the claims of its tasks’ responsible units, not its own; supervisors also see extensions', async () => {
    const t3 = await claim(furong, 't3:district-furong');
    const t2 = await claim(furong, 't2:district-furong');
    await claim(bianban, 't2:city-bianban');
    const lead = await w.call(bianban, 'reviewQueue', {});
    expect(lead.reports.map((r) => [r.report.id, r.taskId, r.seq])).toEqual([[t3, 't3', 3]]);
    expect(lead.extensions).toEqual([]);
    await w.call(furong, 'requestExtension', {
      assignmentId: plan.a['t1:district-furong'],
      newDue: '2026-05-31',
      reason: '协调',
    });
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    const all = await w.call(supervisor, 'reviewQueue', {});
    expect(all.reports.map((r) => r.report.id)).toEqual([t3, t2, expect.any(String)]);
    expect(all.extensions).toEqual([
      expect.objectContaining({ taskId: 't1', unitName: '芙蓉区人民政府', newDue: '2026-05-31' }),
    ]);
  });

  it('refuses a malformed payload', async () => {
    await expectError(w.call(bianban, 'reviewQueue', []), 'BAD_INPUT');
  });

  it('a contact whose unit leads nothing and has no units below it has nothing to review', async () => {
    const tianxin = await w.addUser('district-tianxin', 'contact');
    await expectError(w.call(tianxin, 'reviewQueue', {}), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'listPendingReports');
    await expectError(w.call(bianban, 'reviewQueue', {}), 'INTERNAL');
  });
});
