/**
 * The domain of task supervision (督查督办), in the officials' own terms.
 * Calendar dates are `YYYY-MM-DD` strings on the Beijing calendar; instants are UTC ISO strings.
 * The officials' word for each type is in the README's glossary.
 */

/** A calendar date on the Beijing calendar, `YYYY-MM-DD`. */
export type CalendarDate = string;
/** An instant, as a UTC ISO string (`2026-03-31T01:00:00.000Z`). */
export type Instant = string;

// ── Org directory (单位 / 集合) ──────────────────────────────────────────────

export type UnitKind = 'city' | 'district' | 'park' | 'other';

/** One organisation that has contacts, e.g. 市编办, 芙蓉区人民政府. */
export interface Unit {
  id: string;
  name: string;
  /** Other spellings found in documents (市编委办, 市政务中心…). */
  aliases: string[];
  kind: UnitKind;
  /**
   * The unit it belongs to (芙蓉区发展和改革局 under 芙蓉区人民政府; a bureau's 科室 under the bureau), or null / absent
   * for a unit at the top. A unit's subtree is the units below it (core/org/levels.ts).
   */
  parentId?: string | null;
}

/** A collective that names many units at once: 市直各单位, 区县（市）人民政府, 各园区管委会. */
export interface Group {
  id: string;
  name: string;
  aliases: string[];
  /** Unit ids. */
  members: string[];
}

export interface Directory {
  units: Unit[];
  groups: Group[];
  /**
   * Read as from this unit's level (core/org/directory.ts): a district's own short names first. Set by a use case
   * for the caller (a district's administrator importing its own table); never stored.
   */
  level?: string | null;
}

// ── Deadlines (完成时间) ─────────────────────────────────────────────────────

/**
 * month: 2018年4月; range: 2018年7月—11月; year: 2018年度 / 2019年底; date: 2019年3月31日;
 * quarter: 2019年第三季度; half: 2019年上半年; ongoing: 长期坚持 / 持续推进 (no due date);
 * unknown: kept as text, with a warning.
 */
export type DeadlineKind = 'date' | 'month' | 'range' | 'quarter' | 'half' | 'year' | 'ongoing' | 'unknown';

export interface Deadline {
  /** As written in the document (whitespace normalised). */
  text: string;
  kind: DeadlineKind;
  /** First day of a range, or null. */
  start: CalendarDate | null;
  /** Last day by which it must be done, or null (ongoing / unknown). */
  due: CalendarDate | null;
}

// ── Parsed plan (import result) ───────────────────────────────────────────────

export interface ImportWarning {
  /** 1-based line (text, prose, docx) or row (xlsx) where it was found; null when it concerns the whole file. */
  line: number | null;
  code: string;
  message: string;
}

/** A unit reference as found in a document, resolved through the directory. */
export interface UnitRef {
  /** As written (normalised whitespace). */
  text: string;
  /** Canonical name of the unit or group, or the text itself when unknown. */
  name: string;
  kind: 'unit' | 'group' | 'unknown';
  /** The id of the unit or group; null when unknown. */
  id: string | null;
  /** True when the document says 相关 ("the relevant ones"): a supervisor may narrow the members. */
  relevantOnly: boolean;
}

export interface ParsedTask {
  /** 1-based order in the document. */
  seq: number;
  stage: string | null;
  content: string;
  lead: UnitRef[];
  responsible: UnitRef[];
  deadline: Deadline;
  /** Line or row where the task starts. */
  line: number | null;
}

/** Which shape the importer recognised: a table (text, Excel, Word) or numbered prose (in text, Excel, Word). */
export type ImportFormat = 'table-text' | 'xlsx' | 'xlsx-prose' | 'docx-table' | 'docx-prose' | 'prose';

/**
 * What a table column holds, as the importer chose it or an administrator corrected it in the preview
 * (`ignore`: not read).
 */
