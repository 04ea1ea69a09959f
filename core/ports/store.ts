import type { Frozen } from '../frozen';
/**
 * The Store port: every read and write the use cases make, shaped by the use cases (a repository, not a
 * query language). Two implementations: SQLite (server/store/sqlite) and the CloudBase database.
 *
 * Rules every implementation keeps (checked by `runStoreContract` in store.contract.ts):
 * - Lists are paged: `limit` is at most 100 (a CloudBase `get()` returns at most 100 records); an implementation
 *   may page internally for the methods that return "all of a task" (a task has at most a few hundred rows).
 * - Each method that says "atomically" changes one record under a condition (a single-document transaction on
 *   CloudBase), except `importPlan`, which writes a whole table in one transaction on SQLite; a store without
 *   multi-record transactions should write the plan record last, so that a half-written import stays invisible
 *   (its fingerprint is not taken) and the next attempt redoes it.
 * - Records come back as plain objects the caller may keep; nothing is shared with the store.
 * - A store keeps no domain rule of its own: invite validity and rebinding (`consumeInvite` runs core's decision),
 *   how long wrong codes are remembered (`recordFailedAttempt`'s `forgetBefore`) and the light bands
 *   (`lightCounts`' bands) come from core (core/usecases/inviteRules.ts, lightBands.ts).
 *
 * On a document database (CloudBase), what the SQLite joins do is best kept on the documents themselves:
 * - an assignment document carries its task's seq, stage and content (for `q`, `stage` and the list order) and a
 *   sort key `(closed ? 1 : 0, dueDate ?? '9999-12-31', seq, role, unitId)` for the order of urgency;
 * - `taskLedByUnitId`: first the task ids the unit leads (its lead assignments), then `taskId in [...]`;
 * - a report, extension or urge document carries its assignment's taskId and unitId;
 * - unique keys as deterministic `_id`s: report `<assignmentId>:<requestId>`, invite `<code>`, user `<principal>`
 *   (or a unique index), plan `<fingerprint>`; "atomically" = one conditional single-document update;
 * - `lightCounts`: an aggregate grouped by (stage, unitId) with conditional sums over status and the given bands.
 *   SQLite keeps the counts instead (triggers on assignments, rolled by day: server/store/sqlite/lightCounts.ts);
 *   the contract checks that any store's answer equals a recount after any sequence of changes.
 */
import type { PhotoEvidence } from '../evidence/evidence';
import type {
  Assignment,
  AssignmentRole,
  AssignmentStatus,
  AuditEntry,
  CalendarDate,
  Directory,
  Extension,
  ExtensionStatus,
  Group,
  Instant,
  Instruction,
  Invite,
  Light,
  ParsedPlan,
  Plan,
  Report,
  ReportReview,
  Settings,
  Task,
  Unit,
  Urge,
  User,
  UserRole,
} from '../model';
import type { ImportPreview } from '../api/contract';

/** A page of a list: `limit` ≤ 100. */
export interface PageRequest {
  offset: number;
  limit: number;
}

export interface Paged<T> {
  items: T[];
  /** How many match in all (for "第 2 页，共 37 条"). */
  total: number;
}

export const MAX_PAGE = 100;

/** The most `scanAssignments` returns at once (a store without such pages reads several of its own per call). */
export const SCAN_PAGE = 1000;

/** A page request made safe: whole numbers, offset ≥ 0, 0 ≤ limit ≤ MAX_PAGE. Every implementation applies it. */
export function clampPage(page: PageRequest): PageRequest {
  return {
    offset: Math.max(0, Math.floor(page.offset)),
    limit: Math.max(0, Math.min(MAX_PAGE, Math.floor(page.limit))),
  };
}

/** An assignment together with its task, as lists show it. */
export interface AssignmentWithTask {
  assignment: Assignment;
  task: Task;
}

/**
 * A due-date band, inclusive on both ends: matches dated assignments with from ≤ dueDate ≤ to, and, when `orNone`
 * is set, open-ended ones (dueDate null) too.
 */
