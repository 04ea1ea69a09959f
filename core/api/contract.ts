/**
 * The actions the app calls, with what goes in and what comes out. One table for both runtimes:
 * `POST /api/<action>` on the local server, `{ action, payload }` to the `api` cloud function.
 * The use cases' zod schemas (core/usecases) accept exactly these inputs; the app imports only types from here.
 */
import type {
  AuditAction,
  AssignmentRole,
  ColumnRole,
  AssignmentStatus,
  CalendarDate,
  CycleRule,
  Deadline,
  ExtensionStatus,
  ImportFormat,
  ImportWarning,
  Instant,
  Light,
  MessageKind,
  ReportKind,
  ReportReview,
  Settings,
  TemplateSetting,
  UserRole,
} from '../model';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

// ── views ─────────────────────────────────────────────────────────────────────

export interface MeView {
  user: { id: string; role: UserRole; name: string | null; unitId: string; unitName: string };
  /** Whether the caller's unit leads any task (then it reviews reports too). */
  leadsTasks: boolean;
  /** One-time subscription credits left, by template id. */
  credits: Record<string, number>;
  /** Template ids the app should ask to subscribe to (at most 3 per request). */
  subscribeTemplateIds: string[];
  longTermTemplates: boolean;
  /** The template id of each configured kind: the app picks each tap's ids from it (core/subscribe.ts). */
  subscribeTemplates: Partial<Record<MessageKind, string>>;
  demo: boolean;
}

export interface AssignmentCard {
  assignmentId: string;
  taskId: string;
  seq: number;
  stage: string | null;
  content: string;
  unitId: string;
  unitName: string;
  role: AssignmentRole;
  status: AssignmentStatus;
  light: Light;
  dueDate: CalendarDate | null;
  deadlineText: string;
  /** Beijing calendar days until due; negative when overdue; null when ongoing. */
  daysLeft: number | null;
  /** A completion claim waits for review. */
  pendingReview: boolean;
  lastReportAt: Instant | null;
  /** 本期待报送: the task reports on a cycle and this open assignment has not reported in the current period. */
  reportDue: { periodName: string; due: CalendarDate } | null;
  /** The unit's latest report was returned (被退回): shown until the unit reports again. */
  returned?: ReturnedNote | null;
  /**
   * 分解下达: for a part, the units it came down through, from the top (["芙蓉区人民政府"]: the app shows
   * 市 → 芙蓉区人民政府 → 本单位); empty for an assignment of the table itself.
   */
  path: string[];
}

/** A returned report, as the list card and the top of the task page show it. */
export interface ReturnedNote {
  reportId: string;
  reason: string | null;
  at: Instant | null;
  reviewerName?: string | null;
}

