import { DEFAULT_SETTINGS } from '../model';
import { breakStore, expectError, useWorld } from '../testing/world';

const { w } = useWorld();

describe('getSettings', () => {
  it('gives the defaults until an admin changes them', async () => {
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    expect(await w.call(supervisor, 'getSettings', {})).toEqual({ ...DEFAULT_SETTINGS, plans: [] });
  });

  it('refuses a malformed payload and a contact', async () => {
    const admin = await w.addUser('city-ducha', 'admin');
    await expectError(w.call(admin, 'getSettings', 5), 'BAD_INPUT');
    const contact = await w.addUser('district-furong', 'contact');
    await expectError(w.call(contact, 'getSettings', {}), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    const admin = await w.addUser('city-ducha', 'admin');
    breakStore(w, 'getSettings');
    await expectError(w.call(admin, 'getSettings', {}), 'INTERNAL');
  });
});
