/**
 * The ReminderStore port: what the reminder pass (core/remind/pass.ts) and the reminder use cases read and write.
 * Implementations: SQLite (server/store/sqlite/reminders.ts) and the CloudBase database.
 *
 * Rules every implementation keeps (checked by `runReminderStoreContract` in reminders.contract.ts, which both
 * runtimes run):
 * - `claim` is the exactly-once gate: of many concurrent claims of one key exactly one gets 'claimed'
 *   (CloudBase: a deterministic `_id` = key, created in a transaction together with the credit decrement).
 * - Spending a credit never takes a count below zero; `claim` with `spendCredit` does the insert and the decrement
 *   together or not at all.
 * - Lists are paged (`limit` ≤ 100 on CloudBase); cursors are opaque strings the implementation makes.
 */
import type { Frozen } from '../frozen';
import type { AssignmentStatus, CalendarDate, Instant, MessageKind, Settings } from '../model';
import type { OutgoingMessage } from './messenger';

/** An open assignment as the reminder planner needs it: the assignment, its task's words and its unit's name. */
export interface ReminderAssignment {
  assignmentId: string;
  taskId: string;
  unitId: string;
  unitName: string;
  status: AssignmentStatus;
  dueDate: CalendarDate | null;
  lastReportAt: Instant | null;
  taskSeq: number;
  taskContent: string;
  taskStage: string | null;
  /** The deadline as written (完成时间). */
  deadlineText: string;
  /** The task's plan (its reporting cycle may be the plan's: core/cycle). */
  planId: string;
}

/** A unit's contact (联络员) who may receive messages. */
export interface ReminderContact {
  userId: string;
  /** WeChat OPENID on CloudBase (the message's `touser`), a local principal on the server. */
  principal: string;
  name: string | null;
  unitId: string;
}

/** Messages a use case asks for: a report returned or accepted, an extension decided, an urge. */
export type EventKind = Extract<
  MessageKind,
  'returned' | 'accepted' | 'extension' | 'urge' | 'instruction' | 'claimReview' | 'extensionReview'
>;

/**
 * Events that go to the reviewers of the assignment's task (the lead units' contacts and the supervisors:
 * `reviewersOfTask`) instead of the assignment's own unit.
 */
export const REVIEWER_EVENT_KINDS: readonly EventKind[] = ['claimReview', 'extensionReview'];

export interface ReminderEvent {
  id: string;
  kind: EventKind;
  assignmentId: string;
  /** What it is about (report id, extension id, urge id): part of the message key. */
  refId: string;
  createdAt: Instant;
  /** The reason, the urge's text, the decision note. */
  note: string | null;
  /** Who acted (the reviewer's, supervisor's name). */
  from: string | null;
  /** Extension decided: whether it was approved, and the new due date. */
  approved?: boolean | null;
  newDue?: CalendarDate | null;
}

export interface PendingEvent {
  event: ReminderEvent;
  assignment: ReminderAssignment;
}

/** 'claimed' in flight, 'retry' a transient failure waiting for a later pass: both hold the credit taken at claim. */
export type ReminderStatus = 'claimed' | 'retry' | 'sent' | 'skipped' | 'failed';

/** One message in the reminder log, under its unique key. */
export interface ReminderRecord {
  key: string;
  userId: string;
  assignmentId: string | null;
  kind: MessageKind;
  touser: string;
  templateId: string;
  page: string;
  data: OutgoingMessage['data'];
  status: ReminderStatus;
  /** Sends tried so far (1 after the first claim). */
  attempts: number;
  /** Whether a credit is held for it (taken at claim; given back when it fails for good without reaching WeChat's user). */
  creditHeld: boolean;
  claimedAt: Instant;
  finishedAt: Instant | null;
  errCode: number | null;
  error: string | null;
}

export interface NewClaim {
  message: OutgoingMessage;
  userId: string;
  assignmentId: string | null;
  at: Instant;
}

export type ClaimOutcome = 'claimed' | 'exists' | 'no-credit';

export interface FinishOutcome {
  status: Exclude<ReminderStatus, 'claimed'>;
  at: Instant;
  errCode?: number | null;
  error?: string | null;
  /** Give the held credit back (the message was not delivered and WeChat kept the grant). */
  refundCredit?: boolean;
  /** Set the user's credit for this template to zero (43101: WeChat says none is left). */
  zeroCredit?: boolean;
}

export interface OpenAssignmentsPage {
  items: ReminderAssignment[];
  /** Where the next page starts; null after the last page. */
  cursor: string | null;
}

