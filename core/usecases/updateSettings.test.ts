import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { admin },
} = useWorld({ smallPlan: true, users: { admin: ['city-ducha', 'admin'] } });

describe('updateSettings', () => {
  it('changes what is given, keeps the rest, and the yellow window changes the lights', async () => {
    const next = await w.call(admin, 'updateSettings', {
      yellowDays: 2,
      reminderOffsets: [1, 7, 3, 3],
      templates: {
        due: {
          templateId: 'TMPL-DUE',
          fields: [
            { key: 'thing1', value: 'task' },
            { key: 'date2', value: 'due' },
          ],
        },
      },
    });
    expect(next).toMatchObject({ yellowDays: 2, reminderOffsets: [7, 3, 1], overdueEveryDays: 3, sendFromHour: 8 });
    const { plans, ...stored } = next;
    expect(await w.store.getSettings()).toEqual(stored);
    expect(plans).toEqual([{ id: plan.planId, title: '测试方案' }]);
    const furong = await w.addUser('district-furong', 'contact');
    const t3 = (await w.call(furong, 'listMyTasks', {})).items.find(
      (c) => c.assignmentId === plan.a['t3:district-furong'],
    );
    expect(t3?.light).toBe('green'); // 3 days left, outside a 2-day window
    expect((await w.call(admin, 'listAudit', {})).items[0]).toMatchObject({
      action: 'updateSettings',
      detail: { changed: ['yellowDays', 'reminderOffsets', 'templates'] },
    });
  });

  it('refuses values out of range, unknown settings and templates WeChat would reject', async () => {
    expect((await expectError(w.call(admin, 'updateSettings', { yellowDays: -1 }), 'BAD_INPUT')).message).toContain(
      '「临期天数」',
    );
    await expectError(w.call(admin, 'updateSettings', { colour: 'red' }), 'BAD_INPUT');
    await expectError(w.call(admin, 'updateSettings', { sendFromHour: 20, sendToHour: 8 }), 'BAD_INPUT');
    const bad = await expectError(
      w.call(admin, 'updateSettings', {
        templates: { urge: { templateId: 'T', fields: [{ key: 'weird1', value: 'task' }] } },
      }),
      'BAD_INPUT',
    );
    expect(bad.message).toContain('「消息模板」');
    expect(await w.store.getSettings()).toMatchObject({ yellowDays: 7, templates: {} });
  });

  it('only an admin changes settings', async () => {
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    await expectError(w.call(supervisor, 'updateSettings', { yellowDays: 3 }), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'saveSettings');
    await expectError(w.call(admin, 'updateSettings', { yellowDays: 3 }), 'INTERNAL');
  });
});