export interface DueBand {
  from?: CalendarDate;
  to?: CalendarDate;
  orNone?: boolean;
}

/** Whether a due date falls in a band: what every store's due filter means (the CloudBase scan uses it as is). */
export function inDueBand(due: CalendarDate | null, band: DueBand): boolean {
  if (due === null) return band.orNone === true;
  return (band.from === undefined || due >= band.from) && (band.to === undefined || due <= band.to);
}

/**
 * The due-date band of each light of an open assignment (closed ones are done), as core computes them for a day
 * (core/usecases/lightBands.ts). The three bands do not overlap and cover every due date, none included.
 */
export type LightBands = Record<'red' | 'yellow' | 'green', DueBand>;

export type { TaskForUnit } from './taskForUnit';
import type { TaskForUnit } from './taskForUnit';
export type { LightTally, LightTotals, LightTotalsFilter } from './lightTotals';
import type { LightTotals, LightTotalsFilter } from './lightTotals';

/**
 * Which assignments to list. Every given condition must hold.
 * The order is always the order of urgency: open before closed, then due date ascending (the most overdue first,
 * open-ended ones after the dated ones), then task seq, then lead before responsible, then unit id.
 */
export interface AssignmentQuery {
  /** Only assignments of these units. */
  unitIds?: string[];
  /** Only assignments of tasks these units lead (a lead contact's review scope). */
  taskLedByUnitId?: string;
  role?: AssignmentRole;
  /** Exact stage of the task. */
  stage?: string;
  /** Substring of the task content (or of its stage), case-insensitive. */
  q?: string;
  /** true: not closed; false: closed only. */
  open?: boolean;
  status?: AssignmentStatus[];
  /** Due-date band (see DueBand). */
  due?: DueBand;
  /** Only assignments of this plan's tasks. */
  planId?: string;
}

/** Assignment counts per light for one (stage, unit) pair; the dashboard rolls them up. */
export interface LightCountRow {
  stage: string | null;
  unitId: string;
  green: number;
  yellow: number;
  red: number;
  done: number;
}

/**
 * Which tasks to list on the supervisor's desk (listTasks). Every given condition must hold.
 * The order is plan order (import time, then seq).
 */
export interface TaskQuery {
  /** Substring of the task content or its stage, case-insensitive. */
  q?: string;
  planId?: string;
  /** Exact stage; null: the tasks without a stage. */
  stage?: string | null;
  /** Only tasks this unit leads. */
  leadUnitId?: string;
  /** Only tasks this unit has an assignment in (lead or responsible). */
  unitId?: string;
  /** Only tasks whose rolled-up light (the worst open light; done when all are closed) is this one. */
  light?: Light;
  /**
   * The counts (and the rolled-up light) cover only the assignments of these units (core/org/levels.ts
   * `countedUnitIds`: a district's subtree, or the city's table without the districts' parts); all when absent.
   */
  countUnitIds?: string[];
}

/** A task with its assignments counted by light (closed: done; open: by the band its due date falls in). */
export interface TaskSummary {
  task: Task;
  counts: { green: number; yellow: number; red: number; done: number };
}

/** What the urges of one assignment add up to. */
export interface UrgeStats {
  count: number;
  lastAt: Instant;
  /** Urges not yet read by a contact of the unit. */
  unread: number;
}

/** An urge with the assignment and task it is about. */
export interface UrgeWithContext {
  urge: Urge;
  assignment: Assignment;
  task: Task;
}

/** Fields of an assignment a use case may change. */
export type AssignmentPatch = Partial<
  Pick<Assignment, 'status' | 'dueDate' | 'acknowledgedAt' | 'closedAt' | 'lastReportAt' | 'percent'>
>;

/** A report with the assignment and task it belongs to (review queue). */
export interface ReportWithContext {
  report: Report;
  assignment: Assignment;
  task: Task;
}

