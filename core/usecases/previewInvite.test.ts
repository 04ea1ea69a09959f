import { dispatch } from './index';
import { breakStore, expectError, useWorld } from '../testing/world';

const { w } = useWorld();

describe('previewInvite', () => {
  it('shows the unit, role and expiry of a code without using it', async () => {
    const admin = await w.addUser('city-ducha', 'admin');
    const invite = await w.call(admin, 'createInvite', { unitId: 'park-jingkai', role: 'contact', ttlDays: 3 });
    const preview = await w.call(null, 'previewInvite', { code: invite.code });
    expect(preview).toEqual({ unitName: '长沙经开区管委会', role: 'contact', expiresAt: '2026-03-13T02:00:00.000Z' });
    expect((await w.store.getInvite(invite.code))?.usedBy).toBeNull();
  });

  it('asks for a code', async () => {
    expect((await expectError(w.call(null, 'previewInvite', { code: '' }), 'BAD_INPUT')).message).toContain('邀请码');
  });

  it('refuses an unknown code and counts it against the caller', async () => {
    const caller = { principal: 'p', throttleKey: 'ip-9', user: null };
    await expectError(dispatch(w.rt, caller, 'previewInvite', { code: 'NOSUCHCODE' }), 'INVITE_INVALID');
    expect(await w.store.failedAttemptsSince('ip-9', '2026-01-01T00:00:00.000Z')).toHaveLength(1);
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'getInvite');
    await expectError(w.call(null, 'previewInvite', { code: 'ANYCODE234' }), 'INTERNAL');
  });
});