/** How often an assignment was urged (已催办 N 次), when last, and whether the unit has read them. */
export interface UrgeSummary {
  count: number;
  lastAt: Instant;
  /** Urges no contact of the unit has read yet (未读); 0: all read (已读). */
  unread: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The settings, with the plans a per-plan setting (仅允许现场拍摄) names. */
export type SettingsView = Settings & { plans: { id: string; title: string }[] };

/** The circular's two files: the Word document and its Excel annex. */
export type CircularFormat = 'docx' | 'xlsx';

export interface PhotoView {
  id: string;
  /** A URL the caller may load (signed on the server, a temp URL on CloudBase): the stamped display copy when there is one. */
  url: string;
  /** The photo as uploaded, when `url` is its stamped copy. */
  originalUrl?: string;
  /** When the server received it (burned into the display copy with the unit). */
  receivedAt?: Instant;
  /** When the photo says it was taken (EXIF), or null. */
  takenAt?: Instant | null;
  /** Hours between capture and receipt, when more than a day (flagged). */
  captureGapHours?: number | null;
  /** The earlier report with the same (or a near-identical) photo: shown to the reviewer with a link. */
  reused?: PhotoReuseView | null;
}

export interface PhotoReuseView {
  reportId: string;
  taskId: string;
  taskSeq: number | null;
  unitName: string;
  at: Instant;
  /** Bits of the perceptual hash that differ (0: the same picture). */
  distance: number;
  /** The same unit's own earlier photo, or another unit's. */
  sameUnit: boolean;
}

export interface ReportView {
  id: string;
  assignmentId: string;
  unitName: string;
  authorName: string | null;
  text: string;
  photos: PhotoView[];
  percent: number | null;
  claimDone: boolean;
  review: ReportReview;
  reviewReason: string | null;
  reviewerName: string | null;
  reviewedAt: Instant | null;
  createdAt: Instant;
  /** progress, noChange (本期无新进展), followUp (落实 of the instruction `instructionId`). */
  kind: ReportKind;
  instructionId: string | null;
}

/** A leader's instruction (批示) as the task page and the dashboard show it. */
export interface InstructionView {
  id: string;
  taskId: string;
  /** Null: every unit of the task; else the one assignment it is written on. */
  assignmentId: string | null;
  /** The unit it is written on (null: the whole task). */
  unitName: string | null;
  text: string;
  leaderName: string;
  createdAt: Instant;
  /** The units it asks to act (the assignment's unit, or every open assignment's of the task) and who has. */
  units: { assignmentId: string; unitName: string; actedAt: Instant | null }[];
  /** Every unit concerned has recorded 落实. */
  acted: boolean;
}

/** Where a task's cycle in force comes from (core/cycle `cycleFor`): 本任务 / 阶段 / 方案 / 默认. */
export type CycleSource = 'task' | 'stage' | 'plan' | 'default';

/** A cycle with the words the settings page shows. */
export interface CycleView {
  id: string;
  planId: string;
  planTitle: string;
  stage: string | null;
  taskId: string | null;
  /** 第3项 …, when on a task. */
  taskLabel: string | null;
  rule: CycleRule;
  /** 每月28日前 */
  ruleText: string;
  start: CalendarDate;
  end: CalendarDate | null;
}

/** One unit that missed the report of the last period due (本期未按时报送). */
export interface MissedReportRow {
  assignmentId: string;
  taskId: string;
  seq: number;
  content: string;
  unitId: string;
  unitName: string;
  /** 2026年11月 */
  periodName: string;
  due: CalendarDate;
  /** missing: nothing came; late: it came after the due day. */
  status: 'missing' | 'late';
}

/** One period's missed reports (a table's tasks on different cycles are judged on different periods). */
export interface MissedPeriodRow {
  /** 2026年11月 */
  periodName: string;
  due: CalendarDate;
  missing: number;
  late: number;
}

/** One unit's missed reports of the last period due (the rows of MissedReportRow, counted). */
export interface MissedUnitRow {
  unitId: string;
  unitName: string;
  missing: number;
  late: number;
}

export interface ExtensionView {
  id: string;
  assignmentId: string;
  unitName: string;
  oldDue: CalendarDate | null;
  newDue: CalendarDate;
  reason: string;
  status: ExtensionStatus;
  decisionNote: string | null;
  createdAt: Instant;
  decidedAt: Instant | null;
}

export interface UrgeView {
  id: string;
  assignmentId: string;
  unitName: string;
  message: string;
  urgerName: string | null;
  createdAt: Instant;
  /** When a contact of the unit opened the task after it (已读); null: 未读. */
  readAt?: Instant | null;
}

export interface AssignmentView {
  id: string;
  unitId: string;
  unitName: string;
  role: AssignmentRole;
  status: AssignmentStatus;
  light: Light;
  dueDate: CalendarDate | null;
  originalDueDate: CalendarDate | null;
  daysLeft: number | null;
  percent: number | null;
  lastReportAt: Instant | null;
  /** The assignment it was split from (分解下达), or null for an assignment of the table itself. */
  parentId: string | null;
  /** The splitting unit's note to this part, or null. */
  note: string | null;
  /** For an assignment split into parts: how far the parts are (done / total, the worst light among open ones). */
  rollup: PartsRollup | null;
}

/** The rollup of an assignment's parts: how many are done of how many, and the worst light of the open ones. */
export interface PartsRollup {
  done: number;
  total: number;
  /** The worst light among open parts (red before yellow before green), or null when every part is done. */
  worstOpen: Exclude<Light, 'done'> | null;
}

export interface TaskDetail {
  task: {
    id: string;
    seq: number;
    stage: string | null;
    content: string;
    deadline: Deadline;
    leadNames: string[];
    responsibleNames: string[];
    light: Light;
    /** Collectives the task names with 相关 (group ids): a supervisor or admin may narrow them (narrowTaskGroup). */
    relevantGroupIds: string[];
    /** Its plan allows only photos taken on the spot (仅允许现场拍摄): the report page offers only the camera. */
    cameraOnly: boolean;
  };
  /**
   * The assignments shown in full, lead units first. Everyone but a contact outside the lead unit gets every
   * assignment it may see here. That contact gets its own assignment, the parts its unit split (any depth), the
   * assignment it came down from, and the lead units'; the task's other units are counted in `others` and listed on
   * demand by `listTaskUnits`.
   */
  assignments: AssignmentView[];
  /** The task's other units, counted (null: every assignment the caller may see is in `assignments`). */
  others: TaskUnitsSummary | null;
  /** Newest first; only those the caller may see. */
  reports: ReportView[];
  extensions: ExtensionView[];
  urges: UrgeView[];
  /** The caller's own assignment on this task, if any. */
  myAssignmentId: string | null;
  /** Leaders' instructions on this task the caller may see (the whole task's, and its own unit's), newest first. */
  instructions: InstructionView[];
  /** The cycle the task reports on, and the caller's own unit's state in the current period. */
  cycle: {
    ruleText: string;
    periodName: string;
    due: CalendarDate;
    /** The caller's own assignment this period (null when the caller has none). */
    mine: 'in' | 'late' | 'missing' | 'pending' | null;
    /** Where the cycle in force comes from: the task's own, its stage's, its plan's, the settings' report day. */
    source: CycleSource;
  } | null;
  /** The task's own cycle (set on this task), whether or not a period of it is current; null when it has none. */
  ownCycle: CycleView | null;
  /** The caller's own assignment's latest report was returned: the reason, shown at the top until it reports again. */
  myReturned?: ReturnedNote | null;
  /**
   * What the caller may do here: the same rules the use cases enforce (core/assign/lifecycle.ts for the
   * assignment's status, permissions.ts for the role and scope), so the app shows a button only when the action
   * would pass and needs no role checks of its own.
   */
  can: {
    /** 签收 the caller's own assignment (only while it is `assigned`). */
    acknowledge: boolean;
    /** A plain progress report on the caller's own assignment (open, and no claim waiting for review). */
    report: boolean;
    /** A report that claims completion (申请办结): open and not already claimed. */
    claim: boolean;
    /** Ask for a later due date on the caller's own open assignment. */
    requestExtension: boolean;
    /** Review claims on this task (the pending reports of units in the caller's scope: `reports[].review`). */
    review: boolean;
    /** Decide the extension requests of this task (the pending ones in `extensions`). */
    decideExtension: boolean;
    /** Urge this task's open assignments (those whose light is not `done`). */
    urge: boolean;
    /** Narrow a 相关 collective of this task (narrowTaskGroup). */
    narrow: boolean;
    /** 本期无新进展 in one tap: the caller's own open assignment on a cycle, not yet reported this period. */
    reportNoChange: boolean;
    /** Write a leader's instruction (批示) on the task or one of its units (viewers, supervisors). */
    instruct: boolean;
    /** 分解下达: give the caller's own open assignment on to units of its subtree (splitAssignment). */
    split: boolean;
    /** Set, change or remove the task's own reporting cycle (setCycle / removeCycle: admins, the lead unit). */
    setCycle: boolean;
  };
  /** The assignments the caller may urge here (open, in its scope: a splitting unit, its parts only). */
  urgeIds: string[];
  /** The parts the caller's unit split that it may still withdraw (no reports, extension requests or urges). */
  withdrawIds: string[];
  /** The units the caller's unit may split its assignment to (its subtree), when `can.split`; else empty. */
  splitCandidates: { id: string; name: string; aliases: string[] }[];
  /**
   * For the caller's own assignment when it is a part: the units it came down through, from the top
   * (["芙蓉区人民政府"]); empty otherwise.
   */
  myPath: string[];
}

/** The assignments a task page counts rather than lists (TaskDetail.others): the rest come from listTaskUnits. */
export interface TaskUnitsSummary {
  /** How many units (assignments). */
  count: number;
  /** How many of them have each light. */
  lights: Record<Light, number>;
  /** The first few units' names, in the order listTaskUnits lists them. */
  names: string[];
}

export interface ReviewItem {
  report: ReportView;
  taskId: string;
  seq: number;
  content: string;
}

export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  done: number;
  total: number;
}