export interface ExtensionWithContext {
  extension: Extension;
  assignment: Assignment;
  task: Task;
}

/** An import preview kept between `importPlan` and `confirmImport`. */
export interface StoredPreview {
  id: string;
  createdBy: string;
  createdAt: Instant;
  fileName: string;
  fingerprint: string;
  parsed: ParsedPlan;
  preview: ImportPreview;
}

/** Everything one import writes, in one transaction. */
export interface PlanImport {
  plan: Plan;
  tasks: Task[];
  assignments: Assignment[];
  /** Units created for names the directory did not know (confirmImport with createUnknown). */
  newUnits: Unit[];
  /** The audit entry of the import, written with it. */
  audit: AuditEntry;
}

/**
 * A revised table applied to an existing plan (confirmImport `asRevision`), in one transaction on SQLite: the
 * plan's title and fingerprint replaced, tasks found again updated in place (their assignments and history kept),
 * new tasks and assignments inserted, assignment role / due date changes, and assignments of units (or tasks) the
 * revision dropped withdrawn: kept with `withdrawnAt`, never deleted.
 */
export interface PlanRevision {
  planId: string;
  title: string;
  fingerprint: string;
  updatedTasks: Task[];
  newTasks: Task[];
  newAssignments: Assignment[];
  assignmentChanges: { id: string; role?: AssignmentRole; dueDate?: CalendarDate | null }[];
  withdraw: { assignmentIds: string[]; at: Instant };
  /**
   * Tasks of the plan the revised table no longer has: kept (getTask still finds them, with their history), no
   * longer listed (listTasks, listTasksOfPlan), so a later revision does not see them again.
   */
  removedTaskIds: string[];
  newUnits: Unit[];
  audit: AuditEntry;
}

export type InviteOutcome = 'ok' | 'invalid' | 'expired' | 'used' | 'revoked';

/** What core decided about consuming one invite (core/usecases/inviteRules.ts: decideInvite). */
export type InviteDecision = { outcome: Exclude<InviteOutcome, 'ok'>; user: null } | { outcome: 'ok'; user: User };

export interface Store {
  // ── org directory ──────────────────────────────────────────────────────────
  /**
   * Every unit, by name. Shared: a store may hand every caller the same list (kept until the directory changes), so
   * it is readonly to the end (`Frozen`); a caller that needs to change one copies it.
   */
  listUnits(): Promise<readonly Frozen<Unit>[]>;
  getUnit(id: string): Promise<Unit | null>;
  /** Inserts or replaces a unit by id (name unique: CONFLICT DubanError otherwise). */
  saveUnit(unit: Unit): Promise<void>;
  listGroups(): Promise<Group[]>;
  getGroup(id: string): Promise<Group | null>;
  /** Inserts or replaces a group by id, members included. */
  saveGroup(group: Group): Promise<void>;
  /** Units and groups together, as the directory index wants them. */
  getDirectory(): Promise<Directory>;

