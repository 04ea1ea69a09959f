/**
 * One reminder pass: retries what an earlier pass left unfinished, sends queued event messages, then sweeps the
 * open assignments in bounded batches within a time budget, resuming where the last pass stopped.
 *
 * Exactly once: every message is claimed under its unique key before it is sent (ReminderStore.claim is atomic and
 * takes the credit in the same step), so two passes at once, or a pass retried after a timeout, never send a key
 * twice. A claim whose send never finished (the pass died) is taken over by a later pass after `staleAfterMs`.
 *
 * WeChat's refusals: 43101 (refused / no credit left) zeroes that user's credit for the template and records the
 * message as skipped; 47003 (bad data) records a failure naming the field and is not retried; 40003 (the openid is
 * not one of this mini program's) and 40037 (the template id is wrong) are permanent and recorded as failed at once
 * (PERMANENT_ERRCODES); any other error is retried by later passes, up to `maxAttempts` sends, then recorded as
 * failed.
 */
import type { Frozen } from '../frozen';
import type { CalendarDate, Instant, Settings } from '../model';
import { MessengerError, type Messenger, type OutgoingMessage } from '../ports/messenger';
import type {
  FinishOutcome,
  PendingEvent,
  ReminderAssignment,
  ReminderContact,
  ReminderRecord,
  ReminderStore,
} from '../ports/reminders';
import { REVIEWER_EVENT_KINDS } from '../ports/reminders';
import { beijingDate, daysBetween } from '../time';
import { checkMessageData } from './format';
import {
  EVENT_TTL_DAYS,
  candidates,
  choose,
  dueWindowEnd,
  inPeriodicWindow,
  withinSendingHours,
  type Candidate,
  type Chosen,
} from './planner';

export interface PassDeps {
  reminders: ReminderStore;
  messenger: Messenger;
  /** Milliseconds from some origin, for the time budget (Date.now by default). */
  timer?: () => number;
}

export interface PassOptions {
  now: Instant;
  /** Stop starting new work after this long (a cloud function's timeout, less a margin). */
  budgetMs?: number;
  /** Assignments read per batch (≤ 100 on CloudBase). */
  batchSize?: number;
  /** A claim older than this whose send never finished is retried. */
  staleAfterMs?: number;
  /** Sends tried per message before it is recorded as failed. */
  maxAttempts?: number;
}

export interface PassResult {
  sent: number;
  skipped: number;
  failed: number;
  /** Transient failures a later pass will retry. */
  retrying: number;
  /** Messages due but waiting for a subscription credit. */
  waiting: number;
  /** false when the budget ran out: the next pass resumes where this one stopped. */
  complete: boolean;
}

/** Claims per transaction (and messages per finishing transaction) with a store that batches them. */
export const CLAIM_BATCH = 250;

export const PASS_DEFAULTS = { budgetMs: 20_000, batchSize: 100, staleAfterMs: 10 * 60_000, maxAttempts: 5 };

type Phase = 'deadlines' | 'periodic' | 'done';
/**
 * Where the day's sweep is: in a phase at a cursor, or done. `stamp` is the store's change stamp read when the
 * sweep started: a change made while it ran makes the next pass sweep again.
 */
interface SweepState {
  day: CalendarDate;
  phase: Phase;
  cursor: string | null;
  stamp?: string;
}

function parseState(raw: string | null, today: CalendarDate): SweepState {
  const fresh: SweepState = { day: today, phase: 'deadlines', cursor: null };
  if (!raw) return fresh;
  try {
    const s = JSON.parse(raw) as Partial<SweepState>;
    if (s.day !== today) return fresh;
    const stamp = typeof s.stamp === 'string' ? s.stamp : undefined;
    if (s.phase === 'done') return { day: today, phase: 'done', cursor: null, stamp: stamp ?? '' };
    if (s.phase !== 'deadlines' && s.phase !== 'periodic') return fresh;
    return { day: today, phase: s.phase, cursor: typeof s.cursor === 'string' ? s.cursor : null, stamp };
  } catch {
    return fresh;
  }
}

