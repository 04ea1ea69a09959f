/**
 * The actions the app calls, with what goes in and what comes out. One table for both runtimes:
 * `POST /api/<action>` on the local server, `{ action, payload }` to the `api` cloud function.
 * The use cases' zod schemas (core/usecases) accept exactly these inputs; the app imports only types from here.
 */
import type {
  AuditAction,
  AssignmentRole,
  AssignmentStatus,
  CalendarDate,
  Deadline,
  ExtensionStatus,
  ImportFormat,
  ImportWarning,
  Instant,
  Light,
  MessageKind,
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
  /**
   * 分解下达: for a part, the units it came down through, from the top (["芙蓉区人民政府"]: the app shows
   * 市 → 芙蓉区人民政府 → 本单位); empty for an assignment of the table itself.
   */
  path: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PhotoView {
  id: string;
  /** A URL the caller may load (signed on the server, a temp URL on CloudBase). */
  url: string;
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
  };
  /** Lead units first. */
  assignments: AssignmentView[];
  /** Newest first; only those the caller may see. */
  reports: ReportView[];
  extensions: ExtensionView[];
  urges: UrgeView[];
  /** The caller's own assignment on this task, if any. */
  myAssignmentId: string | null;
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
    /** 分解下达: give the caller's own open assignment on to units of its subtree (splitAssignment). */
    split: boolean;
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

export interface DashboardRow {
  assignmentId: string;
  taskId: string;
  seq: number;
  content: string;
  unitName: string;
  role: AssignmentRole;
  dueDate: CalendarDate | null;
  daysLeft: number | null;
  light: Light;
}

export interface Dashboard {
  generatedAt: Instant;
  counts: LightCounts;
  byStage: { stage: string; counts: LightCounts }[];
  /** Ranked by overdue, most first. */
  byUnit: { unitId: string; unitName: string; counts: LightCounts }[];
  dueThisWeek: DashboardRow[];
  overdue: DashboardRow[];
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
  }[];
  stages: string[];
  unknownUnits: string[];
  warnings: ImportWarning[];
  /** How many assignments confirming would create. */
  assignmentCount: number;
  /** Set when the same table was already imported. */
  duplicateOfPlanId: string | null;
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
    in: Record<string, never>;
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
  urge: { in: { assignmentIds: string[]; message: string }; out: { urged: number } };
  // dashboard
  dashboard: { in: Record<string, never>; out: Dashboard };
  exportCircular: {
    in: Record<string, never>;
    /** `fileId`: the stored file (on CloudBase a `cloud://` id the app downloads without a downloadFile domain). */
    out: { fileName: string; url: string; fileId?: string };
  };
  // administration
  importPlan: { in: { fileName: string; base64?: string; fileId?: string }; out: ImportPreview };
  confirmImport: {
    in: { previewId: string; unitMappings?: Record<string, string>; createUnknown?: boolean };
    out: { planId: string; tasks: number; assignments: number; duplicate: boolean };
  };
  listDirectory: { in: Record<string, never>; out: { units: UnitView[]; groups: GroupView[] } };
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
  getSettings: { in: Record<string, never>; out: Settings };
  updateSettings: { in: Partial<Settings>; out: Settings };
  listAudit: { in: { page?: number; pageSize?: number }; out: Page<AuditView> };
  previewTemplate: { in: { kind: MessageKind; template: TemplateSetting; taskId?: string }; out: TemplatePreview };
  // reminders
  recordSubscription: { in: { results: Record<string, string> }; out: { credits: Record<string, number> } };
  myMessages: { in: Record<string, never>; out: MessageView[] };
  // 分解下达: a unit gives its assignment on to units of its subtree (parts), and withdraws a part without reports
  splitAssignment: {
    in: {
      assignmentId: string;
      parts: { unitId: string; role?: AssignmentRole; due?: CalendarDate; note?: string }[];
    };
    out: { parts: AssignmentView[] };
  };
  withdrawPart: { in: { assignmentId: string }; out: { ok: true } };
}

export type ActionName = keyof Actions;
export type ActionInput<A extends ActionName> = Actions[A]['in'];
export type ActionOutput<A extends ActionName> = Actions[A]['out'];
