import type { User } from '../model';
import { breakStore, expectError, makeTestRuntime, type TestWorld } from '../../server/store/sqlite/testing';

let w: TestWorld;
let admin: User;
beforeEach(async () => {
  w = await makeTestRuntime();
  admin = await w.addUser('city-ducha', 'admin');
});
afterEach(() => w.close());

describe('saveUnit', () => {
  it('adds a unit, then renames it keeping its id, with a trace of both', async () => {
    const created = await w.call(admin, 'saveUnit', { name: '市数据资源局', aliases: ['市数据局'], kind: 'city' });
    expect(created).toMatchObject({ name: '市数据资源局', aliases: ['市数据局'], kind: 'city' });
    const renamed = await w.call(admin, 'saveUnit', { id: created.id, name: '市数据资源管理局' });
    expect(renamed).toEqual({ id: created.id, name: '市数据资源管理局', aliases: ['市数据局'], kind: 'city' });
    expect((await w.store.getUnit(created.id))?.name).toBe('市数据资源管理局');
    const actions = (await w.call(admin, 'listAudit', {})).items.map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['updateUnit', 'createUnit']);
  });

  it('refuses a name or alias that already names another unit or collective', async () => {
    await expectError(w.call(admin, 'saveUnit', { name: '市编办' }), 'CONFLICT');
    await expectError(w.call(admin, 'saveUnit', { name: '新单位', aliases: ['市编委办'] }), 'CONFLICT');
    await expectError(w.call(admin, 'saveUnit', { name: '市直各单位' }), 'CONFLICT');
    // its own name and aliases are fine
    await expect(
      w.call(admin, 'saveUnit', { id: 'city-bianban', name: '市编办', aliases: ['市编委办'] }),
    ).resolves.toBeDefined();
  });

  it('refuses an empty name, an unknown kind and an unknown id', async () => {
    expect((await expectError(w.call(admin, 'saveUnit', { name: '' }), 'BAD_INPUT')).message).toContain('「姓名」');
    await expectError(w.call(admin, 'saveUnit', { name: '某单位', kind: 'planet' }), 'BAD_INPUT');
    await expectError(w.call(admin, 'saveUnit', { id: 'nope', name: '某单位' }), 'NOT_FOUND');
  });

  it('only an admin edits the directory', async () => {
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    await expectError(w.call(supervisor, 'saveUnit', { name: '某单位' }), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'saveUnit');
    await expectError(w.call(admin, 'saveUnit', { name: '某单位' }), 'INTERNAL');
  });
});
