import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReminderPass, type PassDeps } from '../../../core/remind/pass';
import { checkMessageData } from '../../../core/remind/format';
import { beijingInstant } from '../../../core/time';
import { OutboxMessenger, listOutbox } from '../../outbox';
import { openSqliteStore } from './index';
import { SqliteReminderStore } from './reminders';
import { openSeededDb, type SeededDb } from './remindersFixture';
import { badData, busy, CueMessenger, refused } from './remindersTesting';

/** 2018-04-27 10:00 Beijing: three days before the tasks due at the end of April. */
const NOW = beijingInstant('2018-04-27', 10);
const plusMinutes = (at: string, m: number) => new Date(Date.parse(at) + m * 60_000).toISOString();

/** How many end-of-April reminders go out when every contact has `credits` of the due template. */
function dueWithCredits(seeded: SeededDb, credits: number): number {
  const perUnit = new Map<string, number>();
  for (const a of seeded.assignments.filter((x) => x.dueDate === '2018-04-30')) {
    perUnit.set(a.unitId, (perUnit.get(a.unitId) ?? 0) + 1);
  }
  return [...perUnit.values()].reduce((n, c) => n + Math.min(c, credits), 0);
}

let db: SeededDb;
let messenger: CueMessenger;
let deps: PassDeps;

/** The contact of 芙蓉区人民政府 gets `n` credits of every template; nobody else has any. */
function creditFurong(n: number) {
  for (const t of ['TMPL-DUE', 'TMPL-OVERDUE', 'TMPL-URGE', 'TMPL-REVIEW', 'TMPL-EXTENSION', 'TMPL-PERIODIC']) {
    db.reminders.setCredits('u-district-furong', t, n, NOW);
  }
}

beforeEach(async () => {
  db = await openSeededDb(':memory:');
  messenger = new CueMessenger();
  deps = { reminders: db.reminders, messenger };
});
afterEach(() => db.store.close());

