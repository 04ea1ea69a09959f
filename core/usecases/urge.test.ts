import { DEFAULT_SETTINGS, type User } from '../model';
import { MessengerError } from '../ports/messenger';
import { SqliteReminderStore } from '../../server/store/sqlite/reminders';
import {
  breakStore,
  expectError,
  makeTestRuntime,
  type SmallPlan,
  type TestWorld,
} from '../../server/store/sqlite/testing';

let w: TestWorld;
let plan: SmallPlan;
let supervisor: User;
let furong: User;
const URGE_TEMPLATE = {
  templateId: 'TMPL-URGE',
  fields: [
    { key: 'thing1', value: 'task' },
    { key: 'thing2', value: 'note' },
    { key: 'date3', value: 'due' },
  ],
};

beforeEach(async () => {
  w = await makeTestRuntime();
  plan = await w.importSmallPlan();
  supervisor = await w.addUser('city-ducha', 'supervisor', '督查室');
  furong = await w.addUser('district-furong', 'contact', '芙蓉联络员');
  await w.store.saveSettings({ ...DEFAULT_SETTINGS, templates: { urge: URGE_TEMPLATE } });
});
afterEach(() => w.close());

describe('urge (催办)', () => {
  it('records the urge and sends it to each contact of the unit with the urge template', async () => {
    const second = await w.addUser('district-furong', 'contact', '芙蓉副联络员');
    const result = await w.call(supervisor, 'urge', {
      assignmentIds: [plan.a['t2:district-furong'], plan.a['t2:city-bianban']],
      message: '请于本周五前报送进展',
    });
    expect(result).toEqual({ urged: 2 });
    expect(await w.store.listUrgesOfTask('t2')).toHaveLength(2);
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
    w.messenger.failWith = () => new MessengerError(43101, 'user refuse to accept the msg');
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' });
    await w.store.saveSettings(DEFAULT_SETTINGS);
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '再次催办' });
    expect((await w.store.listUrgesOfTask('t2')).map((u) => u.message)).toEqual(['再次催办', '请抓紧']);
    expect(w.messenger.sent).toEqual([]);
  });

  it('with the reminder engine, the urge is queued for its pass instead of sent at once', async () => {
    const queued = await makeTestRuntime({ reminders: (s) => new SqliteReminderStore(s) });
    try {
      const p = await queued.importSmallPlan();
      const sup = await queued.addUser('city-ducha', 'supervisor');
      await queued.call(sup, 'urge', { assignmentIds: [p.a['t2:district-furong']], message: '请抓紧' });
      const events = await queued.rt.reminders!.pendingEvents(10);
      expect(events.map((e) => [e.event.kind, e.event.assignmentId, e.event.note])).toEqual([
        ['urge', p.a['t2:district-furong'], '请抓紧'],
      ]);
      expect(queued.messenger.sent).toEqual([]);
    } finally {
      queued.close();
    }
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

  it('only supervisors urge', async () => {
    const lead = await w.addUser('city-zwfw', 'contact');
    await expectError(
      w.call(lead, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' }),
      'FORBIDDEN',
    );
  });

  it('a store failure is an internal error and nothing is sent', async () => {
    breakStore(w, 'addUrges');
    await expectError(
      w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' }),
      'INTERNAL',
    );
    expect(w.messenger.sent).toEqual([]);
  });
});
