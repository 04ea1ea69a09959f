import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin'] } });

const TABLE =
  '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间\n试点\t推进试点\t编委办公室\t各区县人民政府\t2026年6月\n';

describe('addAlias', () => {
  it('a new spelling of a unit or collective is recognised by the next import', async () => {
    const before = await w.call(admin, 'importPlan', {
      fileName: 'a.txt',
      base64: Buffer.from(TABLE).toString('base64'),
    });
    expect(before.unknownUnits).toEqual(['编委办公室', '各区县人民政府']);
    await w.call(admin, 'addAlias', { targetId: 'city-bianban', alias: '编委办公室' });
    await w.call(admin, 'addAlias', { targetId: 'group-districts', alias: '各区县人民政府' });
    const after = await w.call(admin, 'importPlan', {
      fileName: 'a.txt',
      base64: Buffer.from(TABLE).toString('base64'),
    });
    expect(after.unknownUnits).toEqual([]);
    expect(after.assignmentCount).toBe(10);
  });

  it('refuses an alias another unit has, an empty alias and an unknown target', async () => {
    await expectError(w.call(admin, 'addAlias', { targetId: 'city-bianban', alias: '市政务中心' }), 'CONFLICT');
    expect(
      (await expectError(w.call(admin, 'addAlias', { targetId: 'city-bianban', alias: ' ' }), 'BAD_INPUT')).message,
    ).toContain('「别名」');
    await expectError(w.call(admin, 'addAlias', { targetId: 'nope', alias: '某某' }), 'NOT_FOUND');
  });

  it('only an admin adds aliases', async () => {
    const viewer = await w.addUser('city-youhua', 'viewer');
    await expectError(w.call(viewer, 'addAlias', { targetId: 'city-bianban', alias: '编办' }), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'saveUnit');
    await expectError(w.call(admin, 'addAlias', { targetId: 'city-bianban', alias: '编委' }), 'INTERNAL');
  });
});
