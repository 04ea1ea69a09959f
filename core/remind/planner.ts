/**
 * The reminder planner: which messages are due now, for whom, and, when subscription credits are short, which win.
 * Pure: the pass (pass.ts) reads the store, asks the planner, and claims and sends what it chose.
 *
 * Rules (Beijing calendar days, Settings):
 * - Reminders go to the contacts of assignments waiting for their unit (assigned, acknowledged, in progress). A
 *   completion claim waiting for review is the reviewer's turn; a closed assignment gets nothing.
 * - Before the due date: at each offset of `reminderOffsets` (default 7, 3, 1, 0 days). Only the most recent
 *   offset reached is ever due: a pass that missed the 3-day mark (the server was down) sends it late, once, while
 *   the 1-day mark is not yet reached; once the 1-day mark is reached the 3-day one is never sent.
 * - While overdue: on the first day after the due date and then every `overdueEveryDays` days; the same
 *   "most recent mark only" rule applies.
 * - Periodic report: the assignment's reporting cycle (core/cycle: its task's, stage's or plan's, else the monthly
 *   `periodicReportDay` of the settings): from `periodicRemindDaysBefore` days before the current period's due day
 *   to the day itself, unless the unit reported in the period; and once after a missed due day (nothing reported
 *   in that period), within MISSED_NOTE_DAYS, a note that it missed it (`missed:<assignment>:<due day>:<user>`).
 * - Events queued by use cases (a report returned or accepted, an extension decided, an urge) go to the unit's
 *   contacts; an event nobody could be sent within EVENT_TTL_DAYS is dropped.
 * - Nothing outside sending hours [sendFromHour, sendToHour) Beijing time: messages wait for the morning.
 * - Unique key per (assignment, kind, due date or event, user): `due:<assignment>:<dueDate>:<offset>:<user>`,
 *   `overdue:<assignment>:<dueDate>:<overdueDay>:<user>`, `periodic:<assignment>:<reportDay>:<user>`,
 *   `<kind>:<assignment>:<refId>:<user>` (refId: the report, extension or urge the event is about).
 * - Credits: one per accepted one-time subscription per (user, template). When short, the most urgent wins:
 *   overdue > urge > returned > due today > 1 day > 3 days > 7 days (periodic ranks by days to the report day),
 *   then an extension decided, then an acceptance. With long-term templates credits do not limit.
 */
import type { Frozen } from '../frozen';
import type { AssignmentStatus, CalendarDate, Instant, MessageKind, ReportCycle, Settings } from '../model';
import type { OutgoingMessage } from '../ports/messenger';
import type { PendingEvent, ReminderAssignment, ReminderContact } from '../ports/reminders';
import { REVIEWER_EVENT_KINDS } from '../ports/reminders';
import { addDays, beijingDate, beijingHour, daysBetween } from '../time';
import { currentPeriod, cycleFor, lastDuePeriod, naturalPeriod, reportedInPeriod } from '../cycle/period';
import { buildMessage, type MessageContext } from './format';

export const EVENT_TTL_DAYS = 7;

/** Statuses in which the unit itself has to act, and so gets reminders. */
export const REMINDED_STATUSES: readonly AssignmentStatus[] = ['assigned', 'acknowledged', 'in_progress'];

export function withinSendingHours(now: Instant, settings: Frozen<Settings>): boolean {
  const h = beijingHour(now);
  return h >= settings.sendFromHour && h < settings.sendToHour;
}

/** The offsets as a clean ascending list of whole non-negative days. */
export function cleanOffsets(offsets: readonly number[]): number[] {
  return [...new Set(offsets.filter((o) => Number.isInteger(o) && o >= 0))].sort((a, b) => a - b);
}

/** The last day on which a due reminder can be due (so a sweep reads only assignments due by then). */
export function dueWindowEnd(today: CalendarDate, settings: Frozen<Settings>): CalendarDate {
  const offsets = cleanOffsets(settings.reminderOffsets);
  return addDays(today, offsets.length ? offsets[offsets.length - 1] : 0);
}

