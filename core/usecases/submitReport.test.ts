import type { User } from '../model';
import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong },
} = useWorld({ smallPlan: true, users: { furong: ['district-furong', 'contact', '芙蓉联络员'] } });
let assignmentId: string;
beforeEach(async () => {
  assignmentId = plan.a['t3:district-furong'];
});

const submit = (payload: Record<string, unknown>, user: User = furong) =>
  w.call(user, 'submitReport', { assignmentId, requestId: 'req-1', text: '已召开部署会', ...payload });

describe('submitReport', () => {
  it('records a progress report with photos and percent; the assignment is in progress', async () => {
    w.files.put('p1', furong.principal);
    w.files.put('p2', furong.principal);
    const { report, created } = await submit({ photos: ['p1', 'p2'], percent: 30 });
    expect(created).toBe(true);
    expect(report).toMatchObject({
      unitName: '芙蓉区人民政府',
      authorName: '芙蓉联络员',
      text: '已召开部署会',
      percent: 30,
      claimDone: false,
      review: 'none',
      photos: [
        { id: 'p1', url: 'memory://files/p1' },
        { id: 'p2', url: 'memory://files/p2' },
      ],
    });
    expect(await w.store.getAssignment(assignmentId)).toMatchObject({
      status: 'in_progress',
      percent: 30,
      lastReportAt: w.clock.now(),
      acknowledgedAt: w.clock.now(),
    });
  });

  it('a completion claim waits for review', async () => {
    const { report } = await submit({ claimDone: true, percent: 100 });
    expect(report.review).toBe('pending');
    expect((await w.store.getAssignment(assignmentId))?.status).toBe('claimed');
    await expectError(submit({ requestId: 'req-2', claimDone: true }), 'CONFLICT');
  });

  it('while a claim waits for review, a plain report is refused too; API and can agree (lifecycle.ts)', async () => {
    const before = (await w.call(furong, 'getTask', { taskId: 't3' })).can;
    expect([before.report, before.claim]).toEqual([true, true]);
    await submit({ claimDone: true });
    const e = await expectError(submit({ requestId: 'req-2', text: '补充进展' }), 'CONFLICT');
    expect(e.message).toContain('等待审核');
    const after = (await w.call(furong, 'getTask', { taskId: 't3' })).can;
    expect([after.report, after.claim, after.requestExtension]).toEqual([false, false, true]);
    expect((await w.store.getAssignment(assignmentId))?.status).toBe('claimed');
  });

  it('a retried submit makes one report', async () => {
    const first = await submit({});
    const again = await submit({ text: '重发' });
    expect(again).toEqual({ report: first.report, created: false });
    expect(await w.store.listReportsOfTask('t3')).toHaveLength(1);
  });

  it('two concurrent identical submits make one report', async () => {
    const results = await Promise.all([submit({ claimDone: true }), submit({ claimDone: true })]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].report.id).toBe(results[1].report.id);
    expect(await w.store.listReportsOfTask('t3')).toHaveLength(1);
  });

  it('says what is wrong with the input, in Chinese, naming the field', async () => {
    expect((await expectError(submit({ text: '字'.repeat(2001) }), 'BAD_INPUT')).message).toContain('「汇报内容」');
    expect((await expectError(submit({ text: '   ' }), 'BAD_INPUT')).message).toContain('不能为空');
    const tooMany = await expectError(submit({ photos: Array.from({ length: 10 }, (_, i) => `p${i}`) }), 'BAD_INPUT');
    expect(tooMany.message).toContain('「照片」');
    expect((await expectError(submit({ percent: 101 }), 'BAD_INPUT')).message).toContain('「完成百分比」');
    expect((await expectError(submit({ percent: 12.5 }), 'BAD_INPUT')).message).toContain('整数');
  });

  it('refuses another unit’s assignment, someone else’s photo, a closed assignment and risky text', async () => {
    const tianxin = await w.addUser('district-tianxin', 'contact');
    await expectError(submit({ assignmentId: plan.a['t1:district-tianxin'] }), 'FORBIDDEN');
    await expectError(submit({}, tianxin), 'FORBIDDEN');
    w.files.put('theirs', tianxin.principal);
    await expectError(submit({ photos: ['theirs'] }), 'FORBIDDEN');
    w.contentCheck.say('违禁', 'risky');
    await expectError(submit({ text: '含违禁内容' }), 'CONTENT_REJECTED');
    await w.store.updateAssignment(assignmentId, { status: 'closed' });
    await expectError(submit({ requestId: 'late' }), 'CONFLICT');
    expect(await w.store.listReportsOfTask('t3')).toHaveLength(0);
  });

  it('stores a report the content check wants reviewed, and flags it for the admin', async () => {
    w.contentCheck.say('可疑', 'review');
    const { report } = await submit({ text: '可疑的表述' });
    const admin = await w.addUser('city-ducha', 'admin');
    const flagged = (await w.call(admin, 'listAudit', {})).items.find((e) => e.action === 'contentFlagged');
    expect(flagged?.target).toBe(`report:${report.id}`);
  });

  it('a failing content check or store is an internal error, and no report is made', async () => {
    w.contentCheck.failing = new Error('msgSecCheck timeout');
    await expectError(submit({}), 'INTERNAL');
    w.contentCheck.failing = null;
    breakStore(w, 'appendReport');
    await expectError(submit({}), 'INTERNAL');
    expect(await w.store.getReportByRequest(assignmentId, 'req-1')).toBeNull();
  });
});
