import { DEFAULT_SETTINGS } from '../model';
import { breakStore, expectError, useWorld } from '../testing/world';

const { w } = useWorld({ smallPlan: true });

describe('me', () => {
  it('says who the caller is and whether its unit leads tasks (then it reviews)', async () => {
    const lead = await w.addUser('city-bianban', 'contact', '编办联络员');
    const district = await w.addUser('district-tianxin', 'contact');
    expect(await w.call(lead, 'me')).toMatchObject({
      user: { id: lead.id, unitName: '市编办', role: 'contact', name: '编办联络员' },
      leadsTasks: true,
      credits: {},
      demo: false,
    });
    expect((await w.call(district, 'me')).leadsTasks).toBe(false);
  });

  it('offers at most three template ids to subscribe to, deadline reminders first', async () => {
    const t = (id: string) => ({ templateId: id, fields: [{ key: 'thing1', value: 'task' }] });
    await w.store.saveSettings({
      ...DEFAULT_SETTINGS,
      templates: {
        urge: t('T-URGE'),
        returned: t('T-RET'),
        due: t('T-DUE'),
        overdue: t('T-DUE'),
        accepted: t('T-ACC'),
      },
    });
    const user = await w.addUser('district-furong', 'contact');
    expect((await w.call(user, 'me')).subscribeTemplateIds).toEqual(['T-DUE', 'T-URGE', 'T-RET']);
  });

  it('refuses a malformed payload and an unbound caller', async () => {
    const user = await w.addUser('district-furong', 'contact');
    await expectError(w.call(user, 'me', 'not an object'), 'BAD_INPUT');
    await expectError(w.call(null, 'me', {}), 'NOT_BOUND');
  });

  it('a store failure is an internal error', async () => {
    const user = await w.addUser('district-furong', 'contact');
    breakStore(w, 'getUnit');
    await expectError(w.call(user, 'me'), 'INTERNAL');
  });
});
