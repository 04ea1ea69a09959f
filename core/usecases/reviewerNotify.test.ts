/**
 * Reviewers are told (issue 10): a completion claim or an extension request sends a subscription message of its
 * own kind (claimReview, extensionReview) to the lead unit's contacts and to the supervisors, within the same
 * credit rules, and never to the claimant's unit.
 */
import { DEFAULT_SETTINGS, type User } from '../model';
import { runReminderPass } from '../remind/pass';
import { useWorld } from '../testing/world';

const template = (id: string) => ({
  templateId: id,
  fields: [
    { key: 'thing1', value: 'task' },
    { key: 'thing2', value: 'unit' },
    { key: 'thing3', value: 'note' },
  ],
});

const {
  w,
  plan,
  users: { supervisor, furong, zwfw, bianban },
} = useWorld({
  smallPlan: true,
  users: {
    supervisor: ['city-ducha', 'supervisor', '督查室'],
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    zwfw: ['city-zwfw', 'contact', '政务中心联络员'],
    bianban: ['city-bianban', 'contact', '编办联络员'],
  },
});
beforeEach(async () => {
  await w.store.saveSettings({
    ...DEFAULT_SETTINGS,
    templates: { claimReview: template('TMPL-CLAIM'), extensionReview: template('TMPL-EXT') },
  });
});

const subscribe = (user: User) =>
  w.call(user, 'recordSubscription', { results: { 'TMPL-CLAIM': 'accept', 'TMPL-EXT': 'accept' } });
const pass = () => runReminderPass({ reminders: w.reminders, messenger: w.messenger }, { now: w.clock.now() });
const sentTo = (kind: string) =>
  w.messenger.sent
    .filter((m) => m.kind === kind)
    .map((m) => m.touser)
    .sort();

describe('reviewer notifications', () => {
  it('a claim goes to the lead unit’s contacts and the supervisors, not to the claimant’s unit', async () => {
    for (const u of [supervisor, furong, zwfw, bianban]) await subscribe(u);
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'c1',
      text: '已完成，请审核',
      claimDone: true,
    });
    await pass();
    expect(sentTo('claimReview')).toEqual([supervisor.principal, zwfw.principal].sort());
    const msg = w.messenger.sent.find((m) => m.kind === 'claimReview')!;
    expect(msg).toMatchObject({ templateId: 'TMPL-CLAIM', page: 'pages/task/index?id=t2' });
    expect(msg.data.thing2.value).toBe('芙蓉区人民政府');
    expect(msg.data.thing3.value).toContain('申请办结');
    // exactly once: a second pass sends nothing more
    await pass();
    expect(sentTo('claimReview')).toHaveLength(2);
    // a plain report is no claim: nobody is told
    await w.call(bianban, 'submitReport', { assignmentId: plan.a['t2:city-bianban'], requestId: 'p1', text: '推进中' });
    await pass();
    expect(sentTo('claimReview')).toHaveLength(2);
  });

  it('an extension request goes to the same reviewers', async () => {
    for (const u of [supervisor, furong, zwfw, bianban]) await subscribe(u);
    await w.call(furong, 'requestExtension', {
      assignmentId: plan.a['t3:district-furong'],
      newDue: '2027-06-30',
      reason: '需市级统筹',
    });
    await pass();
    // t3 is led by 市编办
    expect(sentTo('extensionReview')).toEqual([supervisor.principal, bianban.principal].sort());
  });

  it('keeps the credit rules: a reviewer without a credit gets nothing until it subscribes', async () => {
    await subscribe(supervisor);
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'c1',
      text: '已完成，请审核',
      claimDone: true,
    });
    await pass();
    expect(sentTo('claimReview')).toEqual([supervisor.principal]);
    await subscribe(zwfw);
    await pass();
    expect(sentTo('claimReview')).toEqual([supervisor.principal, zwfw.principal].sort());
  });
});