  // ── plans, tasks, assignments ─────────────────────────────────────────────
  getPlan(id: string): Promise<Plan | null>;
  findPlanByFingerprint(fingerprint: string): Promise<Plan | null>;
  listPlans(): Promise<Plan[]>;
  /**
   * Writes a plan, its tasks, its assignments, new units and the audit entry in ONE transaction. When a plan with
   * the same fingerprint exists nothing is written and its id comes back with `created: false`.
   */
  importPlan(input: PlanImport): Promise<{ planId: string; created: boolean }>;
  getTask(id: string): Promise<Task | null>;
  /** Tasks in plan order (import time, then seq), paged. */
  listTasks(page: PageRequest): Promise<Paged<Task>>;
  getAssignment(id: string): Promise<Assignment | null>;
  /** Every assignment of a task: lead first, then by unit id. */
  listAssignmentsOfTask(taskId: string): Promise<Assignment[]>;
  /**
   * A task as a contact of `unitId` outside its lead unit sees it (getTask's summary): the assignments it gets in
   * full with their parts, and the rest of the table's own assignments counted by the light bands core gives, with
   * the first `names` units. Exactly `taskForUnitOf` (core/ports/taskForUnit.ts) over listAssignmentsOfTask, without
   * reading every assignment of the task.
   */
  assignmentsOfTaskFor(taskId: string, unitId: string, bands: LightBands, names: number): Promise<TaskForUnit>;
  /**
   * Assignments with their tasks, filtered, in the order of urgency (see AssignmentQuery), paged. With
   * `{ count: false }` the store need not count all matches: `total` is then only offset + the items returned.
   */
  listAssignments(
    query: AssignmentQuery,
    page: PageRequest,
    options?: { count?: boolean },
  ): Promise<Paged<AssignmentWithTask>>;
  /**
   * Every assignment in id order, `limit` (≤ SCAN_PAGE) at a time after the id `afterId` (null: from the first):
   * one pass over the table for what needs all of it (the circular), without offsets.
   */
  scanAssignments(afterId: string | null, limit: number): Promise<Assignment[]>;
  /** Whether the unit leads any task (a lead assignment of the table itself: a part's role does not count). */
  unitLeadsAnyTask(unitId: string): Promise<boolean>;
  /**
   * Adds parts split from an assignment (分解下达): new assignments (with `parentId`) of the parent's existing task,
   * in one go. They are ordinary assignments for every other method, except that no lead unit of the table leads
   * them (`taskLedByUnitId`, `listPendingReports`' `leadUnitId` and `unitLeadsAnyTask` leave them out). A unit
   * that already holds an assignment of the task, or an id that exists, is a CONFLICT.
   */
  addParts(parts: Assignment[]): Promise<void>;
  /**
   * Changes one assignment atomically; with `onlyIfStatus`, only while its status is one of them.
   * Returns the changed assignment, or null when it does not exist or the condition failed.
   */
  updateAssignment(id: string, patch: AssignmentPatch, onlyIfStatus?: AssignmentStatus[]): Promise<Assignment | null>;
  /**
   * Deletes the given assignments of a task that have no reports, no extensions and no urges; returns the ids
   * deleted (narrowing a 相关 collective).
   */
  removeUntouchedAssignments(taskId: string, assignmentIds: string[]): Promise<string[]>;
  /**
   * Light counts over all assignments, grouped by (stage, unit): closed ones are done, an open one counts in the
   * band (of those core gives) its due date falls in. The store knows no light rule of its own.
   */
  lightCounts(bands: LightBands, filter?: { planId?: string }): Promise<LightCountRow[]>;
  /**
   * The same counts summed by stage and by unit, of the units given (all by default): exactly
   * core/ports/lightTotals.ts `lightTotalsOf` over `lightCounts`' rows.
   */
  lightTotals(bands: LightBands, filter?: LightTotalsFilter): Promise<LightTotals>;

  // ── reports ────────────────────────────────────────────────────────────────
  /**
   * Appends a report unless one with the same (assignmentId, requestId) exists; then the existing one comes back
   * with `created: false` and nothing changes. When created, `assignmentPatch` is applied to its assignment in the
   * same transaction. Two concurrent identical appends make one report.
   */
  appendReport(report: Report, assignmentPatch: AssignmentPatch): Promise<{ report: Report; created: boolean }>;
  getReport(id: string): Promise<Report | null>;
  /** The report a client request made, if any (a retried submit answers with it). */
  getReportByRequest(assignmentId: string, requestId: string): Promise<Report | null>;
  /** Reports of a task, newest first; with `assignmentIds`, only the reports of those assignments. */
  listReportsOfTask(taskId: string, only?: { assignmentIds: string[] }): Promise<Report[]>;
  /**
   * Records a review atomically, only while the report is 'pending'; applies `assignmentPatch` to its assignment
   * in the same transaction. Returns the reviewed report, or null when it was not pending.
   */
  reviewReport(
    id: string,
    review: {
      review: Extract<ReportReview, 'accepted' | 'returned'>;
      reviewerId: string;
      reason: string | null;
      at: Instant;
    },
    assignmentPatch: AssignmentPatch,
  ): Promise<Report | null>;
  /**
   * Reports waiting for review, oldest first. With `leadUnitId`: only of responsible assignments of tasks that
   * unit leads. `excludeUnitId`: not of that unit's own assignments.
   */
  listPendingReports(
    scope: { leadUnitId?: string; excludeUnitId?: string },
    page: PageRequest,
  ): Promise<Paged<ReportWithContext>>;

