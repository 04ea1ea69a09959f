/**
 * Offboarding: an admin sees a unit's people, removes one who left (their next call is refused, their history stays
 * attributed) or replaces them (a fresh invite for the same unit and role).
 */
import { expectError, useWorld } from '../testing/world';
import { dispatch } from './index';

const {
  w,
  plan,
  users: { furong, admin, supervisor, districtAdmin, tianxin },
} = useWorld({
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    admin: ['city-youhua', 'admin', '管理员'],
    supervisor: ['city-ducha', 'supervisor', '督查室'],
    districtAdmin: ['district-furong', 'admin', '芙蓉管理员'],
    tianxin: ['district-tianxin', 'contact', '天心联络员'],
  },
});

describe('offboarding', () => {
  it('lists a unit’s people; a removed contact acts no more, and what they did stays under their name', async () => {
    const people = await w.call(admin, 'listUnitUsers', { unitId: 'district-furong' });
    expect(people.map((p) => p.name)).toContain('芙蓉联络员');
    const assignmentId = plan.a['t2:district-furong'];
    await w.call(furong, 'acknowledge', { assignmentId });
    const { removed, invite } = await w.call(admin, 'removeUser', { userId: furong.id });
    expect([removed.id, invite]).toEqual([furong.id, null]);
    expect((await w.call(admin, 'listUnitUsers', { unitId: 'district-furong' })).map((p) => p.id)).not.toContain(
      furong.id,
    );
    // the next request of that person: no user behind the principal any more
    expect(await w.store.getUserByPrincipal(furong.principal)).toBeNull();
    expect((await w.store.getUser(furong.id))?.name).toBe('芙蓉联络员');
    const audit = await w.call(admin, 'listAudit', {});
    expect(audit.items.some((e) => e.action === 'removeUser')).toBe(true);
  });

  it('replacing gives a fresh invite for the same unit and role', async () => {
    const successor = await w.addUser('district-furong', 'contact');
    const { invite } = await w.call(admin, 'removeUser', { userId: successor.id, replace: true });
    expect(invite).toMatchObject({ unitId: 'district-furong', role: 'contact', usedAt: null });
  });

  it('refuses removing oneself, an unknown person, one removed already, and anyone but an admin', async () => {
    await expectError(w.call(admin, 'removeUser', { userId: admin.id }), 'CONFLICT');
    await expectError(w.call(admin, 'removeUser', { userId: 'nobody' }), 'NOT_FOUND');
    const gone = await w.addUser('district-furong', 'contact');
    await w.call(admin, 'removeUser', { userId: gone.id });
    await expectError(w.call(admin, 'removeUser', { userId: gone.id }), 'NOT_FOUND');
    await expectError(w.call(supervisor, 'removeUser', { userId: gone.id }), 'FORBIDDEN');
    await expectError(w.call(admin, 'listUnitUsers', { unitId: 'nowhere' }), 'NOT_FOUND');
  });

  it('a district’s admin sees and removes the people of its own subtree only', async () => {
    const fagai = await w.addUser('furong-fagai', 'contact');
    expect((await w.call(districtAdmin, 'listUnitUsers', { unitId: 'furong-fagai' })).map((p) => p.id)).toContain(
      fagai.id,
    );
    await expectError(w.call(districtAdmin, 'listUnitUsers', { unitId: 'district-tianxin' }), 'FORBIDDEN');
    await expectError(w.call(districtAdmin, 'removeUser', { userId: tianxin.id }), 'FORBIDDEN');
    expect(await w.store.getUserByPrincipal(tianxin.principal)).not.toBeNull();
    const { invite } = await w.call(districtAdmin, 'removeUser', { userId: fagai.id, replace: true });
    expect(invite).toMatchObject({ unitId: 'furong-fagai', role: 'contact' });
  });

  it('a removed person’s next call says they were removed (USER_REMOVED), not “bind first”', async () => {
    const leaver = await w.addUser('district-furong', 'contact');
    await w.call(admin, 'removeUser', { userId: leaver.id });
    expect(await w.store.whenRemoved(leaver.principal)).toBe(w.clock.now());
    const caller = { principal: leaver.principal, throttleKey: 'x', user: null, removedAt: w.clock.now() };
    await expect(dispatch(w.rt, caller, 'listMyTasks', {})).rejects.toMatchObject({
      code: 'USER_REMOVED',
      message: expect.stringContaining('移出本单位'),
    });
  });
});
