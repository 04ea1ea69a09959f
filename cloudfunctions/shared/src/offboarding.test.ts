/**
 * Offboarding on CloudBase, through the api function on the cloud double: an admin removes a contact, and that
 * person's very next call (the same OPENID) is refused with USER_REMOVED; what they did stays attributed.
 */
import { createApiHandler } from './apiHandler';
import { FakeCloud } from './testing/fakeCloud';

describe('removing a contact on CloudBase', () => {
  it('takes effect on the removed person’s next call, and a replacement gets a fresh code', async () => {
    const cloud = new FakeCloud();
    const api = createApiHandler(cloud, { env: { DUBAN_BOOTSTRAP_CODE: 'c0de' }, log: () => undefined });
    const as =
      (openid: string) =>
      (action: string, payload: unknown = {}) => {
        cloud.context = { OPENID: openid };
        return api({ action, payload }) as Promise<{
          ok: boolean;
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers of several actions, read field by field
          data?: any;
          error?: { code: string; message: string };
        }>;
      };
    const admin = as('o-admin');
    const leaver = as('o-leaver');
    expect(await admin('bootstrap', { code: 'c0de' })).toMatchObject({ ok: true });
    // the directory is seeded at bootstrap
    const dir = await admin('listDirectory', {});
    const unit = { data: dir.data.units.find((u: { name: string }) => u.name === '芙蓉区人民政府') };
    const invite = await admin('createInvite', { unitId: unit.data.id, role: 'contact' });
    expect(await leaver('bind', { code: invite.data.code, name: '老联络员' })).toMatchObject({ ok: true });
    expect(await leaver('listMyTasks', {})).toMatchObject({ ok: true });

    const people = await admin('listUnitUsers', { unitId: unit.data.id });
    const person = people.data.find((p: { name: string }) => p.name === '老联络员');
    const replaced = await admin('removeUser', { userId: person.id, replace: true });
    expect(replaced.data.invite).toMatchObject({ unitId: unit.data.id, role: 'contact', usedAt: null });

    const next = await leaver('listMyTasks', {});
    expect(next).toMatchObject({ ok: false, error: { code: 'USER_REMOVED' } });
    expect(next.error?.message).toContain('移出本单位');
    expect(await leaver('me', {})).toMatchObject({ ok: false, error: { code: 'USER_REMOVED' } });
    expect((await admin('listUnitUsers', { unitId: unit.data.id })).data).toEqual([]);
    // the history keeps the name
    const audit = await admin('listAudit', {});
    expect(JSON.stringify(audit.data.items)).toContain('removeUser');
    // a stranger who never bound still hears “bind first”
    expect(await as('o-stranger')('me', {})).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    // the successor binds with the new code
    expect(await as('o-successor')('bind', { code: replaced.data.invite.code })).toMatchObject({ ok: true });
    // and the one removed may come back with a new code of their own, as someone new
    const back = await admin('createInvite', { unitId: unit.data.id, role: 'contact' });
    expect(await leaver('bind', { code: back.data.code })).toMatchObject({ ok: true });
    expect(await leaver('me', {})).toMatchObject({ ok: true });
  });
});