/** A row of the dashboard's lists: one unit's assignment; its task is in `Dashboard.tasks`, once. */
export interface DashboardRow {
  assignmentId: string;
  taskId: string;
  unitName: string;
  role: AssignmentRole;
  dueDate: CalendarDate | null;
  daysLeft: number | null;
  light: Light;
  /** The urges of this assignment so far (overdue rows), null when never urged. */
  urges?: UrgeSummary | null;
}

/** A task named by the dashboard's rows (a hundred overdue rows are of a handful of tasks). */
export interface DashboardTask {
  taskId: string;
  seq: number;
  content: string;
}

export interface Dashboard {
  generatedAt: Instant;
  counts: LightCounts;
  byStage: { stage: string; counts: LightCounts }[];
  /** Ranked by overdue, most first; `rank`: equal overdue counts share a rank (1, 2, 2, 4…). */
  byUnit: { unitId: string; unitName: string; counts: LightCounts; rank?: number }[];
  dueThisWeek: DashboardRow[];
  /** How many open assignments fall due this week in all (dueThisWeek shows the first 100). */
  dueThisWeekCount?: number;
  overdue: DashboardRow[];
  /** The tasks the rows of dueThisWeek and overdue name, each once, in table order. */
  tasks: DashboardTask[];
  /**
   * 本期未按时报送: the units that missed the last period due of their task's cycle, each with how many of its
   * tasks it did not report on (missing) or reported late, most missing first; and the same counted per period
   * judged (the rows themselves are the circular's: the page shows the units and the periods).
   */
  missedReports: { total: number; units: MissedUnitRow[]; periods: MissedPeriodRow[] };
  /** Open leaders' instructions (not yet acted on by every unit), newest first, and how many there are. */
  openInstructions: { total: number; items: InstructionView[] };
}