describe('a reminder pass', () => {
  it('sends each due reminder once: a second pass sends nothing new', async () => {
    creditFurong(50);
    const first = await runReminderPass(deps, { now: NOW });
    const furongDue = db.assignments.filter((a) => a.unitId === 'district-furong' && a.dueDate === '2018-04-30');
    expect(furongDue.length).toBeGreaterThan(3);
    expect(first.sent).toBe(furongDue.length);
    expect(messenger.sent.map((m) => m.key).sort()).toEqual(
      furongDue.map((a) => `due:${a.id}:2018-04-30:3:u-district-furong`).sort(),
    );
    expect(messenger.sent.every((m) => m.touser === 'openid-district-furong' && m.templateId === 'TMPL-DUE')).toBe(
      true,
    );
    expect(messenger.sent.every((m) => checkMessageData(m.data).length === 0)).toBe(true);
    const second = await runReminderPass(deps, { now: plusMinutes(NOW, 5) });
    expect(second).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
    expect(messenger.sent).toHaveLength(furongDue.length);
    expect(await db.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 50 - furongDue.length });
  });

  it('after days without passes sends only the latest mark reached, once: no burst of missed reminders', async () => {
    creditFurong(50);
    const furong = db.assignments.filter((a) => a.unitId === 'district-furong' && a.dueDate === '2018-04-30');
    await runReminderPass(deps, { now: beijingInstant('2018-04-23', 9) }); // the 7-day mark
    // the server was down from 04-24 to 04-28: the 3-day mark (04-27) passed unseen
    await runReminderPass(deps, { now: beijingInstant('2018-04-29', 9) });
    await runReminderPass(deps, { now: beijingInstant('2018-04-29', 10) });
    const offsets = messenger.sent.map((m) => m.key.split(':')[3]);
    expect(offsets.filter((o) => o === '7')).toHaveLength(furong.length);
    expect(offsets.filter((o) => o === '3')).toHaveLength(0);
    expect(offsets.filter((o) => o === '1')).toHaveLength(furong.length);
  });

  it('waits for the morning outside sending hours', async () => {
    creditFurong(50);
    expect(await runReminderPass(deps, { now: beijingInstant('2018-04-27', 6) })).toMatchObject({ sent: 0 });
    expect(await runReminderPass(deps, { now: beijingInstant('2018-04-27', 21) })).toMatchObject({ sent: 0 });
    expect(messenger.sent).toHaveLength(0);
    expect((await runReminderPass(deps, { now: beijingInstant('2018-04-27', 8) })).sent).toBeGreaterThan(0);
  });

  it('with credits short sends the most urgent and leaves the rest waiting', async () => {
    // on 05-02 some of 芙蓉区's April tasks are overdue; with both kinds on one template, overdue ones win
    const settings = await db.store.getSettings();
    await db.store.saveSettings({
      ...settings,
      templates: {
        ...settings.templates,
        due: { ...settings.templates.due!, templateId: 'TMPL-ONE' },
        overdue: { ...settings.templates.overdue!, templateId: 'TMPL-ONE' },
      },
    });
    db.reminders.setCredits('u-district-furong', 'TMPL-ONE', 2, NOW);
    const r = await runReminderPass(deps, { now: beijingInstant('2018-05-29', 10) });
    expect(r.sent).toBe(2);
    expect(r.waiting).toBeGreaterThan(0);
    expect(messenger.sent.map((m) => m.kind)).toEqual(['overdue', 'overdue']);
    expect(await db.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-ONE': 0 });
  });

  it('on 43101 zeroes that credit, records the message as skipped and does not try again', async () => {
    creditFurong(50);
    messenger.cue = () => refused();
    const r = await runReminderPass(deps, { now: NOW });
    expect(r.skipped).toBe(1);
    expect(r.sent).toBe(0);
    const credits = await db.reminders.creditsOf('u-district-furong');
    expect(credits['TMPL-DUE']).toBe(0);
    const [msg] = await db.reminders.messagesOf('u-district-furong', 10);
    expect(msg).toMatchObject({ status: 'skipped', errCode: 43101 });
    messenger.cue = () => null;
    const again = await runReminderPass(deps, { now: plusMinutes(NOW, 30) });
    expect(again).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
    expect(messenger.attempts.size).toBe(1);
  });

  it('on 47003 records a failure naming the field, gives the credit back and does not retry blindly', async () => {
    creditFurong(3);
    messenger.cue = (m) => (m.key === firstKey() ? badData('thing1') : null);
    const firstKey = () => [...messenger.attempts.keys()][0];
    const r = await runReminderPass(deps, { now: NOW });
    expect(r.failed).toBe(1);
    const failed = (await db.reminders.messagesOf('u-district-furong', 50)).find((m) => m.status === 'failed');
    expect(failed?.errCode).toBe(47003);
    expect(failed?.error).toContain('thing1');
    // the failed one's credit came back and paid for the next one
    expect(r.sent).toBe(3);
    const again = await runReminderPass(deps, { now: plusMinutes(NOW, 30) });
    expect(again.failed).toBe(0);
    expect(messenger.attempts.get(failed!.key)).toBe(1);
  });

  it('retries a transient failure on later passes, spending one credit in the end', async () => {
    creditFurong(1);
    messenger.cue = (_m, attempt) => (attempt <= 2 ? busy() : null);
    expect(await runReminderPass(deps, { now: NOW })).toMatchObject({ sent: 0, retrying: 1 });
    // the credit stays with the message being retried: no other message takes it meanwhile
    expect(await db.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 0 });
    expect(await runReminderPass(deps, { now: plusMinutes(NOW, 5) })).toMatchObject({ sent: 0, retrying: 1 });
    expect(await runReminderPass(deps, { now: plusMinutes(NOW, 10) })).toMatchObject({ sent: 1, retrying: 0 });
    const [msg] = await db.reminders.messagesOf('u-district-furong', 10);
    expect(msg).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await db.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 0 });
    expect(messenger.sent).toHaveLength(1);
  });

  it('gives up after five attempts, records the failure and lets the credit serve the next message', async () => {
    creditFurong(1);
    messenger.cue = () => busy();
    await runReminderPass(deps, { now: NOW });
    const [first] = await db.reminders.messagesOf('u-district-furong', 10);
    for (let i = 1; i < 4; i++) await runReminderPass(deps, { now: plusMinutes(NOW, i * 5) });
    const last = await runReminderPass(deps, { now: plusMinutes(NOW, 20) });
    expect(last.failed).toBe(1);
    const records = await db.reminders.messagesOf('u-district-furong', 10);
    expect(records.find((m) => m.key === first.key)).toMatchObject({ status: 'failed', attempts: 5 });
    // the credit came back and the next most urgent reminder took it
    expect(records.filter((m) => m.status === 'retry')).toHaveLength(1);
    await runReminderPass(deps, { now: plusMinutes(NOW, 25) });
    expect(messenger.attempts.get(first.key)).toBe(5);
  });

  it('takes over a claim a dead pass left unfinished, after ten minutes, without spending a second credit', async () => {
    creditFurong(1);
    // a pass claimed the message and died while sending it (its send never returns)
    const dead = { send: () => new Promise<void>(() => undefined) };
    void runReminderPass({ reminders: db.reminders, messenger: dead }, { now: NOW });
    for (let i = 0; i < 50 && (await db.reminders.messagesOf('u-district-furong', 1)).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const [claimed] = await db.reminders.messagesOf('u-district-furong', 10);
    expect(claimed.status).toBe('claimed');
    expect(await db.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 0 });

    expect(await runReminderPass(deps, { now: plusMinutes(NOW, 5) })).toMatchObject({ sent: 0 });
    expect(await runReminderPass(deps, { now: plusMinutes(NOW, 11) })).toMatchObject({ sent: 1 });
    expect(messenger.sent.map((m) => m.key)).toEqual([claimed.key]);
    const [done] = await db.reminders.messagesOf('u-district-furong', 10);
    expect(done).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('stops at its time budget and the next pass resumes where it stopped', async () => {
    for (const c of db.contacts) db.reminders.setCredits(c.id, 'TMPL-DUE', 5, NOW);
    let ticks = 0;
    const timer = () => ticks++; // every look at the clock costs a millisecond
    const results = [];
    for (let i = 0; i < 50; i++) {
      const r = await runReminderPass({ ...deps, timer }, { now: plusMinutes(NOW, i), budgetMs: 25, batchSize: 10 });
      results.push(r);
      if (r.complete) break;
    }
    expect(results.length).toBeGreaterThan(2);
    expect(results[0].complete).toBe(false);
    const expected = dueWithCredits(db, 5);
    expect(messenger.sent).toHaveLength(expected);
    expect(new Set(messenger.sent.map((m) => m.key)).size).toBe(expected);
  });

  it('sends queued event messages to the unit contacts, once', async () => {
    creditFurong(5);
    const a = db.assignments.find((x) => x.unitId === 'district-furong')!;
    await db.reminders.enqueueEvent({
      id: 'event-urge-1',
      kind: 'urge',
      assignmentId: a.id,
      refId: 'urge-1',
      createdAt: NOW,
      note: '请于本周五前报送进展，逾期将通报',
      from: '市政府督查室',
    });
    await runReminderPass(deps, { now: NOW });
    const urges = messenger.sent.filter((m) => m.kind === 'urge');
    expect(urges).toHaveLength(1);
    expect(urges[0]).toMatchObject({
      key: `urge:${a.id}:urge-1:u-district-furong`,
      templateId: 'TMPL-URGE',
      page: `pages/task/index?id=${a.taskId}`,
    });
    expect(urges[0].data.thing4.value).toBe('请于本周五前报送进展，逾期将通报');
    expect(await db.reminders.pendingEvents(10)).toEqual([]);
    await runReminderPass(deps, { now: plusMinutes(NOW, 5) });
    expect(messenger.sent.filter((m) => m.kind === 'urge')).toHaveLength(1);
  });

  it('gives a contact who subscribes in the afternoon the day’s reminders that afternoon', async () => {
    const morning = await runReminderPass(deps, { now: NOW });
    expect(morning.sent).toBe(0);
    expect(morning.waiting).toBeGreaterThan(0);
    await db.reminders.addCredits('u-district-furong', ['TMPL-DUE'], beijingInstant('2018-04-27', 15));
    const afternoon = await runReminderPass(deps, { now: beijingInstant('2018-04-27', 15) });
    expect(afternoon.sent).toBe(1);
    expect(messenger.sent[0].touser).toBe('openid-district-furong');
  });

  it('does not read the assignments again the same day when nothing changed, and does after a change', async () => {
    creditFurong(50);
    let reads = 0;
    const counting = Object.create(db.reminders) as typeof db.reminders;
    counting.openAssignments = (...args) => {
      reads++;
      return db.reminders.openAssignments(...args);
    };
    const d = { reminders: counting, messenger };
    await runReminderPass(d, { now: NOW });
    const first = reads;
    expect(first).toBeGreaterThan(0);
    await runReminderPass(d, { now: plusMinutes(NOW, 5) });
    expect(reads).toBe(first);
    // an extension moves a due date to three days from now: the next pass looks again and reminds
    const a = db.assignments.find((x) => x.unitId === 'district-furong' && x.dueDate === '2018-05-31')!;
    await db.store.updateAssignment(a.id, { dueDate: '2018-04-30' });
    await runReminderPass(d, { now: plusMinutes(NOW, 10) });
    expect(reads).toBeGreaterThan(first);
    expect(messenger.sent.map((m) => m.key)).toContain(`due:${a.id}:2018-04-30:3:u-district-furong`);
  });

  it('does not let events waiting for a credit hold back newer ones', async () => {
    creditFurong(5);
    const stuck = db.assignments.filter((x) => x.unitId === 'district-tianxin').slice(0, 5);
    const mine = db.assignments.find((x) => x.unitId === 'district-furong')!;
    const urge = (id: string, assignmentId: string, minutes: number) =>
      db.reminders.enqueueEvent({
        id,
        kind: 'urge',
        assignmentId,
        refId: id,
        createdAt: plusMinutes(NOW, -60 + minutes),
        note: '请抓紧办理',
        from: '市政府督查室',
      });
    for (const [i, a] of stuck.entries()) await urge(`old-${i}`, a.id, i);
    await urge('new', mine.id, 30);
    await runReminderPass(deps, { now: NOW, batchSize: 2 });
    expect(messenger.sent.filter((m) => m.kind === 'urge').map((m) => m.key)).toEqual([
      `urge:${mine.id}:new:u-district-furong`,
    ]);
    // the ones nobody could receive yet stay queued
    expect((await db.reminders.pendingEvents(10)).map((e) => e.event.id)).toEqual(stuck.map((_, i) => `old-${i}`));
  });

  it('sends nothing for closed assignments', async () => {
    creditFurong(50);
    for (const a of db.assignments.filter((x) => x.unitId === 'district-furong')) {
      await db.store.updateAssignment(a.id, { status: 'closed', closedAt: NOW });
    }
    expect(await runReminderPass(deps, { now: NOW })).toMatchObject({ sent: 0 });
  });
});

