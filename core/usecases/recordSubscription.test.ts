import { DEFAULT_SETTINGS } from '../model';
import { runReminderPass } from '../remind/pass';
import { reminderTemplates } from '../testing/templates';
import { breakReminders, expectError, useWorld } from '../testing/world';
import { beijingInstant } from '../time';

const { w } = useWorld({ now: beijingInstant('2026-03-20', 10) });
beforeEach(async () => {
  await w.store.saveSettings({ ...DEFAULT_SETTINGS, templates: reminderTemplates() });
});

describe('recordSubscription', () => {
  it('adds one credit per accepted template and answers the credits', async () => {
    const zhang = await w.addUser('district-furong', 'contact', '张三');
    const first = await w.call(zhang, 'recordSubscription', {
      results: {
        'TMPL-DUE': 'accept',
        'TMPL-OVERDUE': 'reject',
        'TMPL-URGE': 'accept',
        errMsg: 'requestSubscribeMessage:ok',
      },
    });
    expect(first.credits).toEqual({ 'TMPL-DUE': 1, 'TMPL-URGE': 1 });
    const second = await w.call(zhang, 'recordSubscription', { results: { 'TMPL-DUE': 'accept' } });
    expect(second.credits).toEqual({ 'TMPL-DUE': 2, 'TMPL-URGE': 1 });
    expect((await w.call(zhang, 'me')).credits).toEqual({ 'TMPL-DUE': 2, 'TMPL-URGE': 1 });
  });

  it('ignores template ids this deployment does not use', async () => {
    const zhang = await w.addUser('district-furong', 'contact');
    const r = await w.call(zhang, 'recordSubscription', { results: { 'SOMEONE-ELSES': 'accept', 'TMPL-DUE': 'ban' } });
    expect(r.credits).toEqual({});
  });

  it('refuses malformed results with a sentence naming the field', async () => {
    const zhang = await w.addUser('district-furong', 'contact');
    await expect(w.call(zhang, 'recordSubscription', { results: 'accept' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('订阅结果'),
    });
    await expect(w.call(zhang, 'recordSubscription', {})).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses a caller who has not bound an invite code', async () => {
    await expect(w.call(null, 'recordSubscription', { results: { 'TMPL-DUE': 'accept' } })).rejects.toMatchObject({
      code: 'NOT_BOUND',
    });
  });

  it('says so in Chinese when the reminder store fails (every runtime has one: Runtime.reminders is required)', async () => {
    const u = await w.addUser('district-furong', 'contact');
    breakReminders(w, 'creditsOf');
    await expectError(w.call(u, 'recordSubscription', { results: {} }), 'INTERNAL');
  });
});

describe('myMessages', () => {
  it('shows the caller its own messages, newest first, exactly as sent', async () => {
    const plan = await w.importSmallPlan();
    const furong = await w.addUser('district-furong', 'contact', '张三');
    const bianban = await w.addUser('city-bianban', 'contact', '李四');
    await w.call(furong, 'recordSubscription', { results: { 'TMPL-DUE': 'accept', 'TMPL-OVERDUE': 'accept' } });
    const r = await runReminderPass({ reminders: w.reminders, messenger: w.messenger }, { now: w.clock.now() });
    expect(r.sent).toBe(2);
    const mine = await w.call(furong, 'myMessages');
    expect(mine.map((m) => m.kind).sort()).toEqual(['due', 'overdue']);
    const due = mine.find((m) => m.kind === 'due')!;
    expect(due).toMatchObject({
      templateId: 'TMPL-DUE',
      status: 'sent',
      page: `pages/task/index?id=${plan.tasks.t3.id}`,
    });
    expect(due.data).toEqual(w.messenger.sent.find((m) => m.kind === 'due')!.data);
    expect(await w.call(bianban, 'myMessages')).toEqual([]);
  });

  it('refuses a caller who has not bound an invite code', async () => {
    await expect(w.call(null, 'myMessages')).rejects.toMatchObject({ code: 'NOT_BOUND' });
  });
});
