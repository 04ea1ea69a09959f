import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin'] } });

describe('setGroupMembers', () => {
  it('sets which units a collective stands for, with the before and after in the trace', async () => {
    const group = await w.call(admin, 'setGroupMembers', {
      groupId: 'group-parks',
      members: ['park-jingkai', 'park-gaoxin', 'park-jingkai'],
    });
    expect(group).toMatchObject({ id: 'group-parks', name: '各园区管委会', members: ['park-jingkai', 'park-gaoxin'] });
    const entry = (await w.call(admin, 'listAudit', {})).items[0];
    expect(entry).toMatchObject({ action: 'setGroupMembers', target: 'group:group-parks' });
    expect((entry.detail.before as string[]).length).toBe(13);
  });

  it('refuses members that are not units, and an unknown collective', async () => {
    const err = await expectError(
      w.call(admin, 'setGroupMembers', { groupId: 'group-parks', members: ['ghost'] }),
      'BAD_INPUT',
    );
    expect(err.detail?.unknown).toEqual(['ghost']);
    await expectError(w.call(admin, 'setGroupMembers', { groupId: 'group-parks' }), 'BAD_INPUT');
    await expectError(w.call(admin, 'setGroupMembers', { groupId: 'nope', members: [] }), 'NOT_FOUND');
  });

  it('only an admin edits collectives', async () => {
    const contact = await w.addUser('district-furong', 'contact');
    await expectError(w.call(contact, 'setGroupMembers', { groupId: 'group-parks', members: [] }), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'saveGroup');
    await expectError(w.call(admin, 'setGroupMembers', { groupId: 'group-parks', members: [] }), 'INTERNAL');
  });
});