// ── the supervisor's desk: the whole table, a unit's page, the inbox ───────────

/** One task of the whole table (listTasks), with its assignments rolled up. */
export interface TaskRow {
  taskId: string;
  planId: string;
  seq: number;
  stage: string | null;
  content: string;
  deadlineText: string;
  leadNames: string[];
  /** The worst open light of its assignments; done when all are closed. */
  light: Light;
  counts: {
    /** Units with an assignment on the task. */
    units: number;
    done: number;
    overdue: number;
    /** 临期: due within the yellow window. */
    dueSoon: number;
  };
}

/** One assignment of a unit, as the unit page shows it. */
export interface UnitAssignmentRow extends AssignmentCard {
  /** The latest report's first words, or null when it never reported. */
  latestReport: { text: string; at: Instant; review: ReportReview } | null;
  urges: UrgeSummary | null;
  /** For an assignment the unit split (分解下达): how far its parts are (done / total, the worst open light). */
  rollup: PartsRollup | null;
  /** The parts split from it that the caller may see, read-only here (their unit's page or the task acts on them). */
  parts: AssignmentView[];
  /** 本期未报送: its task's last period due passed with no report from this unit since the period began. */
  missedPeriod: { periodName: string; due: CalendarDate } | null;
}

export interface UnitOverview {
  unit: { id: string; name: string; kind: string };
  contacts: { name: string | null; role: UserRole }[];
  counts: LightCounts;
  /** Most urgent first (the caller's scope: all for the overseers, the tasks it leads for a lead contact). */
  assignments: UnitAssignmentRow[];
  /** Whether the caller may urge this unit's open assignments here. */
  canUrge: boolean;
  /** How many of its assignments missed their last period's report (rows with `missedPeriod`). */
  missedCount: number;
}