describe('the change stamp', () => {
  it('changes with what can make a reminder due, not with reports or steps forward', async () => {
    const a = db.assignments.find((x) => x.unitId === 'district-furong')!;
    const stamp = () => db.reminders.changeStamp();
    let before = await stamp();
    await db.store.updateAssignment(a.id, { status: 'acknowledged', acknowledgedAt: NOW, lastReportAt: NOW });
    await db.store.updateAssignment(a.id, { status: 'claimed' });
    expect(await stamp()).toBe(before);
    await db.store.updateAssignment(a.id, { status: 'in_progress' }); // the claim was returned
    expect(await stamp()).not.toBe(before);
    before = await stamp();
    await db.store.updateAssignment(a.id, { dueDate: '2018-06-30' }); // an extension approved
    expect(await stamp()).not.toBe(before);
    before = await stamp();
    await db.reminders.addCredits('u-district-furong', ['TMPL-DUE'], NOW);
    expect(await stamp()).not.toBe(before);
    before = await stamp();
    db.reminders.setCredits('u-district-furong', 'TMPL-DUE', 0, NOW);
    expect(await stamp()).toBe(before);
    await db.store.saveSettings({ ...(await db.store.getSettings()), sendFromHour: 9 });
    expect(await stamp()).not.toBe(before);
  });
});