export const COLUMN_ROLES = ['seq', 'stage', 'content', 'lead', 'responsible', 'deadline', 'ignore'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export interface ParsedPlan {
  title: string | null;
  format: ImportFormat;
  /** Tables only: the header row's cells and the role read from each (what the preview lets an admin change). */
  table?: { headers: string[]; roles: ColumnRole[] };
  tasks: ParsedTask[];
  /** Unit names the directory does not know (kept, never dropped). */
  unknownUnits: string[];
  warnings: ImportWarning[];
}

// ── Tasks, assignments, reports ───────────────────────────────────────────────

export type AssignmentRole = 'lead' | 'responsible';

/**
 * 交办 assigned → 签收 acknowledged → 办理 in_progress → 申请办结 claimed → 办结 closed.
 * A returned completion claim goes back to in_progress.
 */
export type AssignmentStatus = 'assigned' | 'acknowledged' | 'in_progress' | 'claimed' | 'closed';

export type Light = 'green' | 'yellow' | 'red' | 'done';

export interface Plan {
  id: string;
  title: string;
  /** Content hash of the normalised tasks: importing the same table twice does not duplicate it. */
  fingerprint: string;
  importedAt: Instant;
  importedBy: string;
  /** Set when the plan was archived (its work over, or withdrawn once it had history): hidden, kept. */
  archivedAt?: Instant | null;
}

export interface Task {
  id: string;
  planId: string;
  seq: number;
  stage: string | null;
  content: string;
  deadline: Deadline;
  /** Names as written after resolution, for display (牵头 / 责任). */
  leadNames: string[];
  responsibleNames: string[];
  /** Collectives the document names with 相关 on this task: a supervisor may narrow their members (group ids). */
  relevantGroupIds?: string[];
}

export interface Assignment {
  id: string;
  taskId: string;
  unitId: string;
  role: AssignmentRole;
  status: AssignmentStatus;
  /** Current due date (moved only by an approved extension); null when ongoing. */
  dueDate: CalendarDate | null;
  /** Due date as first assigned. */
  originalDueDate: CalendarDate | null;
  acknowledgedAt: Instant | null;
  closedAt: Instant | null;
  lastReportAt: Instant | null;
  percent: number | null;
  /**
   * Set when the assignment was withdrawn (a revised table dropped its unit or task, or its plan was archived):
   * kept in the record with its history, hidden from lists, lights, counts and reminders.
   */
  withdrawnAt?: Instant | null;
  withdrawnReason?: WithdrawReason | null;
  /**
   * 分解下达: the assignment this one was split from (a part given by the unit holding the parent to a unit of its
   * subtree), or null / absent for an assignment of the table itself.
   */
  parentId?: string | null;
  /** A part's note from the splitting unit (what it asks of this unit), or null. */
  note?: string | null;
}

/** Why an assignment was withdrawn. */
export type WithdrawReason = 'revision' | 'archived';

export type ReportReview = 'pending' | 'accepted' | 'returned' | 'none';

/**
 * progress: a report of what was done; noChange: 本期无新进展, filed in one tap, counts as reported for the period
 * and reads as what it is; followUp: 落实 of a leader's instruction (instructionId names it).
 */
export type ReportKind = 'progress' | 'noChange' | 'followUp';

export interface Report {
  id: string;
  assignmentId: string;
  /** Client request id: a retried submit makes one report. */
  requestId: string;
  authorId: string;
  text: string;
  /** File references (local: sha256 ids; CloudBase: fileIDs). */
  photos: string[];
  percent: number | null;
  claimDone: boolean;
  /** Completion claims wait for review; plain progress reports are 'none' unless reviewed. */
  review: ReportReview;
  reviewerId: string | null;
  reviewReason: string | null;
  reviewedAt: Instant | null;
  createdAt: Instant;
  kind: ReportKind;
  /** The 批示 a followUp report acts on; null otherwise. */
  instructionId: string | null;
}

/**
 * 领导批示: a leader's (viewer's) or the supervision office's written instruction on a task (assignmentId null: every
 * unit of the task) or on one unit's assignment. Units record 落实 as a followUp report naming it.
 */
export interface Instruction {
  id: string;
  taskId: string;
  /** One unit's assignment, or null for the whole task. */
  assignmentId: string | null;
  text: string;
  /** The leader's name as it is to be shown (陈市长). */
  leaderName: string;
  authorId: string;
  createdAt: Instant;
}

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

export interface Extension {
  id: string;
  assignmentId: string;
  requesterId: string;
  oldDue: CalendarDate | null;
  newDue: CalendarDate;
  reason: string;
  status: ExtensionStatus;
  deciderId: string | null;
  decisionNote: string | null;
  createdAt: Instant;
  decidedAt: Instant | null;
}

export interface Urge {
  id: string;
  assignmentId: string;
  urgerId: string;
  message: string;
  createdAt: Instant;
  /** When a contact of the urged unit first opened the task after it (已读); null or absent while unread (未读). */
  readAt?: Instant | null;
}

// ── People ────────────────────────────────────────────────────────────────────

/** Stored role. "lead contact" is a contact whose unit leads the task at hand: derived, not stored. */
export type UserRole = 'contact' | 'supervisor' | 'admin' | 'viewer';

export interface User {
  id: string;
  /** Who is behind it: a WeChat OPENID on CloudBase, a local principal on the server. */
  principal: string;
  unitId: string;
  role: UserRole;
  name: string | null;
  createdAt: Instant;
}

export interface Invite {
  code: string;
  unitId: string;
  role: UserRole;
  createdBy: string;
  createdAt: Instant;
  expiresAt: Instant;
  usedBy: string | null;
  usedAt: Instant | null;
  revokedAt: Instant | null;
}

/**
 * Every change the audit log records (留痕). The admin page's dictionary is `satisfies Record<AuditAction, string>`,
 * so a new action shows in Chinese or does not compile.
 */
export const AUDIT_ACTIONS = [
  'bind',
  'acknowledge',
  'submitReport',
  'contentFlagged',
  'acceptReport',
  'returnReport',
  'requestExtension',
  'approveExtension',
  'rejectExtension',
  'urge',
  'confirmImport',
  'addAlias',
  'createUnit',
  'updateUnit',
  'setGroupMembers',
  'narrowTaskGroup',
  'createInvite',
  'revokeInvite',
  'updateSettings',
  'exportCircular',
  'applyRevision',
  'withdrawImport',
  'archivePlan',
  'setCycle',
  'removeCycle',
  'writeInstruction',
  'removeUser',
  'splitAssignment',
  'withdrawPart',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: Instant;
  actorId: string | null;
  action: AuditAction;
  /** What was acted on, e.g. `assignment:123`. */
  target: string;
  detail: Record<string, unknown>;
}

// ── Settings ──────────────────────────────────────────────────────────────────

/**
 * Every kind of subscription message, one list: the settings schema (updateSettings), the subscribe order (views),
 * the reminder planner and format, and the app's dictionary are all keyed by it, so a new kind does not compile
 * until each of them knows it.
 */
export const MESSAGE_KINDS = [
  'due', // before the due date
  'overdue', // while overdue
  'periodic', // before the periodic report day
  'returned', // a report returned
  'accepted', // a report accepted
  'extension', // an extension decided
  'urge', // a supervisor's urge
  'instruction', // a leader's instruction (批示) on a task
  'claimReview', // a completion claim waits for review (to the lead unit's contacts and the supervisors)
  'extensionReview', // an extension request waits for decision (to the lead unit's contacts and the supervisors)
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface TemplateField {
  /** The template's keyword, e.g. `thing1`, `date2`, `phrase3`. */
  key: string;
  /** What goes in it: one of the message's named values (task, unit, due, status, note, …). */
  value: string;
}

export interface TemplateSetting {
  templateId: string;
  fields: TemplateField[];
}

// ── Reporting cycles (定期报送) ───────────────────────────────────────────────

/**
 * When a unit reports: 每周X (weekday 1 = Monday … 7 = Sunday, the week Monday–Sunday), 每月N日前 (the month, day N
 * or the month's last day when shorter), 每季度末月N日前 (the quarter, day N of its last month).
 */
export type CycleRule =
  { every: 'week'; weekday: number } | { every: 'month'; day: number } | { every: 'quarter'; day: number };

/**
 * A reporting cycle on a plan, one stage of it, or one task (the task's own wins over its stage's, which wins over
 * the plan's). Periods count from `start` to `end` (null: open-ended), Beijing calendar (core/cycle).
 */
export interface ReportCycle {
  id: string;
  planId: string;
  /** Set: the cycle of this stage of the plan. */
  stage: string | null;
  /** Set: the cycle of this task. */
  taskId: string | null;
  rule: CycleRule;
  start: CalendarDate;
  end: CalendarDate | null;
}

export interface Settings {
  /** Days before the due date at which an assignment turns yellow. */
  yellowDays: number;
  /** Days before the due date to remind (Beijing calendar days). */
  reminderOffsets: number[];
  /** Remind every N days while overdue. */
  overdueEveryDays: number;
  /** Day of month before which a periodic report is due (e.g. 28), or null. */
  periodicReportDay: number | null;
  /** Days before the periodic report day to remind. */
  periodicRemindDaysBefore: number;
  /** Sending hours, Beijing time, [from, to) in whole hours. */
  sendFromHour: number;
  sendToHour: number;
  /** Long-term (government category) templates: credits do not limit. */
  longTermTemplates: boolean;
  /** Template id and field map per message kind; a kind without one is not sent. */
  templates: Partial<Record<MessageKind, TemplateSetting>>;
  /** Plans whose photos must be taken on the spot (仅允许现场拍摄): the app offers only the camera (evidence.ts). */
  cameraOnlyPlanIds: string[];
  /** Reporting cycles on plans, stages and tasks (set with setCycle / removeCycle). */
  cycles: ReportCycle[];
  /** A repeat urge of the same assignment within this many minutes is answered as already urged and sends nothing. */
  urgeDedupeMinutes?: number;
}

export const DEFAULT_SETTINGS: Settings = {
  yellowDays: 7,
  reminderOffsets: [7, 3, 1, 0],
  overdueEveryDays: 3,
  periodicReportDay: null,
  periodicRemindDaysBefore: 3,
  sendFromHour: 8,
  sendToHour: 20,
  longTermTemplates: false,
  templates: {},
  cameraOnlyPlanIds: [],
  cycles: [],
  urgeDedupeMinutes: 10,
};
