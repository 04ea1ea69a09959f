import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin', '管理员'] } });

describe('createInvite', () => {
  it('issues a 10-character code without look-alike characters, valid 7 days by default', async () => {
    const invite = await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
    expect(invite).toMatchObject({
      unitId: 'district-furong',
      unitName: '芙蓉区人民政府',
      role: 'contact',
      createdAt: '2026-03-10T02:00:00.000Z',
      expiresAt: '2026-03-17T02:00:00.000Z',
      usedAt: null,
      revokedAt: null,
    });
    expect(invite.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect((await w.call(admin, 'listAudit', {})).items[0]).toMatchObject({ action: 'createInvite' });
  });

  it('issues different codes each time', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++)
      codes.add((await w.call(admin, 'createInvite', { unitId: 'city-bianban', role: 'viewer' })).code);
    expect(codes.size).toBe(20);
  });

  it('refuses an unknown role, a validity beyond 90 days and an unknown unit', async () => {
    expect(
      (await expectError(w.call(admin, 'createInvite', { unitId: 'city-bianban', role: 'boss' }), 'BAD_INPUT')).message,
    ).toContain('「角色」');
    expect(
      (
        await expectError(
          w.call(admin, 'createInvite', { unitId: 'city-bianban', role: 'contact', ttlDays: 365 }),
          'BAD_INPUT',
        )
      ).message,
    ).toContain('「有效天数」');
    await expectError(w.call(admin, 'createInvite', { unitId: 'nowhere', role: 'contact' }), 'NOT_FOUND');
  });

  it('only an admin issues codes', async () => {
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    await expectError(w.call(supervisor, 'createInvite', { unitId: 'city-bianban', role: 'admin' }), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'createInvite');
    await expectError(w.call(admin, 'createInvite', { unitId: 'city-bianban', role: 'contact' }), 'INTERNAL');
  });
});
