import { GLOBAL_WRONG_CODES_PER_MINUTE } from './inviteRules';
import { dispatch } from './index';
import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin', '管理员'] } });

const issue = async (unitId = 'district-furong', role: 'contact' | 'viewer' = 'contact') =>
  (await w.call(admin, 'createInvite', { unitId, role })).code;

describe('bind', () => {
  it('turns a code into a contact of the code’s unit, once, and leaves a trace', async () => {
    const code = await issue();
    const { me } = await w.call(null, 'bind', { code, name: '李四' });
    expect(me.user).toMatchObject({
      unitId: 'district-furong',
      unitName: '芙蓉区人民政府',
      role: 'contact',
      name: '李四',
    });
    const user = await w.store.getUser(me.user.id);
    expect(user?.principal).toMatch(/^anon-/);
    const log = await w.call(admin, 'listAudit', {});
    expect(log.items[0]).toMatchObject({ action: 'bind', actorName: '李四', target: `user:${me.user.id}` });
    await expectError(w.call(null, 'bind', { code }), 'INVITE_USED');
  });

  it('forgives lower case, spaces and dashes in a typed code', async () => {
    const code = await issue();
    const typed = `${code.slice(0, 5).toLowerCase()} - ${code.slice(5)}`;
    await expect(w.call(null, 'bind', { code: typed })).resolves.toBeDefined();
  });

  it('a bound user using a new code moves to that unit and role, keeping its id', async () => {
    const contact = await w.addUser('district-furong', 'contact', '王五');
    const code = await issue('district-tianxin', 'viewer');
    const { me } = await w.call(contact, 'bind', { code });
    expect(me.user).toMatchObject({ id: contact.id, unitId: 'district-tianxin', role: 'viewer', name: '王五' });
  });

  it('says which field is wrong in Chinese', async () => {
    const missing = await expectError(w.call(null, 'bind', {}), 'BAD_INPUT');
    expect(missing.message).toContain('「邀请码」');
    const long = await expectError(w.call(null, 'bind', { code: 'ABCDEFGH', name: '名'.repeat(21) }), 'BAD_INPUT');
    expect(long.message).toContain('「姓名」');
    expect(long.message).toContain('20');
  });

  it('refuses wrong, expired and revoked codes with what to do', async () => {
    expect((await expectError(w.call(null, 'bind', { code: 'WRONGCODE2' }), 'INVITE_INVALID')).message).toContain(
      '核对',
    );
    const expired = await issue();
    w.clock.advanceDays(8);
    expect((await expectError(w.call(null, 'bind', { code: expired }), 'INVITE_EXPIRED')).message).toContain('管理员');
    const revoked = await issue();
    await w.call(admin, 'revokeInvite', { code: revoked });
    await expectError(w.call(null, 'bind', { code: revoked }), 'INVITE_INVALID');
  });

  it('after five wrong codes in 15 minutes one caller’s wrong codes are RATE_LIMITED, told until when; a valid code still binds', async () => {
    const good = await issue();
    const from = (key: string, code: string) =>
      dispatch(w.rt, { principal: `p-${key}`, throttleKey: key, user: null }, 'bind', { code });
    for (let i = 0; i < 5; i++) {
      await expectError(from('ip-1', `WRONG${i}AAAA`), 'INVITE_INVALID');
      w.clock.advanceMinutes(1);
    }
    const limited = await expectError(from('ip-1', 'WRONG9AAAA'), 'RATE_LIMITED');
    expect(limited.message).toContain('2026年3月10日 10:15');
    // the valid code the admin gave is never refused, not even from the locked address (a shared proxy address)
    await expect(from('ip-1', good)).resolves.toBeDefined();
    // another caller is not slowed down by the first one's mistakes
    await expectError(from('ip-2', 'WRONG8AAAA'), 'INVITE_INVALID');
  });

  it('a global budget of wrong codes a minute across all addresses; valid codes still bind; it passes with the minute', async () => {
    const good = await issue();
    const from = (key: string, code: string) =>
      dispatch(w.rt, { principal: `p-${key}`, throttleKey: key, user: null }, 'bind', { code });
    for (let i = 0; i < GLOBAL_WRONG_CODES_PER_MINUTE; i++) {
      await expectError(from(`ip-g${i}`, `WRONG${i}BBBB`), 'INVITE_INVALID');
    }
    const limited = await expectError(from('ip-new', 'WRONGXBBBB'), 'RATE_LIMITED');
    expect(limited.message).toMatch(/之后再试/);
    await expect(from('ip-new2', good)).resolves.toBeDefined();
    w.clock.advanceMinutes(2);
    await expectError(from('ip-new3', 'WRONGYBBBB'), 'INVITE_INVALID');
  });

  it('needs to know who is calling', async () => {
    const code = await issue();
    await expectError(
      dispatch(w.rt, { principal: null, throttleKey: 'x', user: null }, 'bind', { code }),
      'UNAUTHENTICATED',
    );
  });

  it('a store failure is an internal error, and the code stays unused', async () => {
    const code = await issue();
    breakStore(w, 'consumeInvite');
    await expectError(w.call(null, 'bind', { code }), 'INTERNAL');
    expect((await w.store.getInvite(code))?.usedBy).toBeNull();
  });
});