/** A reminder mark reached for an assignment (independent of who receives it). */
export interface Mark {
  kind: Extract<MessageKind, 'due' | 'overdue' | 'periodic'>;
  /** Key stem without the user: `due:<a>:<dueDate>:<offset>`. */
  stem: string;
  /** Lower is more urgent. */
  urgency: number;
  daysLeft: number | null;
  /** The date the message is about (due date, or the periodic report day). */
  date: CalendarDate | null;
  /** A periodic mark that notes a missed period (not the reminder before the due day). */
  missed?: boolean;
}

/** The due or overdue mark reached today, if any (the most recent one only). */
export function deadlineMark(a: ReminderAssignment, today: CalendarDate, settings: Frozen<Settings>): Mark | null {
  if (!a.dueDate || !REMINDED_STATUSES.includes(a.status)) return null;
  const d = daysBetween(today, a.dueDate);
  if (d >= 0) {
    const offset = cleanOffsets(settings.reminderOffsets).find((o) => o >= d);
    if (offset === undefined) return null;
    return {
      kind: 'due',
      stem: `due:${a.assignmentId}:${a.dueDate}:${offset}`,
      urgency: 10 + d,
      daysLeft: d,
      date: a.dueDate,
    };
  }
  const overdueDays = -d;
  const every = Math.max(0, Math.floor(settings.overdueEveryDays));
  const markDay = every > 0 ? 1 + Math.floor((overdueDays - 1) / every) * every : 1;
  return {
    kind: 'overdue',
    stem: `overdue:${a.assignmentId}:${a.dueDate}:${markDay}`,
    urgency: 0,
    daysLeft: d,
    date: a.dueDate,
  };
}

/** The periodic report day on or after `today`, and the one before it (a monthly cycle: core/cycle). */
export function periodicDays(today: CalendarDate, reportDay: number): { next: CalendarDate; previous: CalendarDate } {
  const rule = { every: 'month', day: reportDay } as const;
  const p = naturalPeriod(rule, today);
  if (p.due >= today) return { next: p.due, previous: naturalPeriod(rule, addDays(p.start, -1)).due };
  return { next: naturalPeriod(rule, addDays(p.end, 1)).due, previous: p.due };
}

/** Days after a missed due day during which the note to the unit may still go (late once, never in a burst). */
export const MISSED_NOTE_DAYS = 7;

/** Every cycle the settings know: those on plans, stages and tasks, and the monthly report day for the rest. */
function allCycles(settings: Frozen<Settings>): Pick<ReportCycle, 'rule' | 'start' | 'end'>[] {
  const out: Pick<ReportCycle, 'rule' | 'start' | 'end'>[] = [...(settings.cycles ?? [])];
  if (settings.periodicReportDay !== null) {
    out.push({ rule: { every: 'month', day: settings.periodicReportDay }, start: '1970-01-01', end: null });
  }
  return out;
}

/**
 * Whether today falls in a periodic window of any cycle (so the periodic sweep runs at all): a reminder window
 * before a due day, or the days after one when a missed report is noted.
 */
export function inPeriodicWindow(today: CalendarDate, settings: Frozen<Settings>): boolean {
  const before = Math.max(0, settings.periodicRemindDaysBefore);
  return allCycles(settings).some((c) => {
    const p = currentPeriod(c, today);
    if (p && daysBetween(today, p.due) >= 0 && daysBetween(today, p.due) <= before) return true;
    const last = lastDuePeriod(c, today);
    return last !== null && daysBetween(last.due, today) <= MISSED_NOTE_DAYS;
  });
}

function cycleOf(a: ReminderAssignment, settings: Frozen<Settings>): ReportCycle | null {
  return cycleFor(settings, { taskId: a.taskId, planId: a.planId, stage: a.taskStage });
}

/**
 * The periodic report mark reached today, if any: from `periodicRemindDaysBefore` days before the due day of the
 * current period of the assignment's cycle (core/cycle) to that day, unless the unit reported in the period.
 */