  // ── extensions ─────────────────────────────────────────────────────────────
  addExtension(extension: Extension): Promise<void>;
  getExtension(id: string): Promise<Extension | null>;
  listExtensionsOfTask(taskId: string): Promise<Extension[]>;
  /** Pending extensions, oldest first. */
  listPendingExtensions(page: PageRequest): Promise<Paged<ExtensionWithContext>>;
  /**
   * Decides a pending extension atomically; when approved, sets its assignment's dueDate to the extension's newDue
   * in the same transaction. Returns null when it was not pending.
   */
  decideExtension(
    id: string,
    decision: { status: Exclude<ExtensionStatus, 'pending'>; deciderId: string; note: string | null; at: Instant },
  ): Promise<Extension | null>;

  // ── urges ──────────────────────────────────────────────────────────────────
  addUrges(urges: Urge[]): Promise<void>;
  listUrgesOfTask(taskId: string): Promise<Urge[]>;

  // ── people ─────────────────────────────────────────────────────────────────
  getUser(id: string): Promise<User | null>;
  getUserByPrincipal(principal: string): Promise<User | null>;
  getUsers(ids: string[]): Promise<User[]>;
  /** Users bound to a unit (a unit's contacts), optionally of one role. */
  listUsersOfUnit(unitId: string, role?: UserRole): Promise<User[]>;
  /**
   * Offboarding: the user acts no more, from the next request on: their principal (token, OPENID) finds no user
   * (`getUserByPrincipal` null, and may bind again as someone new), they are out of `listUsersOfUnit` and the
   * reminder contacts; `getUser` / `getUsers` still find them, so history stays attributed. Returns the user as it
   * was, or null when unknown or removed already.
   */
  removeUser(userId: string, at: Instant): Promise<User | null>;
  /**
   * When the user a principal (token, OPENID) stood for was removed (removeUser), or null: the runtimes ask it only
   * when no user is bound to a principal, so the refusal can say why the session ended (USER_REMOVED).
   */
  whenRemoved(principal: string): Promise<Instant | null>;

  // ── storage (issue 13) ─────────────────────────────────────────────────────
  /** Which of these file ids a report refers to (its photos): the cleanup never removes those. */
  attachedFileIds(fileIds: string[]): Promise<string[]>;
  /** The import previews kept, and their bytes (null where the store cannot measure them cheaply). */
  previewUsage(): Promise<{ count: number; bytes: number | null }>;

  createInvite(invite: Invite): Promise<void>;
  getInvite(code: string): Promise<Invite | null>;
  listInvites(filter: { unitId?: string }, page: PageRequest): Promise<Paged<Invite>>;
  /** Marks an unused invite revoked; false when it does not exist or is used or revoked already. */
  revokeInvite(code: string, at: Instant): Promise<boolean>;
  /**
   * Consumes an invite atomically under core's rule: reads the invite (null when unknown) and the user `principal`
   * is bound to (null when none), asks `decide`, and only on 'ok' writes, in one transaction, the decided user
   * (inserted, or, when the principal was bound, the bound user's unit, role and name changed) and the invite as
   * used by that user at `at`. Only one of many concurrent consumers of a code gets 'ok'. Returns the decision.
   * The store judges nothing itself: validity and rebinding are core/usecases/inviteRules.ts.
   */
  consumeInvite(
    code: string,
    at: Instant,
    principal: string,
    decide: (invite: Invite | null, prior: User | null) => InviteDecision,
  ): Promise<InviteDecision>;

