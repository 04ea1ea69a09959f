import type { User } from '../model';
import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong, tianxin, bianban },
} = useWorld({
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    tianxin: ['district-tianxin', 'contact', '天心联络员'],
    bianban: ['city-bianban', 'contact', '编办联络员'],
  },
});
beforeEach(async () => {
  w.files.put('photo-1', furong.principal);
  await w.call(furong, 'submitReport', {
    assignmentId: plan.a['t1:district-furong'],
    requestId: 'r-furong',
    text: '芙蓉区已部署',
    photos: ['photo-1'],
    percent: 40,
  });
  await w.call(tianxin, 'submitReport', {
    assignmentId: plan.a['t1:district-tianxin'],
    requestId: 'r-tx',
    text: '天心区已部署',
  });
});

describe('getTask', () => {
  it('shows a task given to 区县（市）人民政府 as ten assignments, the lead first, each with its light', async () => {
    const detail = await w.call(bianban, 'getTask', { taskId: 't1' });
    expect(detail.task).toMatchObject({ id: 't1', seq: 1, light: 'green', leadNames: ['市编办'] });
    expect(detail.assignments).toHaveLength(10);
    expect(detail.assignments[0]).toMatchObject({ unitName: '市编办', role: 'lead', light: 'green', daysLeft: 20 });
    expect(detail.assignments.find((a) => a.unitId === 'district-furong')).toMatchObject({
      percent: 40,
      status: 'in_progress',
    });
    expect(detail.myAssignmentId).toBe(plan.a['t1:city-bianban']);
  });

  it('names the collectives the task gives with 相关, which a supervisor may narrow; none on a task without 相关', async () => {
    expect((await w.call(bianban, 'getTask', { taskId: 't1' })).task.relevantGroupIds).toEqual(['group-districts']);
    expect((await w.call(furong, 'getTask', { taskId: 't3' })).task.relevantGroupIds).toEqual([]);
  });

  it('a contact sees only its own unit’s reports; the lead unit sees all of them', async () => {
    const own = await w.call(furong, 'getTask', { taskId: 't1' });
    expect(own.reports.map((r) => r.text)).toEqual(['芙蓉区已部署']);
    expect(own.reports[0]).toMatchObject({ unitName: '芙蓉区人民政府', authorName: '芙蓉联络员', percent: 40 });
    // a photo the image library cannot read is shown as uploaded, with the time the server received it
    expect(own.reports[0].photos).toEqual([
      {
        id: 'photo-1',
        url: 'memory://files/photo-1',
        receivedAt: expect.any(String),
        takenAt: null,
        captureGapHours: null,
        reused: null,
      },
    ]);
    const lead = await w.call(bianban, 'getTask', { taskId: 't1' });
    expect(lead.reports.map((r) => r.text).sort()).toEqual(['天心区已部署', '芙蓉区已部署']);
    const viewer = await w.addUser('city-youhua', 'viewer');
    expect((await w.call(viewer, 'getTask', { taskId: 't1' })).reports).toHaveLength(2);
  });

  it('says what the caller may do', async () => {
    expect((await w.call(furong, 'getTask', { taskId: 't3' })).can).toEqual({
      report: true,
      claim: true,
      acknowledge: true,
      requestExtension: true,
      review: false,
      decideExtension: false,
      urge: false,
      narrow: false,
      reportNoChange: false,
      instruct: false,
      // 芙蓉区 has units of its own (the demo directory's 区直部门 and 街道): it may split its assignment
      split: true,
      // a responsible unit may not set the task's own reporting cycle; its lead unit (市编办) may
      setCycle: false,
    });
    expect((await w.call(bianban, 'getTask', { taskId: 't3' })).can).toMatchObject({ review: true, setCycle: true });
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    expect((await w.call(supervisor, 'getTask', { taskId: 't3' })).can).toMatchObject({
      report: false,
      review: true,
      decideExtension: true,
      urge: true,
    });
  });

  it('can follows the lifecycle and the permission table: closed, and narrow as PERMISSIONS.narrowTaskGroup', async () => {
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    const admin = await w.addUser('city-ducha', 'admin');
    const viewer = await w.addUser('city-youhua', 'viewer');
    const narrow = async (u: User) => (await w.call(u, 'getTask', { taskId: 't3' })).can.narrow;
    expect([await narrow(furong), await narrow(supervisor), await narrow(admin), await narrow(viewer)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const assignmentId = plan.a['t3:district-furong'];
    const { report } = await w.call(furong, 'submitReport', {
      assignmentId,
      requestId: 'c',
      text: '完成',
      claimDone: true,
    });
    await w.call(supervisor, 'reviewReport', { reportId: report.id, decision: 'accept' });
    expect((await w.call(furong, 'getTask', { taskId: 't3' })).can).toMatchObject({
      acknowledge: false,
      report: false,
      claim: false,
      requestExtension: false,
    });
    // what the API says to the same attempts
    await expectError(w.call(furong, 'submitReport', { assignmentId, requestId: 'd', text: '补充' }), 'CONFLICT');
    await expectError(
      w.call(furong, 'requestExtension', { assignmentId, newDue: '2026-12-31', reason: '补充' }),
      'CONFLICT',
    );
  });

  it('shows the extension and urge history of the caller’s unit', async () => {
    const supervisor = await w.addUser('city-ducha', 'supervisor', '督查室');
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请于本周内报送' });
    await w.call(furong, 'requestExtension', {
      assignmentId: plan.a['t2:district-furong'],
      newDue: '2026-04-30',
      reason: '系统对接',
    });
    const detail = await w.call(furong, 'getTask', { taskId: 't2' });
    expect(detail.urges).toEqual([
      expect.objectContaining({ unitName: '芙蓉区人民政府', message: '请于本周内报送', urgerName: '督查室' }),
    ]);
    expect(detail.extensions).toEqual([
      expect.objectContaining({ oldDue: '2026-03-07', newDue: '2026-04-30', status: 'pending' }),
    ]);
  });

  it('refuses a missing task id, an unknown task, and a contact whose unit has no part in it', async () => {
    expect((await expectError(w.call(furong, 'getTask', {}), 'BAD_INPUT')).message).toContain('「任务」');
    await expectError(w.call(furong, 'getTask', { taskId: 'nope' }), 'NOT_FOUND');
    await expectError(w.call(tianxin, 'getTask', { taskId: 't2' }), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'listReportsOfTask');
    await expectError(w.call(furong, 'getTask', { taskId: 't1' }), 'INTERNAL');
  });
});
