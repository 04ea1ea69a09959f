import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { supervisor },
} = useWorld({ smallPlan: true, users: { supervisor: ['city-ducha', 'supervisor'] } });

describe('narrowTaskGroup (相关)', () => {
  it('keeps only the concerned districts of 各相关区县（市）人民政府, sparing those with history', async () => {
    const yuelu = await w.addUser('district-yuelu', 'contact');
    await w.call(yuelu, 'submitReport', {
      assignmentId: plan.a['t1:district-yuelu'],
      requestId: 'r',
      text: '岳麓区已启动',
    });
    const result = await w.call(supervisor, 'narrowTaskGroup', {
      taskId: 't1',
      groupId: 'group-districts',
      keepUnitIds: ['district-furong', 'district-tianxin'],
    });
    expect(result).toEqual({ removed: 6 });
    const left = (await w.store.listAssignmentsOfTask('t1')).map((a) => a.unitId).sort();
    expect(left).toEqual(['city-bianban', 'district-furong', 'district-tianxin', 'district-yuelu']);
    const entry = (await w.store.listAudit({ offset: 0, limit: 1 })).items[0];
    expect(entry.detail.keptWithHistory).toEqual(['district-yuelu']);
  });

  it('refuses a collective the task does not mark 相关', async () => {
    await expectError(
      w.call(supervisor, 'narrowTaskGroup', { taskId: 't2', groupId: 'group-districts', keepUnitIds: [] }),
      'CONFLICT',
    );
  });

  it('refuses a missing list, an unknown task and an unknown collective', async () => {
    expect(
      (
        await expectError(
          w.call(supervisor, 'narrowTaskGroup', { taskId: 't1', groupId: 'group-districts' }),
          'BAD_INPUT',
        )
      ).message,
    ).toContain('「保留的单位」');
    await expectError(
      w.call(supervisor, 'narrowTaskGroup', { taskId: 'nope', groupId: 'group-districts', keepUnitIds: [] }),
      'NOT_FOUND',
    );
    await expectError(
      w.call(supervisor, 'narrowTaskGroup', { taskId: 't1', groupId: 'nope', keepUnitIds: [] }),
      'NOT_FOUND',
    );
  });

  it('a contact cannot narrow', async () => {
    const lead = await w.addUser('city-bianban', 'contact');
    await expectError(
      w.call(lead, 'narrowTaskGroup', { taskId: 't1', groupId: 'group-districts', keepUnitIds: [] }),
      'FORBIDDEN',
    );
  });

  it('a store failure is an internal error and removes nothing', async () => {
    breakStore(w, 'removeUntouchedAssignments');
    await expectError(
      w.call(supervisor, 'narrowTaskGroup', { taskId: 't1', groupId: 'group-districts', keepUnitIds: [] }),
      'INTERNAL',
    );
    expect(await w.store.listAssignmentsOfTask('t1')).toHaveLength(10);
  });
});