describe('what reaches the outbox', () => {
  it('keeps WeChat rules in every message: all seven kinds, the longest task texts of the seed', async () => {
    const every = (templateId: string) => ({
      templateId,
      fields: [
        { key: 'thing1', value: 'task' },
        { key: 'thing2', value: 'note' },
        { key: 'date3', value: 'due' },
        { key: 'time4', value: 'time' },
        { key: 'phrase5', value: 'status' },
        { key: 'name6', value: 'unit' },
        { key: 'name7', value: 'user' },
        { key: 'character_string8', value: 'deadline' },
        { key: 'number9', value: 'seq' },
        { key: 'thing10', value: 'from' },
        { key: 'thing11', value: 'stage' },
        { key: 'thing12', value: 'daysLeft' },
        { key: 'phrase13', value: 'title' },
        { key: 'thing14', value: 'deadline' },
      ],
    });
    const kinds = ['due', 'overdue', 'periodic', 'returned', 'accepted', 'extension', 'urge'] as const;
    const settings = await db.store.getSettings();
    await db.store.saveSettings({
      ...settings,
      periodicReportDay: 28,
      periodicRemindDaysBefore: 3,
      templates: Object.fromEntries(kinds.map((k) => [k, every(`T-${k}`)])),
    });
    const longest = [...db.tasks].sort((a, b) => b.content.length - a.content.length).slice(0, 3);
    // the contacts of the units on the longest tasks can receive everything
    const units = new Set(db.assignments.filter((a) => longest.some((t) => t.id === a.taskId)).map((a) => a.unitId));
    for (const u of units) for (const k of kinds) db.reminders.setCredits(`u-${u}`, `T-${k}`, 100, NOW);
    const outbox = new OutboxMessenger(db.store.db, () => NOW);
    const longText = longest[0].content;
    for (const t of longest) {
      const a = db.assignments.find((x) => x.taskId === t.id)!;
      for (const kind of ['returned', 'accepted', 'extension', 'urge'] as const) {
        await db.reminders.enqueueEvent({
          id: `${kind}-${a.id}`,
          kind,
          assignmentId: a.id,
          refId: `${kind}-ref`,
          createdAt: NOW,
          note: longText,
          from: '长沙市人民政府办公厅督查室（市绩效评估办公室）',
          approved: kind === 'extension' ? true : null,
          newDue: kind === 'extension' ? '2018-06-30' : null,
        });
      }
    }
    const pass = (now: string) =>
      runReminderPass({ reminders: db.reminders, messenger: outbox }, { now, batchSize: 500 });
    await pass(NOW); // due (3 days before 04-30), periodic (the 28th), the events
    await pass(beijingInstant('2018-05-02', 9)); // overdue
    const sent = listOutbox(db.store.db);
    expect(new Set(sent.map((m) => m.kind))).toEqual(new Set(kinds));
    expect(sent.filter((m) => longest.some((t) => m.page.endsWith(`id=${t.id}`))).length).toBeGreaterThan(20);
    for (const m of sent) expect([m.key, checkMessageData(m.data)]).toEqual([m.key, []]);
  });
});

