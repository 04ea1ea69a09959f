import { DEFAULT_SETTINGS, type User } from '../model';
import { MessengerError } from '../ports/messenger';
import { runReminderPass } from '../remind/pass';
import { breakStore, expectError, useWorld } from '../testing/world';

const URGE_TEMPLATE = {
  templateId: 'TMPL-URGE',
  fields: [
    { key: 'thing1', value: 'task' },
    { key: 'thing2', value: 'note' },
    { key: 'date3', value: 'due' },
  ],
};

const {
  w,
  plan,
  users: { supervisor, furong },
} = useWorld({
  smallPlan: true,
  users: { supervisor: ['city-ducha', 'supervisor', '督查室'], furong: ['district-furong', 'contact', '芙蓉联络员'] },
});
beforeEach(async () => {
  await w.store.saveSettings({ ...DEFAULT_SETTINGS, templates: { urge: URGE_TEMPLATE } });
});

/** The contact accepts the urge template once (one credit), as the app does before it is urged. */
const subscribe = (user: User) => w.call(user, 'recordSubscription', { results: { 'TMPL-URGE': 'accept' } });
/** The reminder pass the scheduler (or the remind cloud function) runs, now. */
const pass = () => runReminderPass({ reminders: w.reminders, messenger: w.messenger }, { now: w.clock.now() });

