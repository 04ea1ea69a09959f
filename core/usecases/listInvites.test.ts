import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin'] } });

describe('listInvites', () => {
  it('lists codes newest first, with their state, optionally for one unit', async () => {
    const first = await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
    w.clock.advanceMinutes(5);
    const second = await w.call(admin, 'createInvite', { unitId: 'district-tianxin', role: 'contact' });
    await w.call(null, 'bind', { code: first.code });
    const all = await w.call(admin, 'listInvites', {});
    expect(all.map((i) => i.code).slice(0, 2)).toEqual([second.code, first.code]);
    expect(all[1].usedAt).toBe('2026-03-10T02:05:00.000Z');
    const furong = await w.call(admin, 'listInvites', { unitId: 'district-furong' });
    expect(furong).toHaveLength(1);
    expect(furong[0].unitName).toBe('芙蓉区人民政府');
  });

  it('refuses a malformed filter and a non-admin', async () => {
    await expectError(w.call(admin, 'listInvites', { unitId: 42 }), 'BAD_INPUT');
    const viewer = await w.addUser('city-youhua', 'viewer');
    await expectError(w.call(viewer, 'listInvites', {}), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'listInvites');
    await expectError(w.call(admin, 'listInvites', {}), 'INTERNAL');
  });
});