  /**
   * Records a wrong-code attempt of one caller (IP or OPENID), to slow guessing down, and forgets that caller's
   * attempts before `forgetBefore` (core/usecases/inviteRules.ts says how long they count).
   */
  recordFailedAttempt(key: string, at: Instant, forgetBefore: Instant): Promise<void>;
  /** Instants of that caller's failed attempts at or after `since`, oldest first. */
  failedAttemptsSince(key: string, since: Instant): Promise<Instant[]>;

  // ── settings, audit, import previews ──────────────────────────────────────
  /**
   * The settings, DEFAULT_SETTINGS where never set: shared by every reader (a store may keep them between
   * requests), so frozen; a change is a new value given to saveSettings.
   */
  getSettings(): Promise<Frozen<Settings>>;
  saveSettings(settings: Frozen<Settings>): Promise<void>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(page: PageRequest): Promise<Paged<AuditEntry>>;

  /** Inserts or replaces (editPreview saves the corrected preview under the same id). */
  savePreview(preview: StoredPreview): Promise<void>;
  getPreview(id: string): Promise<StoredPreview | null>;
  /** Cleanup: removes the import previews made before `before`; returns how many (server/scheduler/cleanup.ts). */
  purgePreviewsBefore(before: Instant): Promise<number>;

  // ── the circular's issue numbers, photo evidence ───────────────────────────
  /**
   * The 第N期 of a plan's circular issued on `date` (Beijing): the number it already has when one was issued that
   * day, else the next of that plan (1 for the first), recorded atomically.
   */
  circularIssue(planId: string, date: CalendarDate): Promise<number>;
  /** Records what was found out about a report's photos (once per report and photo). */
  addPhotoEvidence(rows: PhotoEvidence[]): Promise<void>;
  /** The evidence rows of these reports. */
  photoEvidenceOfReports(reportIds: string[]): Promise<PhotoEvidence[]>;
  /**
   * Photos stored before whose perceptual hash shares at least one band with `bands` (core/evidence/phash.ts
   * `hashBands`): the candidates a new photo is compared with. At most `limit`, oldest first.
   */
  photosSharingBands(bands: string[], limit: number): Promise<PhotoEvidence[]>;

  /**
   * One-time subscription credits left per template id for a user. Implemented with the reminder tables
   * (core/remind); an implementation without them answers {}.
   */
  creditsOf(userId: string): Promise<Record<string, number>>;

