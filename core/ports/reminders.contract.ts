/**
 * The ReminderStore contract: what every implementation of the ReminderStore port (with the Store it shares a
 * database with) must do, as a jest suite. SQLite runs it (server/store/sqlite/reminders.test.ts); the CloudBase
 * stores run it on the in-memory cloud double and through the real wx-server-sdk (reminders.fake.test.ts).
 * Pure test code: it reaches the stores only through the ports, plus `setCredits` (each adapter's tool for demo
 * data and tests), and drives the reminder pass (core/remind/pass.ts) over them with a messenger that fails on cue.
 *
 * The world is the 2018 Changsha table, one contact per unit, every message kind on its own template
 * (core/testing/reminderSeed.ts). What only one adapter can show stays in its own suite: two processes on one SQLite file, the
 * outbox, WeChat's errcodes as the cloud SDK throws them.
 */
import { checkMessageData } from '../remind/format';
import { runReminderPass, type PassDeps } from '../remind/pass';
import { beijingInstant } from '../time';
import { consumeInvite } from '../usecases/inviteRules';
import type { Assignment, Instant, Unit } from '../model';
import type { ReminderStore } from './reminders';
import { badData, busy, CueMessenger, refused } from '../testing/reminderDoubles';
import { seedReminderWorld, type SeededRecords } from '../testing/reminderSeed';
import { contractPlan } from './store.contract';
import type { Store } from './store';

export interface ReminderWorld {
  store: Store;
  reminders: ReminderStore;
  /** Sets a user's credits for a template (the adapter's demo and test tool, not part of the port). */
  setCredits(userId: string, templateId: string, credits: number, at: Instant): void | Promise<void>;
  close?(): void;
}

/** 2018-04-27 10:00 Beijing: three days before the tasks due at the end of April. */
const NOW = beijingInstant('2018-04-27', 10);
const plusMinutes = (at: string, m: number) => new Date(Date.parse(at) + m * 60_000).toISOString();
const TEMPLATES = ['TMPL-DUE', 'TMPL-OVERDUE', 'TMPL-URGE', 'TMPL-REVIEW', 'TMPL-EXTENSION', 'TMPL-PERIODIC'];

/** How many end-of-April reminders go out when every contact has `credits` of the due template. */
function dueWithCredits(assignments: Assignment[], credits: number): number {
  const perUnit = new Map<string, number>();
  for (const a of assignments.filter((x) => x.dueDate === '2018-04-30')) {
    perUnit.set(a.unitId, (perUnit.get(a.unitId) ?? 0) + 1);
  }
  return [...perUnit.values()].reduce((n, c) => n + Math.min(c, credits), 0);
}