export interface ReminderStore {
  /** The deployment settings (DEFAULT_SETTINGS where never set). */
  getSettings(): Promise<Frozen<Settings>>;

  /**
   * Assignments waiting for their unit (status assigned, acknowledged or in_progress: not claimed, not closed), a
   * page at a time. With `dueOnOrBefore`: only dated ones due on or before that day, ordered by due date then id
   * (the most overdue first); without: all of them, ordered by id. `cursor` is null for the first page.
   */
  openAssignments(
    filter: { dueOnOrBefore?: CalendarDate },
    page: { cursor: string | null; limit: number },
  ): Promise<OpenAssignmentsPage>;
  /** The contacts (role contact) of these units. */
  contactsOfUnits(unitIds: string[]): Promise<ReminderContact[]>;
  /**
   * Who reviews the work of a task: the contacts of the units that lead it and every supervisor (users of role
   * supervisor, with their unit), each once, ordered by user id.
   */
  reviewersOfTask(taskId: string): Promise<ReminderContact[]>;
  /** Credits left per user and template (users without any are absent). */
  creditsOfUsers(userIds: string[]): Promise<Record<string, Record<string, number>>>;
  /** Which of these keys are in the log already, whatever their status. */
  recordedKeys(keys: string[]): Promise<string[]>;

  /**
   * Records the message under its key with status 'claimed' and attempts 1, atomically; with `spendCredit`,
   * also takes one credit of (userId, templateId) in the same step. 'exists': the key is recorded already (nothing
   * changes); 'no-credit': no credit was left (nothing changes).
   */
  claim(claim: NewClaim, spendCredit: boolean): Promise<ClaimOutcome>;
  /**
   * Takes over an unfinished record atomically: only when it still has `expected` status and attempts (a stale
   * 'claimed' or a 'retry'). Sets status 'claimed', attempts + 1, claimedAt = at. The credit taken at the first
   * claim is still held, so none is spent. 'lost': another pass took it first, or it changed.
   */
  reclaim(
    key: string,
    expected: { status: 'claimed' | 'retry'; attempts: number },
    at: Instant,
  ): Promise<'claimed' | 'lost'>;
  /** Ends a claimed record (sets status, finishedAt, error), refunding or zeroing its credit as asked, atomically. */
  finish(key: string, outcome: FinishOutcome): Promise<void>;
  /**
   * Optional, for a store with multi-record transactions: `claim` of each item, in order, in ONE transaction (each
   * item's outcome as `claim` would give it); and `finish` of each item in one transaction. A store without them
   * (CloudBase: single-document transactions) is called one message at a time.
   */
  claimMany?(claims: { claim: NewClaim; spendCredit: boolean }[]): Promise<ClaimOutcome[]>;
  finishMany?(items: { key: string; outcome: FinishOutcome }[]): Promise<void>;
  /** Records to retry: status 'retry', and 'claimed' ones claimed before `staleBefore` (a pass that died). Oldest first. */
  unfinished(staleBefore: Instant, limit: number): Promise<ReminderRecord[]>;

  /**
   * A short string that changes whenever something may have made a new message due: credits added, contacts
   * (bound, moved, removed), assignments (added, back in the unit's hands, due date moved, given to another unit)
   * or settings. Changes that can only make fewer messages due (a report, a claim, a closing, a spent credit) need
   * not change it. A pass skips the day's sweep when one finished today and the stamp is what it was when that
   * sweep started. An implementation that cannot tell cheaply may return a new value every time (the sweep then
   * runs on every pass).
   */
  changeStamp(): Promise<string>;

  /** Where the reminder sweep stopped (an opaque string the pass writes), or null. */
  getCursor(): Promise<string | null>;
  setCursor(value: string | null): Promise<void>;

  /** Queues an event message (idempotent on event id). */
  enqueueEvent(event: ReminderEvent): Promise<void>;
  /**
   * Events not yet done, oldest first (by createdAt, then id), with their assignment (events of deleted assignments
   * are not returned). With `after` (`<createdAt>|<id>` of the last event of the previous page), the page after it.
   */
  pendingEvents(limit: number, after?: string | null): Promise<PendingEvent[]>;
  /** Marks an event done: every recipient has a record, or it expired. */
  closeEvent(id: string, at: Instant): Promise<void>;

  /** Adds one credit per template id for the user, atomically each; returns the user's credits after. */
  addCredits(userId: string, templateIds: string[], at: Instant): Promise<Record<string, number>>;
  /** Credits left per template id for one user. */
  creditsOf(userId: string): Promise<Record<string, number>>;
  /** A user's messages, newest first. */
  messagesOf(userId: string, limit: number): Promise<ReminderRecord[]>;
}
