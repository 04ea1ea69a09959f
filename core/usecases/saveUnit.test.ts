import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin'] } });

describe('saveUnit', () => {
  it('adds a unit, then renames it keeping its id, with a trace of both', async () => {
    const created = await w.call(admin, 'saveUnit', { name: '市数据资源局', aliases: ['市数据局'], kind: 'city' });
    expect(created).toMatchObject({ name: '市数据资源局', aliases: ['市数据局'], kind: 'city' });
    const renamed = await w.call(admin, 'saveUnit', { id: created.id, name: '市数据资源管理局' });
    expect(renamed).toEqual({
      id: created.id,
      name: '市数据资源管理局',
      aliases: ['市数据局', '市数据资源局'],
      kind: 'city',
      parentId: null,
    });
    expect((await w.store.getUnit(created.id))?.name).toBe('市数据资源管理局');
    const actions = (await w.call(admin, 'listAudit', {})).items.map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['updateUnit', 'createUnit']);
  });

  it('a renamed unit keeps its old name as an alias, so tables that still write 市质监局 find it', async () => {
    const before = (await w.store.getDirectory()).units.find((u) => u.name === '市质监局');
    expect(before).toBeDefined();
    const renamed = await w.call(admin, 'saveUnit', { id: before!.id, name: '市市场监管局', kind: before!.kind });
    expect(renamed.name).toBe('市市场监管局');
    expect(renamed.aliases).toEqual([...before!.aliases, '市质监局']);
    expect(renamed.kind).toBe(before!.kind);
    // the old name still belongs to this unit: no other unit may take it
    await expectError(w.call(admin, 'saveUnit', { name: '市质监局' }), 'CONFLICT');
    // renaming back turns the alias into the name again, with no duplicate left behind
    const back = await w.call(admin, 'saveUnit', { id: before!.id, name: '市质监局' });
    expect(back.aliases).toEqual([...before!.aliases, '市市场监管局']);
  });

  it('changing only the kind, or the spacing of the name, adds no alias', async () => {
    const created = await w.call(admin, 'saveUnit', { name: '市数据资源局', kind: 'city' });
    const moved = await w.call(admin, 'saveUnit', { id: created.id, name: '市数据资源局', kind: 'other' });
    expect(moved).toMatchObject({ name: '市数据资源局', aliases: [], kind: 'other' });
    const respaced = await w.call(admin, 'saveUnit', { id: created.id, name: '市数据 资源局' });
    expect(respaced.aliases).toEqual([]);
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