/** WeChat's answers that a retry cannot change: the message fails at once and its credit is given back. */
export const PERMANENT_ERRCODES: Readonly<Record<number, string>> = {
  40003: '收件人的 openid 不属于本小程序',
  40037: '模板 ID 不正确，请管理员在「消息模板」里核对',
};

/** The field WeChat names in a 47003 message (`data.thing1.value …`), or the first field breaking a rule. */
export function fieldOf47003(err: Error, message: OutgoingMessage): string | null {
  const m =
    /data\.([a-z_]+\d+)/i.exec(err.message) ??
    /\b((?:thing|number|letter|symbol|character_string|time|date|amount|phone_number|car_number|name|phrase)\d+)\b/.exec(
      err.message,
    );
  if (m) return m[1];
  return checkMessageData(message.data)[0]?.field ?? null;
}

class Pass {
  readonly result: PassResult = { sent: 0, skipped: 0, failed: 0, retrying: 0, waiting: 0, complete: true };
  private readonly started: number;
  private readonly o: Required<PassOptions>;
  private readonly timer: () => number;

  constructor(
    private readonly deps: PassDeps,
    opts: PassOptions,
    private readonly settings: Frozen<Settings>,
  ) {
    this.o = { ...PASS_DEFAULTS, ...opts };
    this.timer = deps.timer ?? (() => Date.now());
    this.started = this.timer();
  }

  /** Contacts by unit, read once per pass. */
  private readonly contactsByUnit = new Map<string, ReminderContact[]>();

  async contactsOf(unitIds: string[]): Promise<ReminderContact[]> {
    const missing = [...new Set(unitIds)].filter((u) => !this.contactsByUnit.has(u));
    if (missing.length > 0) {
      for (const u of missing) this.contactsByUnit.set(u, []);
      for (const c of await this.deps.reminders.contactsOfUnits(missing)) this.contactsByUnit.get(c.unitId)?.push(c);
    }
    return [...new Set(unitIds)].flatMap((u) => this.contactsByUnit.get(u) ?? []);
  }

  get now(): Instant {
    return this.o.now;
  }

  overBudget(): boolean {
    return this.timer() - this.started >= this.o.budgetMs;
  }

  /** What a send's error (or null: it went) makes of a claimed message; counts it in the result. */
  private outcomeOf(message: OutgoingMessage, e: unknown, attempts: number): FinishOutcome {
    if (e === null) {
      this.result.sent++;
      return { status: 'sent', at: this.now };
    }
    const err = e instanceof Error ? e : new Error(String(e));
    const code = e instanceof MessengerError ? e.errCode : null;
    if (code === 43101) {
      this.result.skipped++;
      return {
        status: 'skipped',
        at: this.now,
        errCode: code,
        error: `用户拒收或订阅次数已用完：${err.message}`,
        zeroCredit: true,
      };
    }
    if (code === 47003) {
      const field = fieldOf47003(err, message);
      this.result.failed++;
      return {
        status: 'failed',
        at: this.now,
        errCode: code,
        error: `字段 ${field ?? '（未知）'} 不符合模板规则：${err.message}`,
        refundCredit: true,
      };
    }
    if (code !== null && PERMANENT_ERRCODES[code]) {
      this.result.failed++;
      return {
        status: 'failed',
        at: this.now,
        errCode: code,
        error: `${PERMANENT_ERRCODES[code]}：${err.message}`,
        refundCredit: true,
      };
    }
    if (attempts >= this.o.maxAttempts) {
      this.result.failed++;
      return {
        status: 'failed',
        at: this.now,
        errCode: code,
        error: `已尝试 ${attempts} 次仍未发出：${err.message}`,
        refundCredit: true,
      };
    }
    // The credit stays held for the retry: WeChat did not use the grant, and no other message may take it.
    this.result.retrying++;
    return { status: 'retry', at: this.now, errCode: code, error: err.message };
  }

