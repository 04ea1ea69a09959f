import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin'] } });

describe('revokeInvite', () => {
  it('a revoked code no longer binds anyone', async () => {
    const { code } = await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
    expect(await w.call(admin, 'revokeInvite', { code: code.toLowerCase() })).toEqual({ ok: true });
    expect((await w.store.getInvite(code))?.revokedAt).toBe('2026-03-10T02:00:00.000Z');
    await expectError(w.call(null, 'bind', { code }), 'INVITE_INVALID');
    expect((await w.call(admin, 'listAudit', {})).items[0]).toMatchObject({
      action: 'revokeInvite',
      target: `invite:${code}`,
    });
  });

  it('refuses a missing code, an unknown one and one already used', async () => {
    await expectError(w.call(admin, 'revokeInvite', {}), 'BAD_INPUT');
    await expectError(w.call(admin, 'revokeInvite', { code: 'NOSUCHCODE' }), 'NOT_FOUND');
    const { code } = await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
    await w.call(null, 'bind', { code });
    await expectError(w.call(admin, 'revokeInvite', { code }), 'CONFLICT');
  });

  it('only an admin revokes', async () => {
    const { code } = await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
    const contact = await w.addUser('district-furong', 'contact');
    await expectError(w.call(contact, 'revokeInvite', { code }), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'revokeInvite');
    await expectError(w.call(admin, 'revokeInvite', { code: 'ANYCODE234' }), 'INTERNAL');
  });
});
