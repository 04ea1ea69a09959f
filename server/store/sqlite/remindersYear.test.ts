/**
 * A simulated year on a moving clock: the 2018 seed table's 2,104 assignments, a contact per unit, a reminder pass
 * every hour of 2018 (8,760 passes), assignments closing as the year goes on.
 */
import type { Frozen } from '../../../core/frozen';
import type { Assignment, Settings } from '../../../core/model';
import { runReminderPass } from '../../../core/remind/pass';
import { checkMessageData } from '../../../core/remind/format';
import { addDays, beijingDate, beijingHour, beijingInstant, daysBetween } from '../../../core/time';
import { listOutbox, OutboxMessenger } from '../../outbox';
import { openSeededDb, reminderTemplates } from './remindersFixture';

const START = beijingInstant('2018-01-01', 0);
const HOURS = 365 * 24;
const LAST_DAY = '2018-12-31';
const hourAt = (h: number) => new Date(Date.parse(START) + h * 3600_000).toISOString();

/** When the year closes an assignment: most a few days before their due date, some a day or two late, 1 in 50 never. */
function closingOf(a: Assignment, i: number): string | null {
  if (i % 50 === 0 || !a.dueDate) return null;
  return beijingInstant(addDays(a.dueDate, (i % 9) - 6), 12);
}

/** The reminders the rules promise, each with the instant it is due (08:00 Beijing on its day): the oracle. */
function promised(a: Assignment, closedAt: string | null, settings: Frozen<Settings>): Map<string, string> {
  const out = new Map<string, string>();
  const due = a.dueDate as string;
  const open = (day: string) => closedAt === null || beijingInstant(day, settings.sendFromHour) < closedAt;
  const user = `u-${a.unitId}`;
  for (const o of settings.reminderOffsets) {
    const day = addDays(due, -o);
    if (open(day)) out.set(`due:${a.id}:${due}:${o}:${user}`, beijingInstant(day, settings.sendFromHour));
  }
  for (let k = 1; addDays(due, k) <= LAST_DAY; k += settings.overdueEveryDays) {
    const day = addDays(due, k);
    if (open(day)) out.set(`overdue:${a.id}:${due}:${k}:${user}`, beijingInstant(day, settings.sendFromHour));
  }
  return out;
}

it('every open assignment’s contact gets each due reminder exactly once, on its Beijing day, in sending hours, none after closing', async () => {
  let now = START;
  const db = await openSeededDb(':memory:');
  const settings = await db.store.getSettings();
  for (const c of db.contacts) {
    for (const t of ['TMPL-DUE', 'TMPL-OVERDUE']) db.reminders.setCredits(c.id, t, 10_000, START);
  }
  const closing = db.assignments.map((a, i) => ({ a, at: closingOf(a, i) }));
  const expected = new Map<string, string>();
  for (const { a, at } of closing) for (const [k, v] of promised(a, at, settings)) expected.set(k, v);
  const toClose = closing.filter((c) => c.at !== null).sort((x, y) => (x.at as string).localeCompare(y.at as string));

  const deps = { reminders: db.reminders, messenger: new OutboxMessenger(db.store.db, () => now) };
  let next = 0;
  for (let h = 0; h < HOURS; h++) {
    now = hourAt(h);
    while (next < toClose.length && (toClose[next].at as string) <= now) {
      await db.store.updateAssignment(toClose[next].a.id, { status: 'closed', closedAt: toClose[next].at });
      next++;
    }
    const r = await runReminderPass(deps, { now, batchSize: 500 });
    expect(r.failed + r.skipped + r.waiting).toBe(0);
  }

  const outbox = listOutbox(db.store.db);
  expect(expected.size).toBeGreaterThan(5000);
  expect(new Set(outbox.map((m) => m.key)).size).toBe(outbox.length);
  const sentAt = new Map(outbox.map((m) => [m.key, m.sentAt]));
  expect([...sentAt.keys()].filter((k) => !expected.has(k))).toEqual([]);
  expect([...expected.keys()].filter((k) => !sentAt.has(k))).toEqual([]);
  for (const [key, at] of expected) expect([key, sentAt.get(key)]).toEqual([key, at]);
  for (const m of outbox) {
    const h = beijingHour(m.sentAt);
    expect(h >= settings.sendFromHour && h < settings.sendToHour).toBe(true);
    expect(m.touser).toBe(`openid-${m.key.split(':')[1].slice(4)}`);
    expect(checkMessageData(m.data)).toEqual([]);
  }
  db.store.close();
});

it('with one credit a day, each day the most urgent reminder is the one sent (April to September, hourly)', async () => {
  const from = beijingInstant('2018-04-15', 0);
  const hours = daysBetween('2018-04-15', '2018-09-30') * 24;
  let now = from;
  // due and overdue reminders compete for one template's credits
  const templates = reminderTemplates();
  const db = await openSeededDb(':memory:', {
    settings: {
      templates: {
        due: { ...templates.due!, templateId: 'TMPL-ONE' },
        overdue: { ...templates.overdue!, templateId: 'TMPL-ONE' },
      },
    },
  });
  const settings = await db.store.getSettings();
  const furong = db.assignments.filter((a) => a.unitId === 'district-furong');
  const deps = { reminders: db.reminders, messenger: new OutboxMessenger(db.store.db, () => now) };
  const sent = new Set<string>();
  let days = 0;
  /** What the rules say is due now for an assignment (the latest mark), and how urgent: lower first. */
  const current = (a: Assignment, today: string): { key: string; urgency: number } | null => {
    const d = daysBetween(today, a.dueDate as string);
    if (d >= 0) {
      const o = [...settings.reminderOffsets].sort((x, y) => x - y).find((x) => x >= d);
      return o === undefined ? null : { key: `due:${a.id}:${a.dueDate}:${o}:u-district-furong`, urgency: 1 + d };
    }
    const k = 1 + Math.floor((-d - 1) / settings.overdueEveryDays) * settings.overdueEveryDays;
    return { key: `overdue:${a.id}:${a.dueDate}:${k}:u-district-furong`, urgency: 0 };
  };
  for (let h = 0; h < hours; h++) {
    now = new Date(Date.parse(from) + h * 3600_000).toISOString();
    const today = beijingDate(now);
    // each morning the contact has subscribed once more (unused credits do not pile up in this scenario)
    if (beijingHour(now) === 7) db.reminders.setCredits('u-district-furong', 'TMPL-ONE', 1, now);
    const pending = furong
      .map((a) => current(a, today))
      .filter((c): c is { key: string; urgency: number } => !!c && !sent.has(c.key));
    const r = await runReminderPass(deps, { now, batchSize: 500 });
    if (r.sent === 0) continue;
    const fresh = listOutbox(db.store.db).slice(sent.size);
    expect(fresh).toHaveLength(1);
    const chosen = pending.find((p) => p.key === fresh[0].key);
    expect(chosen).toBeDefined();
    expect(chosen!.urgency).toBe(Math.min(...pending.map((p) => p.urgency)));
    sent.add(fresh[0].key);
    days++;
  }
  // a credit a day and reminders due on most days from late April: most days send one
  expect(days).toBeGreaterThan(120);
  expect(listOutbox(db.store.db).every((m) => m.touser === 'openid-district-furong')).toBe(true);
  db.store.close();
});