  /**
   * Sends claimed messages and records their outcomes: with a store that finishes many at once, all sent first
   * (in one call when the messenger takes many) and finished in one transaction; otherwise each finished as soon as
   * it is sent.
   */
  private async deliver(messages: OutgoingMessage[], attempts: number): Promise<void> {
    if (messages.length === 0) return;
    const { reminders: store, messenger } = this.deps;
    const sendOne = async (m: OutgoingMessage): Promise<unknown> => {
      try {
        await messenger.send(m);
        return null;
      } catch (e) {
        return e;
      }
    };
    if (!store.finishMany) {
      for (const m of messages) await store.finish(m.key, this.outcomeOf(m, await sendOne(m), attempts));
      return;
    }
    let errors: unknown[];
    if (messenger.sendMany) {
      try {
        errors = await messenger.sendMany(messages);
      } catch (e) {
        errors = messages.map(() => e);
      }
    } else {
      errors = [];
      for (const m of messages) errors.push(await sendOne(m));
    }
    await store.finishMany(messages.map((m, i) => ({ key: m.key, outcome: this.outcomeOf(m, errors[i], attempts) })));
  }

  /**
   * Claims and sends chosen messages; false when the budget ran out first. Keys done (claimed or found) go to
   * `done`. A store that claims many at once gets CLAIM_BATCH claims per transaction, sent and finished together.
   */
  async sendChosen(chosen: Chosen[], done: Set<string>): Promise<boolean> {
    const store = this.deps.reminders;
    const step = store.claimMany ? CLAIM_BATCH : 1;
    for (let i = 0; i < chosen.length; i += step) {
      if (this.overBudget()) return false;
      const part = chosen.slice(i, i + step);
      const claims = part.map((c) => ({
        claim: {
          message: c.message,
          userId: c.candidate.contact.userId,
          assignmentId: c.candidate.assignment.assignmentId,
          at: this.now,
        },
        spendCredit: c.needsCredit,
      }));
      const outcomes = store.claimMany
        ? await store.claimMany(claims)
        : [await store.claim(claims[0].claim, claims[0].spendCredit)];
      const claimed: OutgoingMessage[] = [];
      part.forEach((c, j) => {
        if (outcomes[j] === 'no-credit') {
          this.result.waiting++;
          return;
        }
        done.add(c.message.key);
        if (outcomes[j] === 'claimed') claimed.push(c.message);
      });
      await this.deliver(claimed, 1);
    }
    return true;
  }

  /** Plans, claims and sends one batch of candidates. */
  async sendCandidates(cands: Candidate[], done: Set<string>): Promise<boolean> {
    if (cands.length === 0) return true;
    const store = this.deps.reminders;
    const recorded = new Set(await store.recordedKeys(cands.map((c) => c.key)));
    for (const k of recorded) done.add(k);
    if (cands.every((c) => recorded.has(c.key))) return true;
    const users = [...new Set(cands.filter((c) => !recorded.has(c.key)).map((c) => c.contact.userId))];
    const credits = this.settings.longTermTemplates ? {} : await store.creditsOfUsers(users);
    const choice = choose(cands, recorded, credits, this.settings);
    this.result.waiting += choice.waiting.length;
    return this.sendChosen(choice.chosen, done);
  }

  /** Retries records a previous pass left unfinished (one page per pass, so a failing one is tried once a pass). */
  async retryUnfinished(): Promise<boolean> {
    const store = this.deps.reminders;
    const staleBefore = new Date(Date.parse(this.now) - this.o.staleAfterMs).toISOString();
    const records = await store.unfinished(staleBefore, this.o.batchSize);
    for (const r of records) {
      if (this.overBudget()) return false;
      // The credit taken at the first claim is still held: retrying spends none.
      const expected = {
        status: r.status === 'retry' ? ('retry' as const) : ('claimed' as const),
        attempts: r.attempts,
      };
      if ((await store.reclaim(r.key, expected, this.now)) !== 'claimed') continue;
      await this.deliver([messageOf(r)], r.attempts + 1);
    }
    return true;
  }

