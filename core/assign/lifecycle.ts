/**
 * The lifecycle of an assignment: every status transition with its precondition, in ONE place. The use cases
 * (acknowledge, submitReport, reviewReport, requestExtension, urge) apply it, and getTask's `can` flags ask it, so
 * a button shows exactly when the action would pass.
 *
 *   assigned ──签收──▶ acknowledged ──report──▶ in_progress ──claim──▶ claimed ──accept──▶ closed
 *      └──────────────report / claim (signs implicitly)──────────▲         └──return──▶ in_progress
 *
 * - `acknowledge` (签收): only from `assigned`; signing again changes nothing (the use case answers the status).
 * - `report` (a plain progress report): while open and not waiting for review. A claim that waits for review is a
 *   fixed record for the reviewer: the unit adds to it after a return, not underneath it.
 * - `claim` (申请办结): while open and not already claimed.
 * - `accept` (通过, closes: 办结) and `return` (退回, back to in progress): only a claimed assignment.
 * - `requestExtension`, `urge`: any open assignment; they change no status.
 * - `split` (分解下达: the unit gives parts of its assignment to units of its subtree, now or later): while it works
 *   on it (not once it claimed completion or was closed); it changes no status. Each part starts as a new
 *   assignment (`newAssignment` with `parentId`) and lives this same lifecycle.
 *
 * The coming transitions slot in as rows of TRANSITIONS: `reopen` (closed → in_progress). Pure: no I/O.
 */
import { conflict, type DubanError } from '../errors';
import type { Assignment, AssignmentStatus, Instant } from '../model';
import type { AssignmentPatch } from '../ports/store';

/** An assignment as the lifecycle starts it: 交办, nothing signed, reported or closed yet. */
export function newAssignment(
  fields: Pick<Assignment, 'id' | 'taskId' | 'unitId' | 'role' | 'dueDate'> & Pick<Assignment, 'parentId' | 'note'>,
): Assignment {
  return {
    ...fields,
    parentId: fields.parentId ?? null,
    note: fields.note ?? null,
    status: 'assigned',
    originalDueDate: fields.dueDate,
    acknowledgedAt: null,
    closedAt: null,
    lastReportAt: null,
    percent: null,
  };
}

export const ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = [
  'assigned',
  'acknowledged',
  'in_progress',
  'claimed',
  'closed',
];

export const LIFECYCLE_EVENTS = [
  'acknowledge',
  'report',
  'claim',
  'accept',
  'return',
  'requestExtension',
  'urge',
  'split',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/** What a transition reads of the assignment. */
export type LifecycleState = Pick<Assignment, 'status' | 'acknowledgedAt'>;

interface Transition {
  /** The statuses the event is allowed from. */
  from: readonly AssignmentStatus[];
  /** The status patch it makes (besides the implicit 签收 below); empty when the status stays. */
  patch: (now: Instant, a: LifecycleState) => AssignmentPatch;
  /** Why it is refused from a status not in `from`. */
  refusal: (status: AssignmentStatus) => string;
}

const OPEN: readonly AssignmentStatus[] = ['assigned', 'acknowledged', 'in_progress', 'claimed'];
const WORKING: readonly AssignmentStatus[] = ['assigned', 'acknowledged', 'in_progress'];

/** The first report or claim signs for the assignment too. */
function signs(now: Instant, a: LifecycleState): AssignmentPatch {
  return a.acknowledgedAt ? {} : { acknowledgedAt: now };
}

const CLOSED_REPORT = '这项任务已办结，不能再报送进展。如需补充，请联系督查室。';
const WAITING_REVIEW = '已经申请办结，正在等待审核：请等审核结果，退回后可以继续报送。';
const NOTHING_TO_REVIEW = '这项任务当前没有等待审核的办结申请，请刷新后查看。';

export const TRANSITIONS = {
  acknowledge: {
    from: ['assigned'],
    patch: (now) => ({ status: 'acknowledged', acknowledgedAt: now }),
    refusal: (status) => (status === 'closed' ? '这项任务已办结，无需签收。' : '这项任务已经签收过了。'),
  },
  report: {
    from: WORKING,
    patch: (now, a) => ({ ...signs(now, a), status: 'in_progress' }),
    refusal: (status) => (status === 'closed' ? CLOSED_REPORT : WAITING_REVIEW),
  },
  claim: {
    from: WORKING,
    patch: (now, a) => ({ ...signs(now, a), status: 'claimed' }),
    refusal: (status) => (status === 'closed' ? CLOSED_REPORT : '已经申请办结，正在等待审核，无需重复申请。'),
  },
  accept: {
    from: ['claimed'],
    patch: (now) => ({ status: 'closed', closedAt: now, percent: 100 }),
    refusal: () => NOTHING_TO_REVIEW,
  },
  return: {
    from: ['claimed'],
    patch: () => ({ status: 'in_progress' }),
    refusal: () => NOTHING_TO_REVIEW,
  },
  requestExtension: {
    from: OPEN,
    patch: () => ({}),
    refusal: () => '这项任务已办结，无需申请延期。',
  },
  urge: {
    from: OPEN,
    patch: () => ({}),
    refusal: () => '这项任务已办结，无需催办。',
  },
  split: {
    from: WORKING,
    patch: () => ({}),
    refusal: (status) =>
      status === 'closed'
        ? '这项任务已办结，不能再分解下达。'
        : '已经申请办结，正在等待审核：不能再分解下达。如需补充，请等审核退回后再分解。',
  },
} satisfies Record<LifecycleEvent, Transition>;

export type TransitionResult =
  { ok: true; patch: AssignmentPatch; from: readonly AssignmentStatus[] } | { ok: false; error: DubanError };

/** Whether `event` may happen to the assignment now. */
export function allowed(a: LifecycleState, event: LifecycleEvent): boolean {
  const t: Transition = TRANSITIONS[event];
  return t.from.includes(a.status);
}

/**
 * The patch `event` makes to the assignment (to apply with `from` as the statuses it expects, where the store
 * can check them atomically), or the CONFLICT that refuses it.
 */
export function transition(a: LifecycleState, event: LifecycleEvent, now: Instant): TransitionResult {
  const t: Transition = TRANSITIONS[event];
  if (!t.from.includes(a.status))
    return { ok: false, error: conflict(t.refusal(a.status), { event, status: a.status }) };
  return { ok: true, patch: t.patch(now, a), from: t.from };
}

/** `transition`, throwing the refusal. */
export function requireTransition(
  a: LifecycleState,
  event: LifecycleEvent,
  now: Instant,
): { patch: AssignmentPatch; from: readonly AssignmentStatus[] } {
  const r = transition(a, event, now);
  if (!r.ok) throw r.error;
  return r;
}