export function runReminderStoreContract(name: string, open: () => Promise<ReminderWorld>, timeoutMs = 60_000): void {
  describe(`ReminderStore contract: ${name}`, () => {
    let w: ReminderWorld;
    let db: SeededRecords;
    let messenger: CueMessenger;
    let deps: PassDeps;

    /** The contact of `unitId` gets `n` credits of every template. */
    async function credit(unitId: string, n: number): Promise<void> {
      for (const t of TEMPLATES) await w.setCredits(`u-${unitId}`, t, n, NOW);
    }
    const creditFurong = (n: number) => credit('district-furong', n);
    const furongDue = () => db.assignments.filter((a) => a.unitId === 'district-furong' && a.dueDate === '2018-04-30');

    beforeEach(async () => {
      w = await open();
      db = await seedReminderWorld(w.store);
      messenger = new CueMessenger();
      deps = { reminders: w.reminders, messenger };
    }, timeoutMs);
    afterEach(() => w.close?.());

    describe('a reminder pass', () => {
      it('sends each due reminder once: a second pass sends nothing new', async () => {
        await creditFurong(50);
        const first = await runReminderPass(deps, { now: NOW });
        const due = furongDue();
        expect(due.length).toBeGreaterThan(3);
        expect(first.sent).toBe(due.length);
        const keys = due.map((a) => `due:${a.id}:2018-04-30:3:u-district-furong`).sort();
        expect(messenger.sent.map((m) => m.key).sort()).toEqual(keys);
        expect(messenger.sent.every((m) => m.touser === 'openid-district-furong' && m.templateId === 'TMPL-DUE')).toBe(
          true,
        );
        expect(messenger.sent.every((m) => checkMessageData(m.data).length === 0)).toBe(true);
        expect((await w.reminders.recordedKeys([...keys, 'due:nothing'])).sort()).toEqual(keys);
        const second = await runReminderPass(deps, { now: plusMinutes(NOW, 5) });
        expect(second).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
        expect(messenger.sent).toHaveLength(due.length);
        expect(await w.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 50 - due.length });
      });

      it('after days without passes sends only the latest mark reached, once: no burst of missed reminders', async () => {
        await creditFurong(50);
        const furong = furongDue();
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
        await creditFurong(50);
        expect(await runReminderPass(deps, { now: beijingInstant('2018-04-27', 6) })).toMatchObject({ sent: 0 });
        expect(await runReminderPass(deps, { now: beijingInstant('2018-04-27', 21) })).toMatchObject({ sent: 0 });
        expect(messenger.sent).toHaveLength(0);
        expect((await runReminderPass(deps, { now: beijingInstant('2018-04-27', 8) })).sent).toBeGreaterThan(0);
      });

      it('with credits short sends the most urgent and leaves the rest waiting', async () => {
        // on 05-29 some of 芙蓉区's April tasks are overdue; with both kinds on one template, overdue ones win
        const settings = await w.store.getSettings();
        await w.store.saveSettings({
          ...settings,
          templates: {
            ...settings.templates,
            due: { ...settings.templates.due!, templateId: 'TMPL-ONE' },
            overdue: { ...settings.templates.overdue!, templateId: 'TMPL-ONE' },
          },
        });
        await w.setCredits('u-district-furong', 'TMPL-ONE', 2, NOW);
        const r = await runReminderPass(deps, { now: beijingInstant('2018-05-29', 10) });
        expect(r.sent).toBe(2);
        expect(r.waiting).toBeGreaterThan(0);
        expect(messenger.sent.map((m) => m.kind)).toEqual(['overdue', 'overdue']);
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-ONE': 0 });
      });

      it('on 43101 zeroes that credit, records the message as skipped and does not try again', async () => {
        await creditFurong(50);
        messenger.cue = () => refused();
        const r = await runReminderPass(deps, { now: NOW });
        expect(r.skipped).toBe(1);
        expect(r.sent).toBe(0);
        const credits = await w.reminders.creditsOf('u-district-furong');
        expect(credits['TMPL-DUE']).toBe(0);
        const [msg] = await w.reminders.messagesOf('u-district-furong', 10);
        expect(msg).toMatchObject({ status: 'skipped', errCode: 43101 });
        messenger.cue = () => null;
        const again = await runReminderPass(deps, { now: plusMinutes(NOW, 30) });
        expect(again).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
        expect(messenger.attempts.size).toBe(1);
      });

      it('on 47003 records a failure naming the field, gives the credit back and does not retry blindly', async () => {
        await creditFurong(3);
        messenger.cue = (m) => (m.key === firstKey() ? badData('thing1') : null);
        const firstKey = () => [...messenger.attempts.keys()][0];
        const r = await runReminderPass(deps, { now: NOW });
        expect(r.failed).toBe(1);
        const failed = (await w.reminders.messagesOf('u-district-furong', 50)).find((m) => m.status === 'failed');
        expect(failed?.errCode).toBe(47003);
        expect(failed?.error).toContain('thing1');
        expect(failed?.creditHeld).toBe(false);
        // the failed one's credit came back and paid for the next one
        expect(r.sent).toBe(3);
        const again = await runReminderPass(deps, { now: plusMinutes(NOW, 30) });
        expect(again.failed).toBe(0);
        expect(messenger.attempts.get(failed!.key)).toBe(1);
      });

      it('retries a transient failure on later passes, spending one credit in the end', async () => {
        await creditFurong(1);
        messenger.cue = (_m, attempt) => (attempt <= 2 ? busy() : null);
        expect(await runReminderPass(deps, { now: NOW })).toMatchObject({ sent: 0, retrying: 1 });
        // the credit stays with the message being retried: no other message takes it meanwhile
        expect(await w.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 0 });
        expect(await runReminderPass(deps, { now: plusMinutes(NOW, 5) })).toMatchObject({ sent: 0, retrying: 1 });
        expect(await runReminderPass(deps, { now: plusMinutes(NOW, 10) })).toMatchObject({ sent: 1, retrying: 0 });
        const [msg] = await w.reminders.messagesOf('u-district-furong', 10);
        expect(msg).toMatchObject({ status: 'sent', attempts: 3 });
        expect(await w.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 0 });
        expect(messenger.sent).toHaveLength(1);
      });

      it('gives up after five attempts, records the failure and lets the credit serve the next message', async () => {
        await creditFurong(1);
        messenger.cue = () => busy();
        await runReminderPass(deps, { now: NOW });
        const [first] = await w.reminders.messagesOf('u-district-furong', 10);
        for (let i = 1; i < 4; i++) await runReminderPass(deps, { now: plusMinutes(NOW, i * 5) });
        const last = await runReminderPass(deps, { now: plusMinutes(NOW, 20) });
        expect(last.failed).toBe(1);
        const records = await w.reminders.messagesOf('u-district-furong', 10);
        expect(records.find((m) => m.key === first.key)).toMatchObject({ status: 'failed', attempts: 5 });
        // the credit came back and the next most urgent reminder took it
        expect(records.filter((m) => m.status === 'retry')).toHaveLength(1);
        await runReminderPass(deps, { now: plusMinutes(NOW, 25) });
        expect(messenger.attempts.get(first.key)).toBe(5);
      });

      it('takes over a claim a dead pass left unfinished, after ten minutes, without spending a second credit', async () => {
        await creditFurong(1);
        // a pass claimed the message and died while sending it (its send never returns)
        const dead = { send: () => new Promise<void>(() => undefined) };
        void runReminderPass({ reminders: w.reminders, messenger: dead }, { now: NOW });
        for (let i = 0; i < 200 && (await w.reminders.messagesOf('u-district-furong', 1)).length === 0; i++) {
          await new Promise((r) => setTimeout(r, 5));
        }
        const [claimed] = await w.reminders.messagesOf('u-district-furong', 10);
        expect(claimed.status).toBe('claimed');
        expect(await w.reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 0 });

        expect(await runReminderPass(deps, { now: plusMinutes(NOW, 5) })).toMatchObject({ sent: 0 });
        expect(await runReminderPass(deps, { now: plusMinutes(NOW, 11) })).toMatchObject({ sent: 1 });
        expect(messenger.sent.map((m) => m.key)).toEqual([claimed.key]);
        const [done] = await w.reminders.messagesOf('u-district-furong', 10);
        expect(done).toMatchObject({ status: 'sent', attempts: 2 });
      });

      it('stops at its time budget and the next pass resumes where it stopped', async () => {
        for (const c of db.contacts) await w.setCredits(c.id, 'TMPL-DUE', 5, NOW);
        let ticks = 0;
        const timer = () => ticks++; // every look at the clock costs a millisecond
        const results = [];
        for (let i = 0; i < 50; i++) {
          const r = await runReminderPass(
            { ...deps, timer },
            { now: plusMinutes(NOW, i), budgetMs: 25, batchSize: 10 },
          );
          results.push(r);
          if (r.complete) break;
        }
        expect(results.length).toBeGreaterThan(2);
        expect(results[0].complete).toBe(false);
        const expected = dueWithCredits(db.assignments, 5);
        expect(messenger.sent).toHaveLength(expected);
        expect(new Set(messenger.sent.map((m) => m.key)).size).toBe(expected);
      });

      it('with a slow clock, runs of a few seconds each resume until all is sent, each message once', async () => {
        await credit('district-furong', 50);
        await credit('district-tianxin', 50);
        let ms = 0;
        const slow = { ...deps, timer: () => (ms += 400) };
        const first = await runReminderPass(slow, { now: NOW, budgetMs: 4_000, batchSize: 20 });
        expect(first.complete).toBe(false);
        let passes = 1;
        let last = first;
        while (!last.complete && passes < 50) {
          ms = 0;
          last = await runReminderPass(slow, { now: plusMinutes(NOW, passes * 10), budgetMs: 4_000, batchSize: 20 });
          passes++;
        }
        expect(last.complete).toBe(true);
        const due = db.assignments.filter(
          (a) => ['district-furong', 'district-tianxin'].includes(a.unitId) && a.dueDate === '2018-04-30',
        );
        expect(messenger.sent).toHaveLength(due.length);
        const keys = messenger.sent.map((m) => m.key);
        expect(new Set(keys).size).toBe(due.length);
        expect(await w.reminders.recordedKeys(keys)).toHaveLength(due.length);
        const records = [
          ...(await w.reminders.messagesOf('u-district-furong', 100)),
          ...(await w.reminders.messagesOf('u-district-tianxin', 100)),
        ];
        expect(records).toHaveLength(due.length);
      });

      it('two passes started together send nothing twice', async () => {
        for (const unitId of ['district-furong', 'district-tianxin', 'city-zwfw']) await credit(unitId, 50);
        messenger.delayMs = 1;
        const [a, b] = await Promise.all([runReminderPass(deps, { now: NOW }), runReminderPass(deps, { now: NOW })]);
        expect(a.sent + b.sent).toBeGreaterThan(0);
        expect(a.sent + b.sent).toBe(messenger.sent.length);
        expect(new Set(messenger.sent.map((m) => m.key)).size).toBe(messenger.sent.length);
        const touserAndPage = messenger.sent.map((m) => `${m.touser}|${m.page}`);
        expect(new Set(touserAndPage).size).toBe(touserAndPage.length);
        const records = [];
        for (const unitId of ['district-furong', 'district-tianxin', 'city-zwfw']) {
          records.push(...(await w.reminders.messagesOf(`u-${unitId}`, 100)));
        }
        expect(records.filter((r) => r.status === 'sent')).toHaveLength(a.sent + b.sent);
      });

      it('sends queued event messages to the unit contacts, once', async () => {
        await creditFurong(5);
        const a = db.assignments.find((x) => x.unitId === 'district-furong')!;
        await w.reminders.enqueueEvent({
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
        expect(await w.reminders.pendingEvents(10)).toEqual([]);
        await runReminderPass(deps, { now: plusMinutes(NOW, 5) });
        expect(messenger.sent.filter((m) => m.kind === 'urge')).toHaveLength(1);
      });

      it('gives a contact who subscribes in the afternoon the day’s reminders that afternoon', async () => {
        const morning = await runReminderPass(deps, { now: NOW });
        expect(morning.sent).toBe(0);
        expect(morning.waiting).toBeGreaterThan(0);
        await w.reminders.addCredits('u-district-furong', ['TMPL-DUE'], beijingInstant('2018-04-27', 15));
        const afternoon = await runReminderPass(deps, { now: beijingInstant('2018-04-27', 15) });
        expect(afternoon.sent).toBe(1);
        expect(messenger.sent[0].touser).toBe('openid-district-furong');
      });

      it('does not read the assignments again the same day when nothing changed, and does after a change', async () => {
        await creditFurong(50);
        let reads = 0;
        const counting = Object.create(w.reminders) as ReminderStore;
        counting.openAssignments = (...args) => {
          reads++;
          return w.reminders.openAssignments(...args);
        };
        const d = { reminders: counting, messenger };
        await runReminderPass(d, { now: NOW });
        const first = reads;
        expect(first).toBeGreaterThan(0);
        await runReminderPass(d, { now: plusMinutes(NOW, 5) });
        expect(reads).toBe(first);
        // an extension moves a due date to three days from now: the next pass looks again and reminds
        const a = db.assignments.find((x) => x.unitId === 'district-furong' && x.dueDate === '2018-05-31')!;
        await w.store.updateAssignment(a.id, { dueDate: '2018-04-30' });
        await runReminderPass(d, { now: plusMinutes(NOW, 10) });
        expect(reads).toBeGreaterThan(first);
        expect(messenger.sent.map((m) => m.key)).toContain(`due:${a.id}:2018-04-30:3:u-district-furong`);
      });

      it('does not let events waiting for a credit hold back newer ones', async () => {
        await creditFurong(5);
        const stuck = db.assignments.filter((x) => x.unitId === 'district-tianxin').slice(0, 5);
        const mine = db.assignments.find((x) => x.unitId === 'district-furong')!;
        const urge = (id: string, assignmentId: string, minutes: number) =>
          w.reminders.enqueueEvent({
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
        expect((await w.reminders.pendingEvents(10)).map((e) => e.event.id)).toEqual(stuck.map((_, i) => `old-${i}`));
      });

      it('sends nothing for closed assignments', async () => {
        await creditFurong(50);
        for (const a of db.assignments.filter((x) => x.unitId === 'district-furong')) {
          await w.store.updateAssignment(a.id, { status: 'closed', closedAt: NOW });
        }
        expect(await runReminderPass(deps, { now: NOW })).toMatchObject({ sent: 0 });
      });
    });

    describe('the port', () => {
      const message = (key: string, userId = 'u-district-furong') => ({
        message: {
          key,
          kind: 'due' as const,
          touser: `openid-${userId.slice(2)}`,
          templateId: 'TMPL-DUE',
          page: 'pages/task/index?id=t01',
          data: { thing1: { value: '任务' } },
        },
        userId,
        assignmentId: null,
        at: NOW,
      });

      it('claims a key exactly once, spending one credit, and refuses without a credit changing nothing', async () => {
        await w.setCredits('u-district-furong', 'TMPL-DUE', 1, NOW);
        const outcomes = await Promise.all([1, 2, 3].map(() => w.reminders.claim(message('k1'), true)));
        expect(outcomes.sort()).toEqual(['claimed', 'exists', 'exists']);
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 0 });
        expect(await w.reminders.claim(message('k2'), true)).toBe('no-credit');
        expect(await w.reminders.recordedKeys(['k1', 'k2'])).toEqual(['k1']);
        expect(await w.reminders.claim(message('k2'), false)).toBe('claimed');
        const [k2, k1] = await w.reminders.messagesOf('u-district-furong', 10);
        expect(k1).toMatchObject({ key: 'k1', status: 'claimed', attempts: 1, creditHeld: true, claimedAt: NOW });
        expect(k2).toMatchObject({ key: 'k2', status: 'claimed', attempts: 1, creditHeld: false });
        expect(await w.store.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 0 });
      });

      it('lists stale claims and retries, takes each over once, and finishes with refund or zero', async () => {
        await w.setCredits('u-district-furong', 'TMPL-DUE', 3, NOW);
        await w.reminders.claim(message('old'), true);
        await w.reminders.claim({ ...message('fresh'), at: plusMinutes(NOW, 9) }, true);
        await w.reminders.claim(message('again'), true);
        await w.reminders.finish('again', { status: 'retry', at: plusMinutes(NOW, 1), errCode: -1, error: 'busy' });
        const stale = await w.reminders.unfinished(plusMinutes(NOW, 5), 10);
        expect(stale.map((r) => r.key).sort()).toEqual(['again', 'old']);
        const takeovers = await Promise.all([
          w.reminders.reclaim('old', { status: 'claimed', attempts: 1 }, plusMinutes(NOW, 6)),
          w.reminders.reclaim('old', { status: 'claimed', attempts: 1 }, plusMinutes(NOW, 6)),
        ]);
        expect(takeovers.sort()).toEqual(['claimed', 'lost']);
        expect(await w.reminders.reclaim('again', { status: 'claimed', attempts: 1 }, plusMinutes(NOW, 6))).toBe(
          'lost',
        );
        expect(await w.reminders.reclaim('again', { status: 'retry', attempts: 1 }, plusMinutes(NOW, 6))).toBe(
          'claimed',
        );
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 0 });
        await w.reminders.finish('old', { status: 'failed', at: plusMinutes(NOW, 7), refundCredit: true, error: 'x' });
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 1 });
        await w.reminders.finish('again', { status: 'skipped', at: plusMinutes(NOW, 7), zeroCredit: true });
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 0 });
        await w.reminders.finish('fresh', { status: 'sent', at: plusMinutes(NOW, 8) });
        const byKey = new Map((await w.reminders.messagesOf('u-district-furong', 10)).map((r) => [r.key, r]));
        expect(byKey.get('old')).toMatchObject({ status: 'failed', attempts: 2, creditHeld: false, error: 'x' });
        expect(byKey.get('again')).toMatchObject({ status: 'skipped', attempts: 2, finishedAt: plusMinutes(NOW, 7) });
        expect(byKey.get('fresh')).toMatchObject({ status: 'sent', attempts: 1, finishedAt: plusMinutes(NOW, 8) });
        expect(await w.reminders.unfinished(plusMinutes(NOW, 60), 10)).toEqual([]);
      });

      it('claims and finishes many (where a store offers it) with each outcome as one claim would give it', async () => {
        const { claimMany, finishMany } = w.reminders;
        if (!claimMany || !finishMany) return;
        await w.setCredits('u-district-furong', 'TMPL-DUE', 1, NOW);
        await w.setCredits('u-district-tianxin', 'TMPL-DUE', 1, NOW);
        const spend = (key: string, userId?: string) => ({ claim: message(key, userId), spendCredit: true });
        const free = (key: string, userId?: string) => ({ claim: message(key, userId), spendCredit: false });
        const outcomes = await claimMany.call(w.reminders, [
          spend('k1'),
          spend('k1'), // the same key again: exists
          spend('k2'), // the last credit went to k1: no-credit
          free('k3'),
          spend('t1', 'u-district-tianxin'),
          free('k3'),
        ]);
        expect(outcomes).toEqual(['claimed', 'exists', 'no-credit', 'claimed', 'claimed', 'exists']);
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 0 });
        await finishMany.call(w.reminders, [
          { key: 'k1', outcome: { status: 'failed', at: NOW, error: '坏数据', refundCredit: true } },
          { key: 'k3', outcome: { status: 'sent', at: NOW } },
          { key: 't1', outcome: { status: 'skipped', at: NOW, zeroCredit: true } },
        ]);
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 1 });
        expect(await w.reminders.creditsOf('u-district-tianxin')).toEqual({ 'TMPL-DUE': 0 });
        const byKey = new Map((await w.reminders.messagesOf('u-district-furong', 10)).map((r) => [r.key, r]));
        expect(byKey.get('k1')).toMatchObject({ status: 'failed', creditHeld: false, finishedAt: NOW });
        expect(byKey.get('k3')).toMatchObject({ status: 'sent', creditHeld: false });
        expect((await w.reminders.recordedKeys(['k1', 'k2', 'k3', 't1'])).sort()).toEqual(['k1', 'k3', 't1']);
      });

      it('adds credits one per template id and reads them per user', async () => {
        const after = await w.reminders.addCredits('u-district-furong', ['TMPL-DUE', 'TMPL-URGE'], NOW);
        expect(after).toEqual({ 'TMPL-DUE': 1, 'TMPL-URGE': 1 });
        await w.reminders.addCredits('u-district-furong', ['TMPL-DUE'], NOW);
        await w.reminders.addCredits('u-district-tianxin', ['TMPL-URGE'], NOW);
        expect(await w.reminders.creditsOf('u-district-furong')).toEqual({ 'TMPL-DUE': 2, 'TMPL-URGE': 1 });
        expect(await w.reminders.creditsOfUsers(['u-district-furong', 'u-district-tianxin', 'nobody'])).toEqual({
          'u-district-furong': { 'TMPL-DUE': 2, 'TMPL-URGE': 1 },
          'u-district-tianxin': { 'TMPL-URGE': 1 },
        });
        expect(await w.store.creditsOf('u-district-tianxin')).toEqual({ 'TMPL-URGE': 1 });
      });

      it('keeps the sweep cursor', async () => {
        expect(await w.reminders.getCursor()).toBeNull();
        await w.reminders.setCursor('2018-04-27|t05');
        expect(await w.reminders.getCursor()).toBe('2018-04-27|t05');
        await w.reminders.setCursor(null);
        expect(await w.reminders.getCursor()).toBeNull();
      });

      it('queues events once, oldest first, in pages, until closed', async () => {
        const [a1, a2] = db.assignments.filter((x) => x.unitId === 'district-furong');
        const event = (id: string, assignmentId: string, minutes: number) => ({
          id,
          kind: 'urge' as const,
          assignmentId,
          refId: id,
          createdAt: plusMinutes(NOW, minutes),
          note: '请抓紧办理',
          from: '市政府督查室',
        });
        await w.reminders.enqueueEvent(event('e2', a2.id, 2));
        await w.reminders.enqueueEvent(event('e1', a1.id, 1));
        await w.reminders.enqueueEvent(event('e1', a1.id, 1));
        await w.reminders.enqueueEvent(event('e0', a1.id, 2));
        const all = await w.reminders.pendingEvents(10);
        expect(all.map((e) => e.event.id)).toEqual(['e1', 'e0', 'e2']);
        expect(all[0].assignment).toMatchObject({ assignmentId: a1.id, unitId: 'district-furong' });
        const after = `${all[0].event.createdAt}|${all[0].event.id}`;
        expect((await w.reminders.pendingEvents(1, after)).map((e) => e.event.id)).toEqual(['e0']);
        await w.reminders.closeEvent('e0', NOW);
        expect((await w.reminders.pendingEvents(10)).map((e) => e.event.id)).toEqual(['e1', 'e2']);
      });

      it('pages open assignments by due date or by id, leaving claimed and closed ones out', async () => {
        const furong = db.assignments.filter((a) => a.unitId === 'district-furong');
        await w.store.updateAssignment(furong[0].id, { status: 'claimed' });
        await w.store.updateAssignment(furong[1].id, { status: 'closed', closedAt: NOW });
        const read = async (filter: { dueOnOrBefore?: string }) => {
          const out = [];
          let cursor: string | null = null;
          do {
            const page = await w.reminders.openAssignments(filter, { cursor, limit: 40 });
            expect(page.items.length).toBeLessThanOrEqual(40);
            out.push(...page.items);
            cursor = page.cursor;
          } while (cursor);
          return out;
        };
        const open = db.assignments.filter((a) => a.id !== furong[0].id && a.id !== furong[1].id);
        const byId = await read({});
        expect(byId.map((a) => a.assignmentId)).toEqual(open.map((a) => a.id).sort());
        const dueBy = await read({ dueOnOrBefore: '2018-04-30' });
        const expected = open
          .filter((a) => a.dueDate !== null && a.dueDate <= '2018-04-30')
          .sort((x, y) => (x.dueDate! < y.dueDate! ? -1 : x.dueDate! > y.dueDate! ? 1 : x.id < y.id ? -1 : 1));
        expect(dueBy.map((a) => a.assignmentId)).toEqual(expected.map((a) => a.id));
        const one = byId.find((a) => a.assignmentId === furong[2].id)!;
        const task = db.tasks.find((t) => t.id === furong[2].taskId)!;
        expect(one).toMatchObject({ unitId: 'district-furong', taskSeq: task.seq, taskContent: task.content });
        expect(one.unitName).toBe('芙蓉区人民政府');
      });

      it('names the contacts of units, not their other users', async () => {
        await w.store.createInvite({
          code: 'VIEWER22',
          unitId: 'district-furong',
          role: 'viewer',
          createdBy: 'admin',
          createdAt: NOW,
          expiresAt: '2099-01-01T00:00:00.000Z',
          usedBy: null,
          usedAt: null,
          revokedAt: null,
        });
        const viewer = { ...db.contacts[0], id: 'viewer-1', principal: 'openid-viewer', role: 'viewer' as const };
        expect((await consumeInvite(w.store, 'VIEWER22', NOW, viewer)).outcome).toBe('ok');
        const contacts = await w.reminders.contactsOfUnits(['district-furong', 'district-tianxin']);
        expect(contacts.map((c) => c.userId).sort()).toEqual(['u-district-furong', 'u-district-tianxin']);
        expect(contacts.find((c) => c.userId === 'u-district-furong')).toEqual({
          userId: 'u-district-furong',
          principal: 'openid-district-furong',
          name: '联络员',
          unitId: 'district-furong',
        });
      });
    });

    describe('reviewers', () => {
      it('names the lead units’ contacts of a task and every supervisor', async () => {
        const task = db.tasks[0];
        const leads = db.assignments.filter((a) => a.taskId === task.id && a.role === 'lead').map((a) => a.unitId);
        expect(leads.length).toBeGreaterThan(0);
        await w.store.createInvite({
          code: 'SUPERV22',
          unitId: 'district-furong',
          role: 'supervisor',
          createdBy: 'admin',
          createdAt: NOW,
          expiresAt: '2099-01-01T00:00:00.000Z',
          usedBy: null,
          usedAt: null,
          revokedAt: null,
        });
        const sup = { ...db.contacts[0], id: 'sup-1', principal: 'openid-sup', role: 'supervisor' as const };
        expect((await consumeInvite(w.store, 'SUPERV22', NOW, sup)).outcome).toBe('ok');
        const reviewers = await w.reminders.reviewersOfTask(task.id);
        const expected = [...db.contacts.filter((c) => leads.includes(c.unitId)).map((c) => c.id), 'sup-1'].sort();
        expect(reviewers.map((c) => c.userId)).toEqual(expected);
        expect(reviewers.find((c) => c.userId === 'sup-1')).toMatchObject({ principal: 'openid-sup' });
        expect(await w.reminders.reviewersOfTask('no-such-task')).toEqual([
          expect.objectContaining({ userId: 'sup-1' }),
        ]);
      });
    });

    describe('the change stamp', () => {
      it('changes with what can make a reminder due, not with reports or steps forward', async () => {
        const a = db.assignments.find((x) => x.unitId === 'district-furong')!;
        const stamp = () => w.reminders.changeStamp();
        let before = await stamp();
        await w.store.updateAssignment(a.id, { status: 'acknowledged', acknowledgedAt: NOW, lastReportAt: NOW });
        await w.store.updateAssignment(a.id, { status: 'claimed' });
        expect(await stamp()).toBe(before);
        await w.store.updateAssignment(a.id, { status: 'in_progress' }); // the claim was returned
        expect(await stamp()).not.toBe(before);
        before = await stamp();
        await w.store.updateAssignment(a.id, { dueDate: '2018-06-30' }); // an extension approved
        expect(await stamp()).not.toBe(before);
        before = await stamp();
        await w.reminders.addCredits('u-district-furong', ['TMPL-DUE'], NOW);
        expect(await stamp()).not.toBe(before);
        before = await stamp();
        await w.reminders.claim(
          {
            message: {
              key: 'spent',
              kind: 'due',
              touser: 'openid-district-furong',
              templateId: 'TMPL-DUE',
              page: 'pages/task/index',
              data: {},
            },
            userId: 'u-district-furong',
            assignmentId: a.id,
            at: NOW,
          },
          true,
        ); // a spent credit
        expect(await stamp()).toBe(before);
        await w.store.saveSettings({ ...(await w.store.getSettings()), sendFromHour: 9 });
        expect(await stamp()).not.toBe(before);
      });

      it('moves when a message may have become due, and not for changes that only make fewer due', async () => {
        const units: Unit[] = [
          { id: 'u-bianban', name: '契约编办', aliases: [], kind: 'city' },
          { id: 'u-furong', name: '契约芙蓉区', aliases: [], kind: 'district' },
          { id: 'u-tianxin', name: '契约天心区', aliases: [], kind: 'district' },
        ];
        for (const u of units) await w.store.saveUnit(u);
        const stamps: string[] = [await w.reminders.changeStamp()];
        const moved = async () => {
          stamps.push(await w.reminders.changeStamp());
          return stamps[stamps.length - 1] !== stamps[stamps.length - 2];
        };
        const plan = contractPlan();
        await w.store.importPlan({ ...plan, audit: { ...plan.audit, id: 'audit-contract-plan' } });
        expect(await moved()).toBe(true);
        const report = (requestId: string, claimDone: boolean) => ({
          id: `r-${requestId}`,
          assignmentId: 'a1-furong',
          requestId,
          authorId: 'u-district-furong',
          text: '进展',
          photos: [],
          percent: null,
          claimDone,
          review: claimDone ? ('pending' as const) : ('none' as const),
          reviewerId: null,
          reviewReason: null,
          reviewedAt: null,
          createdAt: NOW,
          kind: 'progress' as const,
          instructionId: null,
        });
        await w.store.appendReport(report('q1', false), { status: 'in_progress', lastReportAt: NOW });
        expect(await moved()).toBe(false);
        await w.store.appendReport(report('q2', true), { status: 'claimed' });
        expect(await moved()).toBe(false);
        await w.store.reviewReport(
          'r-q2',
          { review: 'returned', reviewerId: 'lead', reason: '补材料', at: NOW },
          { status: 'in_progress' },
        );
        expect(await moved()).toBe(true); // back in the unit's hands
        await w.store.updateAssignment('a1-furong', { dueDate: '2026-03-20' });
        expect(await moved()).toBe(true);
        await w.store.updateAssignment('a1-furong', { status: 'closed', closedAt: NOW });
        expect(await moved()).toBe(false);
        await w.reminders.addCredits('u-district-furong', ['T'], NOW);
        expect(await moved()).toBe(true);
        await w.store.saveSettings({ ...(await w.store.getSettings()), yellowDays: 5 });
        expect(await moved()).toBe(true);
      });
    });
  });
}