export function periodicMark(a: ReminderAssignment, today: CalendarDate, settings: Frozen<Settings>): Mark | null {
  if (!REMINDED_STATUSES.includes(a.status)) return null;
  const cycle = cycleOf(a, settings);
  const p = cycle ? currentPeriod(cycle, today) : null;
  if (!p) return null;
  const before = daysBetween(today, p.due);
  if (before < 0 || before > Math.max(0, settings.periodicRemindDaysBefore)) return null;
  if (reportedInPeriod(p, a.lastReportAt)) return null;
  return {
    kind: 'periodic',
    stem: `periodic:${a.assignmentId}:${p.due}`,
    urgency: 10 + before,
    daysLeft: before,
    date: p.due,
  };
}

/**
 * The note to a unit that missed the last period due (nothing reported in it by the due day, nor since): once, on
 * the first pass after the due day, within MISSED_NOTE_DAYS; a periodic message saying 逾期未报.
 */
export function missedMark(a: ReminderAssignment, today: CalendarDate, settings: Frozen<Settings>): Mark | null {
  if (!REMINDED_STATUSES.includes(a.status)) return null;
  const cycle = cycleOf(a, settings);
  const p = cycle ? lastDuePeriod(cycle, today) : null;
  if (!p) return null;
  const after = daysBetween(p.due, today);
  if (after > MISSED_NOTE_DAYS) return null;
  if (reportedInPeriod(p, a.lastReportAt)) return null;
  return {
    kind: 'periodic',
    stem: `missed:${a.assignmentId}:${p.due}`,
    urgency: 5,
    daysLeft: -after,
    date: p.due,
    missed: true,
  };
}

const EVENT_URGENCY: Record<PendingEvent['event']['kind'], number> = {
  urge: 1,
  instruction: 1,
  returned: 2,
  extension: 1000,
  accepted: 1001,
  claimReview: 1002,
  extensionReview: 1003,
};

/** One message that could go out now, before credits are counted. */
export interface Candidate {
  key: string;
  kind: MessageKind;
  urgency: number;
  assignment: ReminderAssignment;
  contact: ReminderContact;
  /** For event messages: the event it comes from. */
  eventId: string | null;
  context: MessageContext;
}

function contextOf(
  key: string,
  a: ReminderAssignment,
  at: Instant,
  extra: Partial<MessageContext> & { daysLeft: number | null; due: CalendarDate | null },
): MessageContext {
  return {
    key,
    taskId: a.taskId,
    task: a.taskContent,
    unit: a.unitName,
    deadline: a.deadlineText,
    stage: a.taskStage,
    seq: a.taskSeq,
    note: null,
    from: null,
    at,
    ...extra,
  };
}

export interface PlanInput {
  now: Instant;
  settings: Frozen<Settings>;
  /** Assignments to consider for due, overdue and periodic reminders. */
  assignments: ReminderAssignment[];
  /** Whether periodic marks are looked for in `assignments`. */
  periodic: boolean;
  /** Whether due and overdue marks are looked for in `assignments`. */
  deadlines: boolean;
  events: PendingEvent[];
  /** Contacts of the units concerned. */
  contacts: ReminderContact[];
  /** The reviewers of each reviewer event (REVIEWER_EVENT_KINDS), by event id: they get it instead of the unit. */
  reviewers?: Map<string, ReminderContact[]>;
}