describe('urge (催办)', () => {
  it('records the urge, and the reminder pass sends it to each contact of the unit with the urge template', async () => {
    const second = await w.addUser('district-furong', 'contact', '芙蓉副联络员');
    await subscribe(furong);
    await subscribe(second);
    const result = await w.call(supervisor, 'urge', {
      assignmentIds: [plan.a['t2:district-furong'], plan.a['t2:city-bianban']],
      message: '请于本周五前报送进展',
    });
    expect(result).toEqual({ urged: 2, alreadyUrged: 0 });
    expect(await w.store.listUrgesOfTask('t2')).toHaveLength(2);
    await pass();
    const toFurong = w.messenger.sent.filter((m) => [furong.principal, second.principal].includes(m.touser));
    expect(toFurong).toHaveLength(2);
    expect(toFurong[0]).toMatchObject({
      kind: 'urge',
      templateId: 'TMPL-URGE',
      page: 'pages/task/index?id=t2',
      data: { thing2: { value: '请于本周五前报送进展' }, date3: { value: '2026年3月7日' } },
    });
    expect(toFurong[0].data.thing1.value.length).toBeLessThanOrEqual(20);
  });

  it('is recorded even when no template is configured or WeChat refuses the message', async () => {
    await subscribe(furong);
    w.messenger.failWith = () => new MessengerError(43101, 'user refuse to accept the msg');
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' });
    expect(await pass()).toMatchObject({ sent: 0, skipped: 1 });
    await w.store.saveSettings(DEFAULT_SETTINGS);
    w.messenger.failWith = null;
    await subscribe(furong);
    w.clock.advanceMinutes(11); // past the dedupe window
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '再次催办' });
    expect(await pass()).toMatchObject({ sent: 0 });
    expect((await w.store.listUrgesOfTask('t2')).map((u) => u.message)).toEqual(['再次催办', '请抓紧']);
    expect(w.messenger.sent).toEqual([]);
  });

  it('is queued for the reminder pass, not sent at once', async () => {
    await subscribe(furong);
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' });
    const events = await w.reminders.pendingEvents(10);
    expect(events.map((e) => [e.event.kind, e.event.assignmentId, e.event.note])).toEqual([
      ['urge', plan.a['t2:district-furong'], '请抓紧'],
    ]);
    expect(w.messenger.sent).toEqual([]);
  });

  it('skips closed assignments and refuses when all are closed', async () => {
    await w.store.updateAssignment(plan.a['t2:city-bianban'], { status: 'closed' });
    const r = await w.call(supervisor, 'urge', {
      assignmentIds: [plan.a['t2:district-furong'], plan.a['t2:city-bianban']],
      message: '请抓紧',
    });
    expect(r.urged).toBe(1);
    await expectError(
      w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:city-bianban']], message: '请抓紧' }),
      'CONFLICT',
    );
  });

  it('wants at least one assignment and a message', async () => {
    expect(
      (await expectError(w.call(supervisor, 'urge', { assignmentIds: [], message: '请抓紧' }), 'BAD_INPUT')).message,
    ).toContain('「任务分配」');
    expect(
      (await expectError(w.call(supervisor, 'urge', { assignmentIds: ['x'], message: '' }), 'BAD_INPUT')).message,
    ).toContain('「催办内容」');
    await expectError(w.call(supervisor, 'urge', { assignmentIds: ['nope'], message: '请抓紧' }), 'NOT_FOUND');
  });

  it('a lead unit urges the other units of the tasks it leads, and no one else', async () => {
    const lead = await w.addUser('city-zwfw', 'contact'); // 市政务服务中心 leads t2
    expect(
      await w.call(lead, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请牵头单位催办' }),
    ).toMatchObject({ urged: 1 });
    expect((await w.store.listUrgesOfTask('t2')).map((u) => [u.assignmentId, u.urgerId])).toEqual([
      [plan.a['t2:district-furong'], lead.id],
    ]);
    // t3 is led by 市编办, not by 市政务服务中心; and a unit does not urge itself
    await expectError(
      w.call(lead, 'urge', { assignmentIds: [plan.a['t3:district-furong']], message: '请抓紧' }),
      'FORBIDDEN',
    );
    await expectError(
      w.call(lead, 'urge', { assignmentIds: [plan.a['t2:city-zwfw']], message: '请抓紧' }),
      'FORBIDDEN',
    );
    // a contact whose unit leads nothing urges nothing
    await expectError(
      w.call(furong, 'urge', { assignmentIds: [plan.a['t2:city-bianban']], message: '请抓紧' }),
      'FORBIDDEN',
    );
  });

  it('a repeat within the dedupe window answers as already urged and records and sends nothing', async () => {
    await subscribe(furong);
    const ids = [plan.a['t2:district-furong']];
    expect(await w.call(supervisor, 'urge', { assignmentIds: ids, message: '请抓紧' })).toEqual({
      urged: 1,
      alreadyUrged: 0,
    });
    w.clock.advanceMinutes(0.05); // two seconds later
    expect(await w.call(supervisor, 'urge', { assignmentIds: ids, message: '请抓紧' })).toEqual({
      urged: 0,
      alreadyUrged: 1,
    });
    // one new, one repeat in a single call
    w.clock.advanceMinutes(9);
    expect(
      await w.call(supervisor, 'urge', { assignmentIds: [...ids, plan.a['t2:city-bianban']], message: '请抓紧' }),
    ).toEqual({ urged: 1, alreadyUrged: 1 });
    expect(await w.store.listUrgesOfTask('t2')).toHaveLength(2);
    await pass();
    expect(w.messenger.sent.filter((m) => m.touser === furong.principal)).toHaveLength(1);
    // after the window, it is urged again; the window is a setting (0: never deduplicated)
    w.clock.advanceMinutes(2);
    expect(await w.call(supervisor, 'urge', { assignmentIds: ids, message: '再次催办' })).toMatchObject({ urged: 1 });
    await w.store.saveSettings({ ...(await w.store.getSettings()), urgeDedupeMinutes: 0 });
    expect(await w.call(supervisor, 'urge', { assignmentIds: ids, message: '再次催办' })).toMatchObject({ urged: 1 });
    expect(await w.store.urgeStats(ids)).toEqual({
      [ids[0]]: { count: 3, lastAt: w.clock.now(), unread: 3 },
    });
  });

  it('is read (已读) when a contact of the urged unit opens the task, not when others do', async () => {
    const ids = [plan.a['t2:district-furong']];
    await w.call(supervisor, 'urge', { assignmentIds: ids, message: '请抓紧' });
    const lead = await w.addUser('city-zwfw', 'contact');
    await w.call(lead, 'getTask', { taskId: 't2' });
    await w.call(supervisor, 'getTask', { taskId: 't2' });
    expect((await w.call(supervisor, 'getTask', { taskId: 't2' })).urges[0].readAt).toBeNull();
    expect((await w.call(furong, 'inbox', {})).counts.urge).toBe(1);
    w.clock.advanceMinutes(5);
    const opened = await w.call(furong, 'getTask', { taskId: 't2' });
    expect(opened.urges[0].readAt).toBe(w.clock.now());
    expect((await w.call(supervisor, 'getTask', { taskId: 't2' })).urges[0].readAt).toBe(w.clock.now());
    expect(await w.store.urgeStats(ids)).toEqual({ [ids[0]]: { count: 1, lastAt: expect.any(String), unread: 0 } });
    expect((await w.call(furong, 'inbox', {})).counts.urge).toBe(0);
  });

  it('a store failure is an internal error and nothing is queued or sent', async () => {
    await subscribe(furong);
    breakStore(w, 'addUrges');
    await expectError(
      w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' }),
      'INTERNAL',
    );
    expect(await w.reminders.pendingEvents(10)).toEqual([]);
    await pass();
    expect(w.messenger.sent).toEqual([]);
  });
});
