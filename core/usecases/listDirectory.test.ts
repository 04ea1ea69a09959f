import { breakStore, expectError, useWorld } from '../testing/world';

const { w } = useWorld();

describe('listDirectory', () => {
  it('lists the units with their aliases and the collectives with their members', async () => {
    const contact = await w.addUser('district-furong', 'contact');
    const dir = await w.call(contact, 'listDirectory', {});
    expect(dir.units).toHaveLength(85);
    expect(dir.units.find((u) => u.id === 'city-bianban')?.aliases).toContain('市编委办');
    expect(dir.groups.find((g) => g.id === 'group-districts')?.members).toHaveLength(9);
  });

  it('refuses a malformed payload and an unbound caller', async () => {
    const contact = await w.addUser('district-furong', 'contact');
    await expectError(w.call(contact, 'listDirectory', 'all'), 'BAD_INPUT');
    await expectError(w.call(null, 'listDirectory', {}), 'NOT_BOUND');
  });

  it('a store failure is an internal error', async () => {
    const contact = await w.addUser('district-furong', 'contact');
    breakStore(w, 'getDirectory');
    await expectError(w.call(contact, 'listDirectory', {}), 'INTERNAL');
  });
});