  /** Sends queued event messages, page by page (events still waiting for a credit do not hide newer ones). */
  async sendEvents(): Promise<boolean> {
    const store = this.deps.reminders;
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      if (this.overBudget()) return false;
      const events: PendingEvent[] = (await store.pendingEvents(this.o.batchSize, after)).filter(
        (e) => !seen.has(e.event.id),
      );
      if (events.length === 0) return true;
      for (const e of events) seen.add(e.event.id);
      if (!(await this.sendEventPage(events))) return false;
      const last = events[events.length - 1].event;
      after = `${last.createdAt}|${last.id}`;
    }
  }

  private async sendEventPage(events: PendingEvent[]): Promise<boolean> {
    const store = this.deps.reminders;
    const contacts = await this.contactsOf(events.map((e) => e.assignment.unitId));
    const reviewers = new Map<string, ReminderContact[]>();
    for (const { event, assignment } of events) {
      if (REVIEWER_EVENT_KINDS.includes(event.kind)) {
        reviewers.set(event.id, await this.deps.reminders.reviewersOfTask(assignment.taskId));
      }
    }
    const cands = candidates({
      now: this.now,
      settings: this.settings,
      assignments: [],
      deadlines: false,
      periodic: false,
      events,
      contacts,
      reviewers,
    });
    const done = new Set<string>();
    const finished = await this.sendCandidates(cands, done);
    const today = beijingDate(this.now);
    for (const { event } of events) {
      const mine = cands.filter((c) => c.eventId === event.id);
      const expired = daysBetween(beijingDate(event.createdAt), today) > EVENT_TTL_DAYS;
      if (expired || (mine.length > 0 && mine.every((c) => done.has(c.key))))
        await store.closeEvent(event.id, this.now);
    }
    return finished;
  }

  /** Sweeps the open assignments in batches, resuming from the stored cursor. */
  async sweep(): Promise<boolean> {
    const store = this.deps.reminders;
    const today = beijingDate(this.now);
    let state = parseState(await store.getCursor(), today);
    if (state.phase === 'done') {
      // Swept today already: again only when something changed since (credits, contacts, assignments, settings).
      const stamp = await store.changeStamp();
      if (state.stamp === stamp) return true;
      state = { day: today, phase: 'deadlines', cursor: null, stamp };
    } else if (state.stamp === undefined) {
      state.stamp = await store.changeStamp();
    }
    const periodic = inPeriodicWindow(today, this.settings) && Boolean(this.settings.templates.periodic);
    const windowEnd = dueWindowEnd(today, this.settings);
    let dirty = false;
    while (state.phase !== 'done') {
      if (this.overBudget()) break;
      const page = await store.openAssignments(state.phase === 'deadlines' ? { dueOnOrBefore: windowEnd } : {}, {
        cursor: state.cursor,
        limit: this.o.batchSize,
      });
      const finished = await this.planBatch(page.items, state.phase);
      if (!finished) break; // the batch is redone next pass: its sent keys are recorded and skipped then
      dirty = true;
      state.cursor = page.cursor;
      if (page.cursor === null) state.phase = state.phase === 'deadlines' && periodic ? 'periodic' : 'done';
    }
    if (dirty) await store.setCursor(JSON.stringify(state));
    return state.phase === 'done';
  }

  private async planBatch(items: ReminderAssignment[], phase: Phase): Promise<boolean> {
    if (items.length === 0) return true;
    const contacts = await this.contactsOf(items.map((a) => a.unitId));
    if (contacts.length === 0) return true;
    const cands = candidates({
      now: this.now,
      settings: this.settings,
      assignments: items,
      deadlines: phase === 'deadlines',
      periodic: phase === 'periodic',
      events: [],
      contacts,
    });
    return this.sendCandidates(cands, new Set());
  }
}

function messageOf(r: ReminderRecord): OutgoingMessage {
  return { key: r.key, kind: r.kind, touser: r.touser, templateId: r.templateId, page: r.page, data: r.data };
}

/** Runs one reminder pass at `now`; see the module comment. */
export async function runReminderPass(deps: PassDeps, opts: PassOptions): Promise<PassResult> {
  const settings = await deps.reminders.getSettings();
  const pass = new Pass(deps, opts, settings);
  if (!withinSendingHours(opts.now, settings)) return pass.result;
  const steps = [() => pass.retryUnfinished(), () => pass.sendEvents(), () => pass.sweep()];
  for (const step of steps) {
    if (!(await step())) {
      pass.result.complete = false;
      break;
    }
  }
  return pass.result;
}
