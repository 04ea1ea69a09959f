import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReminderPass } from '../../../core/remind/pass';
import { runReminderStoreContract } from '../../../core/ports/reminders.contract';
import { checkMessageData } from '../../../core/remind/format';
import { beijingInstant } from '../../../core/time';
import { OutboxMessenger, listOutbox } from '../../outbox';
import { openSqliteStore } from './index';
import { SqliteReminderStore } from './reminders';
import { openSeededDb, type SeededDb } from './remindersFixture';

/** 2018-04-27 10:00 Beijing: three days before the tasks due at the end of April. */
const NOW = beijingInstant('2018-04-27', 10);

/** How many end-of-April reminders go out when every contact has `credits` of the due template. */
function dueWithCredits(seeded: SeededDb, credits: number): number {
  const perUnit = new Map<string, number>();
  for (const a of seeded.assignments.filter((x) => x.dueDate === '2018-04-30')) {
    perUnit.set(a.unitId, (perUnit.get(a.unitId) ?? 0) + 1);
  }
  return [...perUnit.values()].reduce((n, c) => n + Math.min(c, credits), 0);
}

runReminderStoreContract('SQLite (in memory)', async () => {
  const store = openSqliteStore(':memory:');
  const reminders = new SqliteReminderStore(store);
  return {
    store,
    reminders,
    setCredits: (userId, templateId, n, at) => reminders.setCredits(userId, templateId, n, at),
    close: () => store.close(),
  };
});

let db: SeededDb;

beforeEach(async () => {
  db = await openSeededDb(':memory:');
});
afterEach(() => db.store.close());

describe('the change stamp', () => {
  it('does not move when the demo tool sets credits lower (only raised credits can make a message due)', async () => {
    const stamp = () => db.reminders.changeStamp();
    await db.reminders.addCredits('u-district-furong', ['TMPL-DUE'], NOW);
    const before = await stamp();
    db.reminders.setCredits('u-district-furong', 'TMPL-DUE', 0, NOW);
    expect(await stamp()).toBe(before);
    db.reminders.setCredits('u-district-furong', 'TMPL-DUE', 3, NOW);
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

describe('claims and finishes in batches', () => {
  const message = (key: string) => ({
    key,
    kind: 'due' as const,
    touser: 'openid-furong',
    templateId: 'TMPL-DUE',
    page: 'pages/task/index?id=t1',
    data: { thing1: { value: '任务' } },
  });

  // claimMany/finishMany outcomes item by item: the ReminderStore contract (core/ports/reminders.contract.ts)
  it('a batch that fails midway writes none of it', async () => {
    const r = db.reminders;
    const good = { message: message('k3'), userId: 'u-district-furong', assignmentId: db.assignments[0].id, at: NOW };
    // data that cannot be written (JSON.stringify throws on a BigInt): the second claim fails inside the batch
    const bad = { ...good, message: { ...message('k4'), data: { thing1: { value: 1n as unknown as string } } } };
    await expect(
      r.claimMany([
        { claim: good, spendCredit: false },
        { claim: bad, spendCredit: false },
      ]),
    ).rejects.toThrow();
    expect(await r.recordedKeys(['k3', 'k4'])).toEqual([]);
  });
});