  // ── plans: revision, withdrawal, archive (issue 9) ─────────────────────────
  /** Every task of a plan, by seq (a plan has at most a few thousand); not those a revision removed. */
  listTasksOfPlan(planId: string): Promise<Task[]>;
  /**
   * Applies a revision (see PlanRevision). Throws NOT_FOUND when the plan does not exist, CONFLICT when another
   * plan holds the new fingerprint.
   */
  applyRevision(input: PlanRevision): Promise<void>;
  /**
   * Archives a plan: sets its `archivedAt` and withdraws (reason 'archived') every assignment of it not withdrawn
   * yet; returns how many. False-y work on an archived plan: 0.
   */
  archivePlan(planId: string, at: Instant): Promise<number>;
  /**
   * Deletes a plan with its tasks and assignments when none of its assignments has a report, an extension or an
   * urge: 'deleted'; otherwise nothing changes: 'touched' (then it may only be archived); 'missing' when unknown.
   */
  deletePlanIfUntouched(planId: string): Promise<'deleted' | 'touched' | 'missing'>;
  // ── reporting cycles and leaders' instructions (定期报送, 领导批示) ──────────
  /**
   * For each of the given assignments (at most MAX_PAGE), the instant of its first report made in [from, to); an
   * assignment without one there is left out. The period's in / late / missing come from it (core/cycle).
   */
  firstReportsBetween(
    assignmentIds: string[],
    from: Instant,
    to: Instant,
  ): Promise<{ assignmentId: string; at: Instant }[]>;
  /**
   * The report gaps of one reporting period (core/usecases/cycles.ts tells the store which tasks, statuses and
   * instants; the store only filters and counts). Over the not-withdrawn assignments of `taskIds` whose status is
   * in `statuses`: per unit, how many there are (`open`), how many have no report in [from, to) (`none`: its
   * `lastReportAt` is before `from`, or there is no report in the window) and how many whose first report in the
   * window came at or after `by` (`after`). Units with no such assignment are left out.
   */
  reportGapCounts(q: ReportGapQuery): Promise<ReportGapCount[]>;
  /**
   * The assignments `reportGapCounts` counts as `none` or `after`, by id after `after` (null: from the first), at
   * most `limit` (≤ SCAN_PAGE), each with its first report in the window (null: none).
   */
  reportGapRows(q: ReportGapQuery, after: string | null, limit: number): Promise<ReportGapRow[]>;
  /**
   * Every task of a plan, by seq, with only what a reporting cycle applies by and a missed-report row shows
   * (TaskHead); not those a revision removed. What listTasksOfPlan lists, read light (the dashboard's periods).
   */
  listTaskHeadsOfPlan(planId: string): Promise<TaskHead[]>;
  addInstruction(instruction: Instruction): Promise<void>;
  getInstruction(id: string): Promise<Instruction | null>;
  /** The instructions of a task, newest first. */
  listInstructionsOfTask(taskId: string): Promise<Instruction[]>;
  /** Every instruction, newest first, paged. */
  listInstructions(page: PageRequest): Promise<Paged<Instruction>>;
  // ── the supervisor's desk (listTasks, unitOverview, inbox) ────────────────
  /**
   * Tasks matching the query, each with its assignments' light counts by the bands core gives, in plan order,
   * paged; `total` counts every match. A task without assignments counts as green.
   */
  listTaskSummaries(query: TaskQuery, bands: LightBands, page: PageRequest): Promise<Paged<TaskSummary>>;
  /** Per assignment of those given that has urges: how many, when the last, how many unread. */
  urgeStats(assignmentIds: string[]): Promise<Record<string, UrgeStats>>;
  /** Marks the unread urges of these assignments read at `at`; returns how many it marked. */
  markUrgesRead(assignmentIds: string[], at: Instant): Promise<number>;
  /** The unread urges of a unit's assignments, newest first, with their assignment and task, paged. */
  listUnreadUrges(unitId: string, page: PageRequest): Promise<Paged<UrgeWithContext>>;
  /** The latest report (by created time) of each assignment given that has one. */
  latestReports(assignmentIds: string[]): Promise<Record<string, Report>>;
}

/** A task as listTaskHeadsOfPlan reads it. */
export type TaskHead = Pick<Task, 'id' | 'planId' | 'seq' | 'stage' | 'content'>;

/** One reporting period's question to the store (reportGapCounts / reportGapRows). */
export interface ReportGapQuery {
  /** The tasks judged on this period (core decides which: their cycle, its last period due). */
  taskIds: string[];
  /** The statuses a cycle asks to report. */
  statuses: readonly AssignmentStatus[];
  /** The window reports count in: [from, to). */
  from: Instant;
  to: Instant;
  /** A first report at or after this instant came after the due day. */
  by: Instant;
}

/**
 * The canonical text of a period's question: the same tasks (in any order, repeated or not), statuses and instants
 * give the same text. The stores that keep report-gap counts per question name them by a hash of it (SQLite
 * gapCounts.ts, CloudBase gapCounts.ts).
 */
export function reportGapKeyText(q: ReportGapQuery): string {
  return JSON.stringify([[...new Set(q.taskIds)].sort(), [...q.statuses], q.from, q.to, q.by]);
}

export interface ReportGapCount {
  unitId: string;
  open: number;
  none: number;
  after: number;
}

export interface ReportGapRow {
  assignmentId: string;
  taskId: string;
  unitId: string;
  firstAt: Instant | null;
}