describe('two passes at once over one database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-remind-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('send nothing twice', async () => {
    const path = join(dir, 'duban.db');
    const seeded = await openSeededDb(path);
    for (const c of seeded.contacts) {
      for (const t of ['TMPL-DUE', 'TMPL-OVERDUE']) seeded.reminders.setCredits(c.id, t, 3, NOW);
    }
    const other = openSqliteStore(path);
    const outboxA = new OutboxMessenger(seeded.store.db);
    const outboxB = new OutboxMessenger(other.db);
    const slow = (m: OutboxMessenger) => ({
      send: async (msg: Parameters<OutboxMessenger['send']>[0]) => {
        await new Promise((r) => setTimeout(r, 1));
        await m.send(msg);
      },
    });
    const [a, b] = await Promise.all([
      runReminderPass({ reminders: seeded.reminders, messenger: slow(outboxA) }, { now: NOW, batchSize: 20 }),
      runReminderPass(
        { reminders: new SqliteReminderStore(other), messenger: slow(outboxB) },
        { now: NOW, batchSize: 20 },
      ),
    ]);
    const outbox = listOutbox(seeded.store.db);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(outbox).toHaveLength(a.sent + b.sent);
    expect(new Set(outbox.map((m) => m.key)).size).toBe(outbox.length);
    expect(outbox.length).toBe(dueWithCredits(seeded, 3));
    other.close();
    seeded.store.close();
  });
});
