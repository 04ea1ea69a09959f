import type { User } from '../model';
import { breakStore, expectError, makeTestRuntime, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong, bianban, supervisor },
} = useWorld({
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    bianban: ['city-bianban', 'contact', '编办联络员'],
    supervisor: ['city-ducha', 'supervisor', '督查室'],
  },
});

async function claim(user: User, key: string, requestId = 'claim'): Promise<string> {
  const { report } = await w.call(user, 'submitReport', {
    assignmentId: plan.a[key],
    requestId,
    text: '已全部完成',
    claimDone: true,
  });
  return report.id;
}

describe('reviewReport', () => {
  it('the lead unit accepts a completion claim: the assignment is closed (办结)', async () => {
    const reportId = await claim(furong, 't3:district-furong');
    const { report } = await w.call(bianban, 'reviewReport', { reportId, decision: 'accept' });
    expect(report).toMatchObject({ review: 'accepted', reviewerName: '编办联络员', reviewedAt: w.clock.now() });
    expect(await w.store.getAssignment(plan.a['t3:district-furong'])).toMatchObject({
      status: 'closed',
      closedAt: w.clock.now(),
      percent: 100,
    });
  });

  it('a returned report goes back to the unit with the reason, which the contact sees', async () => {
    const reportId = await claim(furong, 't3:district-furong');
    await w.call(bianban, 'reviewReport', { reportId, decision: 'return', reason: '请补充佐证照片' });
    expect((await w.store.getAssignment(plan.a['t3:district-furong']))?.status).toBe('in_progress');
    const seen = (await w.call(furong, 'getTask', { taskId: 't3' })).reports[0];
    expect(seen).toMatchObject({ review: 'returned', reviewReason: '请补充佐证照片', reviewerName: '编办联络员' });
    // the unit may claim again after a return
    await expect(claim(furong, 't3:district-furong', 'claim-2')).resolves.toBeDefined();
  });

  it('a supervisor reviews any claim, and the review queue shows what waits', async () => {
    const onT2 = await claim(bianban, 't2:city-bianban');
    const queue = await w.call(supervisor, 'reviewQueue', {});
    expect(queue.reports.map((r) => r.report.id)).toEqual([onT2]);
    await w.call(supervisor, 'reviewReport', { reportId: onT2, decision: 'accept' });
    expect((await w.call(supervisor, 'reviewQueue', {})).reports).toEqual([]);
  });

  it('asks for a reason when returning', async () => {
    const reportId = await claim(furong, 't3:district-furong');
    const err = await expectError(w.call(bianban, 'reviewReport', { reportId, decision: 'return' }), 'BAD_INPUT');
    expect(err.message).toContain('「理由」');
    expect(err.message).toContain('退回时必须写明理由');
    await expectError(w.call(bianban, 'reviewReport', { reportId, decision: 'maybe' }), 'BAD_INPUT');
  });

  it('nobody reviews their own unit’s report unless supervisor, nor a task their unit does not lead', async () => {
    const own = await claim(bianban, 't2:city-bianban');
    await expectError(w.call(bianban, 'reviewReport', { reportId: own, decision: 'accept' }), 'FORBIDDEN');
    const notLed = await claim(furong, 't2:district-furong');
    await expectError(w.call(bianban, 'reviewReport', { reportId: notLed, decision: 'accept' }), 'FORBIDDEN');
    await expectError(w.call(furong, 'reviewReport', { reportId: notLed, decision: 'accept' }), 'FORBIDDEN');
    // a co-lead's claim goes to the supervisor
    const zwfw = await w.addUser('city-zwfw', 'contact');
    await w.insertAssignment({
      id: 'co',
      taskId: 't3',
      unitId: 'city-zwfw',
      role: 'lead',
      status: 'assigned',
      dueDate: '2026-03-13',
      originalDueDate: '2026-03-13',
      acknowledgedAt: null,
      closedAt: null,
      lastReportAt: null,
      percent: null,
    });
    expect((await w.store.getAssignment('co'))?.role).toBe('lead');
    const coClaim = (
      await w.call(zwfw, 'submitReport', { assignmentId: 'co', requestId: 'co', text: '完成', claimDone: true })
    ).report.id;
    await expectError(w.call(bianban, 'reviewReport', { reportId: coClaim, decision: 'accept' }), 'FORBIDDEN');
    await expect(w.call(supervisor, 'reviewReport', { reportId: coClaim, decision: 'accept' })).resolves.toBeDefined();
    expect((await w.store.getReport(own))?.review).toBe('pending');
  });

  it('a report is reviewed once; a progress report needs no review', async () => {
    const reportId = await claim(furong, 't3:district-furong');
    await w.call(bianban, 'reviewReport', { reportId, decision: 'accept' });
    await expectError(
      w.call(supervisor, 'reviewReport', { reportId, decision: 'return', reason: '再看看' }),
      'CONFLICT',
    );
    const { report } = await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t1:district-furong'],
      requestId: 'progress',
      text: '进展',
    });
    await expectError(w.call(supervisor, 'reviewReport', { reportId: report.id, decision: 'accept' }), 'CONFLICT');
    await expectError(w.call(supervisor, 'reviewReport', { reportId: 'nope', decision: 'accept' }), 'NOT_FOUND');
  });

  it('a store failure is an internal error and leaves the claim pending', async () => {
    const reportId = await claim(furong, 't3:district-furong');
    breakStore(w, 'reviewReport');
    await expectError(w.call(bianban, 'reviewReport', { reportId, decision: 'accept' }), 'INTERNAL');
    expect((await w.store.getReport(reportId))?.review).toBe('pending');
  });
});

describe('reviewReport with the reminder engine', () => {
  it('queues a message to the unit: returned with the reason, or accepted', async () => {
    const q = await makeTestRuntime();
    try {
      const p = await q.importSmallPlan();
      const unit = await q.addUser('district-furong', 'contact');
      const lead = await q.addUser('city-bianban', 'contact', '编办联络员');
      const { report } = await q.call(unit, 'submitReport', {
        assignmentId: p.a['t3:district-furong'],
        requestId: 'c1',
        text: '完成',
        claimDone: true,
      });
      await q.call(lead, 'reviewReport', { reportId: report.id, decision: 'return', reason: '缺少照片' });
      const events = await q.reminders.pendingEvents(10);
      // the claim told its reviewers (claimReview); the return tells the unit
      expect(events.map((e) => [e.event.kind, e.event.assignmentId, e.event.note, e.event.from])).toEqual([
        ['claimReview', p.a['t3:district-furong'], null, 'contact1'],
        ['returned', p.a['t3:district-furong'], '缺少照片', '编办联络员'],
      ]);
    } finally {
      q.close();
    }
  });
});