/** Every message due now for every contact (not yet filtered by what was sent, nor by credits). */
export function candidates(input: PlanInput): Candidate[] {
  const { now, settings } = input;
  if (!withinSendingHours(now, settings)) return [];
  const today = beijingDate(now);
  const byUnit = new Map<string, ReminderContact[]>();
  for (const c of input.contacts) {
    const list = byUnit.get(c.unitId);
    if (list) list.push(c);
    else byUnit.set(c.unitId, [c]);
  }
  const out: Candidate[] = [];
  for (const a of input.assignments) {
    const contacts = byUnit.get(a.unitId);
    if (!contacts) continue;
    const marks: Mark[] = [];
    if (input.deadlines) {
      const m = deadlineMark(a, today, settings);
      if (m && settings.templates[m.kind]) marks.push(m);
    }
    if (input.periodic && settings.templates.periodic) {
      for (const m of [periodicMark(a, today, settings), missedMark(a, today, settings)]) if (m) marks.push(m);
    }
    for (const m of marks) {
      for (const c of contacts) {
        const key = `${m.stem}:${c.userId}`;
        const due = m.kind === 'periodic' ? m.date : a.dueDate;
        const daysLeft = m.kind === 'periodic' ? (a.dueDate ? daysBetween(today, a.dueDate) : null) : m.daysLeft;
        out.push({
          key,
          kind: m.kind,
          urgency: m.urgency,
          assignment: a,
          contact: c,
          eventId: null,
          context: contextOf(key, a, now, { due, daysLeft, ...(m.missed ? { missed: true } : {}) }),
        });
      }
    }
  }
  for (const { event, assignment: a } of input.events) {
    if (!settings.templates[event.kind]) continue;
    if (daysBetween(beijingDate(event.createdAt), today) > EVENT_TTL_DAYS) continue;
    const to = REVIEWER_EVENT_KINDS.includes(event.kind)
      ? (input.reviewers?.get(event.id) ?? []).filter((c) => c.unitId !== a.unitId) // not the claimant's own unit
      : (byUnit.get(a.unitId) ?? []);
    for (const c of to) {
      const key = `${event.kind}:${a.assignmentId}:${event.refId}:${c.userId}`;
      const due = event.kind === 'extension' && event.approved && event.newDue ? event.newDue : a.dueDate;
      out.push({
        key,
        kind: event.kind,
        urgency: EVENT_URGENCY[event.kind],
        assignment: a,
        contact: c,
        eventId: event.id,
        context: contextOf(key, a, now, {
          due,
          daysLeft: due ? daysBetween(today, due) : null,
          note: event.note,
          from: event.from,
          approved: event.approved ?? null,
        }),
      });
    }
  }
  return out;
}

/** Most urgent first; ties by due date, then key, so every pass chooses alike. */
export function byUrgency(a: Candidate, b: Candidate): number {
  if (a.urgency !== b.urgency) return a.urgency - b.urgency;
  const da = a.context.due ?? '9999-12-31';
  const db = b.context.due ?? '9999-12-31';
  if (da !== db) return da < db ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export interface Chosen {
  candidate: Candidate;
  message: OutgoingMessage;
  /** Whether sending it takes a credit (one-time templates). */
  needsCredit: boolean;
}

export interface Choice {
  chosen: Chosen[];
  /** Candidates left waiting for a credit. */
  waiting: Candidate[];
}

/**
 * Of the candidates not yet recorded, the ones to send now: the most urgent first, as many per (user, template)
 * as that user has credits for it (all of them with long-term templates).
 * `credits` is spent in place, so several calls in one pass share it.
 */
export function choose(
  all: Candidate[],
  recorded: ReadonlySet<string>,
  credits: Record<string, Record<string, number>>,
  settings: Frozen<Settings>,
): Choice {
  const chosen: Chosen[] = [];
  const waiting: Candidate[] = [];
  for (const c of all.filter((x) => !recorded.has(x.key)).sort(byUrgency)) {
    const template = settings.templates[c.kind];
    if (!template) continue;
    const needsCredit = !settings.longTermTemplates;
    if (needsCredit) {
      const mine = credits[c.contact.userId];
      const left = mine?.[template.templateId] ?? 0;
      if (left <= 0) {
        waiting.push(c);
        continue;
      }
      mine[template.templateId] = left - 1;
    }
    const message = buildMessage(c.kind, c.context, template, { principal: c.contact.principal, name: c.contact.name });
    chosen.push({ candidate: c, message, needsCredit });
  }
  return { chosen, waiting };
}

/** Candidates and choice together (what one batch of a pass does, without the store). */
export function planReminders(
  input: PlanInput,
  recorded: ReadonlySet<string>,
  credits: Record<string, Record<string, number>>,
): Choice {
  return choose(candidates(input), recorded, credits, input.settings);
}