/**
 * What waits in a user's inbox, one kind per source. An extensible union: a new source (领导批示…) adds its kind,
 * its count and its Chinese name (zh.inbox.kind).
 */
export const INBOX_KINDS = ['review', 'extension', 'returned', 'urge'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxItem {
  kind: InboxKind;
  /** The record it is about (report, extension, urge id). */
  id: string;
  taskId: string;
  seq: number;
  content: string;
  unitName: string;
  at: Instant;
  /** The reason, the urge's text, the report's first words. */
  note: string | null;
}

export interface Inbox {
  counts: Record<InboxKind, number>;
  total: number;
  /** Newest first, at most 50. */
  items: InboxItem[];
}

export interface ImportPreview {
  previewId: string;
  title: string | null;
  format: ImportFormat;
  tasks: {
    seq: number;
    stage: string | null;
    content: string;
    lead: string[];
    responsible: string[];
    deadline: Deadline;
    /** Line or row of the file where the task starts (warnings point at it). */
    line: number | null;
    /** Left out by the administrator: confirming does not import it. */
    excluded: boolean;
    /** Edited by the administrator in the preview. */
    edited: boolean;
  }[];
  stages: string[];
  unknownUnits: string[];
  warnings: ImportWarning[];
  /** How many assignments confirming would create. */
  assignmentCount: number;
  /** Set when the same table was already imported. */
  duplicateOfPlanId: string | null;
  /** Tables only: the header's cells and the role of each column; importPlan with `columns` re-reads with others. */
  columns: { headers: string[]; roles: ColumnRole[] } | null;
  /**
   * Set when every dated deadline is already past (an old table): `years` is the smallest whole number of years
   * that brings the latest of them to today or later (editPreview `shiftYears`).
   */
  allPast: { latestDue: CalendarDate; years: number } | null;
  /** Set when the table looks like a revision of a plan already imported (its tasks mostly alike). */
  revision: RevisionDiff | null;
}

/** What applying a table as a revision of an existing plan would change (confirmImport `asRevision`). */
export interface RevisionDiff {
  planId: string;
  planTitle: string;
  /** Tasks found again word for word, with the same units and deadline. */
  unchanged: number;
  /** Tasks of the file with no counterpart in the plan (seq in the file). */
  added: { seq: number; content: string }[];
  /** Tasks of the plan with no counterpart in the file: their assignments would be withdrawn (seq in the plan). */
  removed: { seq: number; content: string }[];
  /** Tasks found again with something changed. */
  changed: {
    seq: number;
    planSeq: number;
    content: string;
    before: string;
    /** What changed, in Chinese: 内容, 牵头单位, 责任单位, 完成时限, 阶段. */
    fields: string[];
    addedUnits: string[];
    removedUnits: string[];
  }[];
}

/** One edit of a previewed task (editPreview): a field given replaces what the importer read. */
export interface PreviewTaskEdit {
  seq: number;
  content?: string;
  /** Units as one would write them in the table (`市发改委、市财政局`). */
  lead?: string;
  responsible?: string;
  /** The deadline as text (`2026年6月底前`); it is read as the importer reads it. */
  deadline?: string;
  excluded?: boolean;
}

export interface PlanView {
  id: string;
  title: string;
  importedAt: Instant;
  archivedAt: Instant | null;
  tasks: number;
}

export interface UnitView {
  id: string;
  name: string;
  aliases: string[];
  kind: string;
  /** The unit it belongs to (a district's 区直部门 and 街道 under the district government), or null at the top. */
  parentId: string | null;
}

export interface GroupView {
  id: string;
  name: string;
  aliases: string[];
  members: string[];
}

/** A unit or collective of the caller's district, with the short names it has within the district (区发改局). */
export interface LevelName {
  kind: 'unit' | 'group';
  id: string;
  spellings: string[];
}

export interface InviteView {
  code: string;
  unitId: string;
  unitName: string;
  role: UserRole;
  createdAt: Instant;
  expiresAt: Instant;
  usedAt: Instant | null;
  revokedAt: Instant | null;
}

export interface MessageView {
  key: string;
  kind: MessageKind;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  status: string;
  at: Instant;
}

export interface AuditView {
  id: string;
  at: Instant;
  actorName: string | null;
  action: AuditAction;
  target: string;
  /** The unit the change concerns (the assignment's, the invite's, the unit edited…), when there is one. */
  unitName: string | null;
  /** The task the change concerns, when there is one. */
  task: { id: string; seq: number; content: string } | null;
  detail: Record<string, unknown>;
}

/** A message template tried on a real task (previewTemplate): each field as WeChat would receive it. */
export interface TemplatePreview {
  kind: MessageKind;
  /** The task the values come from; null when there is no task yet (then the values are examples). */
  task: { id: string; seq: number; content: string; unitName: string } | null;
  fields: {
    key: string;
    /** The keyword type (`thing`, `date`…), null when WeChat knows no such type. */
    type: string | null;
    /** WeChat's rule for the type, in Chinese. */
    rule: string | null;
    valueName: string;
    value: string;
    /** What breaks WeChat's rule, or null. */
    problem: string | null;
  }[];
  /** What is wrong with the setting itself (no template id, unknown keyword…); saving refuses these. */
  problems: string[];
}

// ── the actions ───────────────────────────────────────────────────────────────

export interface Actions {
  // binding
  previewInvite: { in: { code: string }; out: { unitName: string; role: UserRole; expiresAt: Instant } };
  bind: { in: { code: string; name?: string }; out: { me: MeView; token?: string } };
  me: { in: Record<string, never>; out: MeView };
  demoLogin: {
    in: { as: 'admin' | 'supervisor' | 'lead' | 'district' | 'viewer' | 'street' };
    out: { me: MeView; token: string };
  };
  // tasks
  listMyTasks: {
    in: {
      light?: Light | 'due' | 'overdue';
      role?: AssignmentRole;
      stage?: string;
      q?: string;
      page?: number;
      pageSize?: number;
      planId?: string;
    };
    out: Page<AssignmentCard>;
  };
  getTask: { in: { taskId: string }; out: TaskDetail };
  acknowledge: { in: { assignmentId: string }; out: { status: AssignmentStatus } };
  // reports
  submitReport: {
    in: {
      assignmentId: string;
      requestId: string;
      text: string;
      photos?: string[];
      percent?: number | null;
      claimDone?: boolean;
      /** noChange: 本期无新进展 (the text is set by the server); followUp: 落实 of `instructionId`. */
      kind?: ReportKind;
      instructionId?: string;
      /**
       * A claim on an assignment split into parts: true once the caller has confirmed claiming while parts are still
       * open (without it such a claim is refused, naming the open parts).
       */
      confirmOpenParts?: boolean;
      /** A claim on a split assignment may cite its parts' reports as evidence (their photos come with it). */
      citeReportIds?: string[];
    };
    out: { report: ReportView; created: boolean };
  };
  reviewQueue: {
    in: { planId?: string };
    out: { reports: ReviewItem[]; extensions: (ExtensionView & { taskId: string; seq: number; content: string })[] };
  };
  reviewReport: {
    in: { reportId: string; decision: 'accept' | 'return'; reason?: string };
    out: { report: ReportView };
  };
  // extensions
  requestExtension: {
    in: { assignmentId: string; newDue: CalendarDate; reason: string };
    out: { extension: ExtensionView };
  };
  decideExtension: { in: { extensionId: string; approve: boolean; note?: string }; out: { extension: ExtensionView } };
  // urging
  /** `urged`: new urges recorded and sent; `alreadyUrged`: those urged within the dedupe window (nothing sent). */
  urge: { in: { assignmentIds: string[]; message: string }; out: { urged: number; alreadyUrged?: number } };
  // dashboard
  dashboard: { in: { planId?: string }; out: Dashboard };
  exportCircular: {
    /** `planId`: one plan's circular (without it, every plan not archived); `format` 'docx' (the default): the Word circular, 'xlsx': its annex workbook. */
    in: { planId?: string; format?: CircularFormat };
    /** `fileId`: the stored file (on CloudBase a `cloud://` id the app downloads without a downloadFile domain). */
    out: { fileName: string; url: string; fileId?: string; format: CircularFormat };
  };
  // administration
  importPlan: {
    in: { fileName: string; base64?: string; fileId?: string; columns?: ColumnRole[] };
    out: ImportPreview;
  };
  confirmImport: {
    in: { previewId: string; unitMappings?: Record<string, string>; createUnknown?: boolean; asRevision?: boolean };
    out: {
      planId: string;
      tasks: number;
      assignments: number;
      duplicate: boolean;
      /** Set when the table was applied as a revision of `planId`. */
      revision?: { addedTasks: number; assigned: number; updated: number; withdrawn: number };
    };
  };
  listDirectory: {
    in: Record<string, never>;
    /** `levelNames`: the short names the caller's own district reads (区发改局, 各街道); empty at the city. */
    out: { units: UnitView[]; groups: GroupView[]; levelNames: LevelName[] };
  };
  saveUnit: {
    in: { id?: string; name: string; aliases?: string[]; kind?: string; parentId?: string | null };
    out: UnitView;
  };
  addAlias: { in: { targetId: string; alias: string }; out: { ok: true } };
  setGroupMembers: { in: { groupId: string; members: string[] }; out: GroupView };
  narrowTaskGroup: { in: { taskId: string; groupId: string; keepUnitIds: string[] }; out: { removed: number } };
  createInvite: { in: { unitId: string; role: UserRole; ttlDays?: number }; out: InviteView };
  listInvites: { in: { unitId?: string }; out: InviteView[] };
  revokeInvite: { in: { code: string }; out: { ok: true } };
  getSettings: { in: Record<string, never>; out: SettingsView };
  updateSettings: { in: Partial<Settings>; out: SettingsView };
  listAudit: { in: { page?: number; pageSize?: number }; out: Page<AuditView> };
  previewTemplate: { in: { kind: MessageKind; template: TemplateSetting; taskId?: string }; out: TemplatePreview };
  // reminders
  recordSubscription: { in: { results: Record<string, string> }; out: { credits: Record<string, number> } };
  myMessages: { in: Record<string, never>; out: MessageView[] };
  // plans: correcting an import, revising, withdrawing, archiving (issue 9)
  editPreview: {
    in: { previewId: string; edits?: PreviewTaskEdit[]; shiftYears?: number };
    out: ImportPreview;
  };
  listPlans: { in: { archived?: boolean }; out: PlanView[] };
  withdrawImport: { in: { planId: string }; out: { planId: string; tasks: number; assignments: number } };
  archivePlan: { in: { planId: string }; out: { planId: string; withdrawn: number } };
  // reporting cycles (定期报送) and leaders' instructions (领导批示)
  listCycles: {
    in: Record<string, never>;
    out: { cycles: CycleView[]; plans: { id: string; title: string; stages: string[] }[] };
  };
  setCycle: {
    in: {
      /** The plan; may be left out for a task's own cycle (the task's plan). */
      planId?: string;
      stage?: string | null;
      taskId?: string | null;
      rule: CycleRule;
      start: CalendarDate;
      end?: CalendarDate | null;
    };
    out: CycleView;
  };
  removeCycle: { in: { cycleId: string }; out: { ok: true } };
  writeInstruction: {
    in: { taskId: string; assignmentId?: string | null; text: string; leaderName?: string };
    out: InstructionView;
  };
  // the supervisor's desk
  listTasks: {
    in: {
      q?: string;
      planId?: string;
      stage?: string;
      leadUnitId?: string;
      unitId?: string;
      light?: Light;
      cursor?: string;
    };
    out: { items: TaskRow[]; total: number; nextCursor: string | null };
  };
  unitOverview: { in: { unitId: string }; out: UnitOverview };
  inbox: { in: Record<string, never>; out: Inbox };
  // offboarding (admins): a unit's people, and removing or replacing one who left
  listUnitUsers: { in: { unitId: string }; out: UnitUserView[] };
  removeUser: { in: { userId: string; replace?: boolean }; out: { removed: UnitUserView; invite: InviteView | null } };
  // 分解下达: a unit gives its assignment on to units of its subtree (parts), and withdraws a part without reports
  splitAssignment: {
    in: {
      assignmentId: string;
      parts: { unitId: string; role?: AssignmentRole; due?: CalendarDate; note?: string }[];
    };
    out: { parts: AssignmentView[] };
  };
  withdrawPart: { in: { assignmentId: string }; out: { ok: true } };
  // disk usage for admins (issue 13)
  storageUsage: { in: Record<string, never>; out: StorageUsage };
  /**
   * CloudBase: the app tells the function the files it just uploaded straight to cloud storage
   * (`wx.cloud.uploadFile`, src/api/upload.ts), so the per-person quota holds and an upload no report uses is found
   * and removed (core/usecases/noteUploads.ts). Only files in the caller's own upload folder; over the quota the
   * files are deleted and the call refused. The local server knows its uploads already: it only checks ownership.
   */
  noteUploads: { in: { fileIds: string[] }; out: { noted: string[] } };
  // a task's units on demand (issue 14): the assignments getTask counted in `others`, a page at a time
  /** `after`: the last assignment id of the page before; `next`: the cursor of the next page, null at the end. */
  listTaskUnits: {
    in: { taskId: string; after?: string };
    out: { assignments: AssignmentView[]; next: string | null };
  };
}

/** How many stored things and their bytes. */
export interface ByteCount {
  count: number;
  bytes: number;
}

/** What the deployment stores, as an admin sees it (storageUsage). */
export interface StorageUsage {
  /**
   * Files by kind: photos (the uploads and their stamped copies), documents uploaded for import, exported
   * circulars. null where the runtime cannot list its storage (CloudBase: the cloud console shows it).
   */
  files: { photos: ByteCount; documents: ByteCount; exports: ByteCount } | null;
  /** Import previews kept for confirming (removed after `limits.previewKeepDays`); bytes null where not measured. */
  previews: { count: number; bytes: number | null };
  /**
   * Uploaded photos no report refers to: `due` are older than `limits.orphanKeepHours` and go at the next cleanup
   * pass, `waiting` are younger (a report being written). null where storage cannot be listed.
   */
  orphans: { due: ByteCount; waiting: ByteCount } | null;
  limits: {
    maxUploadBytes: number;
    /** Per person; null where the runtime sets none. */
    uploadsPerMinute: number | null;
    dailyUploadBytes: number | null;
    orphanKeepHours: number;
    previewKeepDays: number;
  };
  /**
   * `all`: the files figures are everything stored (the local disk). `recorded`: only what the runtime recorded
   * since the record began (CloudBase: uploads the app noted, copies and circulars saved by this version); older
   * files are in the cloud console only.
   */
  counted: 'all' | 'recorded';
}

/** A person bound to a unit, as an admin sees them for offboarding. */
export interface UnitUserView {
  id: string;
  name: string | null;
  role: UserRole;
  unitId: string;
  createdAt: Instant;
}

export type ActionName = keyof Actions;
export type ActionInput<A extends ActionName> = Actions[A]['in'];
export type ActionOutput<A extends ActionName> = Actions[A]['out'];
