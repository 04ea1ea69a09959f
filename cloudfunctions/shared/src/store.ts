/**
 * The Store port on the CloudBase database (wx-server-sdk). Collections are named in collections.ts.
 *
 * How the port's rules are kept with what the cloud database offers:
 * - Every `get()` asks for at most 100 documents; lists page with skip/limit under a total order (ending in `_id`),
 *   and "all of a task" reads page internally (getAll).
 * - Uniqueness lives in deterministic `_id`s: an invite's `_id` is its code, a report's is
 *   `${assignmentId}:${requestId}` (a retried submit finds it), a credit's is `${userId}:${templateId}`; unit
 *   names, WeChat users and plan fingerprints have unique indexes besides.
 * - Each "atomically" method is one `runTransaction` over single documents (doc get/update, add): no `where`
 *   batch inside a transaction.
 * - importPlan cannot be one transaction (a table is thousands of documents): it writes its records unpublished
 *   and the plan record last as the commit point (importCommit.ts). Readers only see `live` documents.
 * - Every write that may make a reminder due is counted (changeCounter.ts: ReminderStore.changeStamp reads it).
 * - Assignments carry what their lists filter and sort on (task seq, stage and content, the task's lead units,
 *   an open/closed rank and a due-date sort key), since the database has no joins.
 */
import { deepFreeze, type Frozen } from '../../../core/frozen';
import type {
  Assignment,
  AssignmentStatus,
  AuditEntry,
  CalendarDate,
  Deadline,
  Directory,
  Extension,
  Group,
  Instant,
  Instruction,
  Invite,
  Plan,
  Report,
  Settings,
  Task,
  Unit,
  Urge,
  User,
  UserRole,
} from '../../../core/model';
import { DEFAULT_SETTINGS } from '../../../core/model';
import type { AuditAction } from '../../../core/model';
import { conflict, notFound, partTaken } from '../../../core/errors';
import type {
  TaskQuery,
  TaskSummary,
  UrgeStats,
  UrgeWithContext,
  AssignmentPatch,
  AssignmentQuery,
  AssignmentWithTask,
  ExtensionWithContext,
  DueBand,
  InviteDecision,
  LightBands,
  LightCountRow,
  LightTotals,
  LightTotalsFilter,
  PageRequest,
  Paged,
  PlanImport,
  PlanRevision,
  ReportGapCount,
  ReportGapQuery,
  ReportGapRow,
  TaskHead,
  ReportWithContext,
  Store,
  StoredPreview,
} from '../../../core/ports/store';
import { clampPage, inDueBand, MAX_PAGE, SCAN_PAGE, type TaskForUnit } from '../../../core/ports/store';
import { lightTotalsOf } from '../../../core/ports/lightTotals';
import { taskForUnitOf } from '../../../core/ports/taskForUnit';
import { ChangeCounter, mayMakeDue } from './changeCounter';
import {
  errTextOf,
  isDuplicateKey,
  type CloudDatabase,
  type Doc,
  type DocData,
  type Operator,
  type Query,
} from './cloud';
import { C } from './collections';
import { CloudCycleStore } from './cycleStore';
import { CloudCycleGaps } from './cycleGaps';
import { CloudGapCounts } from './gapCounts';
import { ImportCommit } from './importCommit';
import { CloudPlans } from './plans';
import { CloudEvidence } from './evidence';
import type { PhotoEvidence } from '../../../core/evidence/evidence';
import { GET_LIMIT, chunks, escapeRegExp, getAll, getByIds } from './db';
import { CloudDesk } from './desk';
import { CloudLightCounts, CountsDelta } from './lightCounts';
import { attachedFileIdsIn, previewCountIn } from './storage';

const NO_DUE = '9999-12-31';

const s = (v: unknown): string => v as string;
const sn = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const nn = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const page = clampPage;

function toUnit(d: Doc): Unit {
  return {
    id: d._id,
    name: s(d.name),
    aliases: [...((d.aliases as string[]) ?? [])],
    kind: d.kind as Unit['kind'],
    parentId: sn(d.parentId),
  };
}

function toGroup(d: Doc): Group {
  return {
    id: d._id,
    name: s(d.name),
    aliases: [...((d.aliases as string[]) ?? [])],
    members: [...((d.members as string[]) ?? [])],
  };
}

function toPlan(d: Doc): Plan {
  return {
    id: d._id,
    title: s(d.title),
    fingerprint: s(d.fingerprint),
    importedAt: s(d.importedAt),
    importedBy: s(d.importedBy),
    ...(d.archivedAt ? { archivedAt: s(d.archivedAt) } : {}),
  };
}

export function toTask(d: Doc): Task {
  return {
    id: d._id,
    planId: s(d.planId),
    seq: Number(d.seq),
    stage: sn(d.stage),
    content: s(d.content),
    deadline: d.deadline as Deadline,
    leadNames: [...((d.leadNames as string[]) ?? [])],
    responsibleNames: [...((d.responsibleNames as string[]) ?? [])],
    relevantGroupIds: [...((d.relevantGroupIds as string[]) ?? [])],
  };
}

function toAssignment(d: Doc): Assignment {
  return {
    id: d._id,
    taskId: s(d.taskId),
    unitId: s(d.unitId),
    role: d.role as Assignment['role'],
    status: d.status as AssignmentStatus,
    dueDate: sn(d.dueDate),
    originalDueDate: sn(d.originalDueDate),
    acknowledgedAt: sn(d.acknowledgedAt),
    closedAt: sn(d.closedAt),
    lastReportAt: sn(d.lastReportAt),
    percent: nn(d.percent),
    ...(d.withdrawnAt
      ? { withdrawnAt: s(d.withdrawnAt), withdrawnReason: d.withdrawnReason as Assignment['withdrawnReason'] }
      : {}),
    parentId: sn(d.parentId),
    note: sn(d.note),
  };
}

function toReport(d: Doc): Report {
  return {
    id: s(d.id),
    assignmentId: s(d.assignmentId),
    requestId: s(d.requestId),
    authorId: s(d.authorId),
    text: s(d.text),
    photos: [...((d.photos as string[]) ?? [])],
    percent: nn(d.percent),
    claimDone: d.claimDone === true,
    review: d.review as Report['review'],
    reviewerId: sn(d.reviewerId),
    reviewReason: sn(d.reviewReason),
    reviewedAt: sn(d.reviewedAt),
    createdAt: s(d.createdAt),
    kind: ((d.kind as string | undefined) ?? 'progress') as Report['kind'],
    instructionId: sn(d.instructionId),
  };
}

function toExtension(d: Doc): Extension {
  return {
    id: d._id,
    assignmentId: s(d.assignmentId),
    requesterId: s(d.requesterId),
    oldDue: sn(d.oldDue),
    newDue: s(d.newDue),
    reason: s(d.reason),
    status: d.status as Extension['status'],
    deciderId: sn(d.deciderId),
    decisionNote: sn(d.decisionNote),
    createdAt: s(d.createdAt),
    decidedAt: sn(d.decidedAt),
  };
}

function toUrge(d: Doc): Urge {
  return {
    id: d._id,
    assignmentId: s(d.assignmentId),
    urgerId: s(d.urgerId),
    message: s(d.message),
    createdAt: s(d.createdAt),
    readAt: sn(d.readAt),
  };
}

/** What a removed user's principal becomes: nothing anyone can be (core/ports/store.ts removeUser). */
function removedPrincipal(user: User): string {
  return `removed:${user.id}:${user.principal}`;
}

function toUser(d: Doc): User {
  return {
    id: d._id,
    principal: s(d.principal),
    unitId: s(d.unitId),
    role: d.role as UserRole,
    name: sn(d.name),
    createdAt: s(d.createdAt),
  };
}

function toInvite(d: Doc): Invite {
  return {
    code: d._id,
    unitId: s(d.unitId),
    role: d.role as UserRole,
    createdBy: s(d.createdBy),
    createdAt: s(d.createdAt),
    expiresAt: s(d.expiresAt),
    usedBy: sn(d.usedBy),
    usedAt: sn(d.usedAt),
    revokedAt: sn(d.revokedAt),
  };
}

function toAudit(d: Doc): AuditEntry {
  return {
    id: d._id,
    at: s(d.at),
    actorId: sn(d.actorId),
    action: s(d.action) as AuditAction, // written only from the union
    target: s(d.target),
    detail: JSON.parse(s(d.detailJson)) as Record<string, unknown>,
  };
}

export const unitData = (u: Unit): DocData => ({
  name: u.name,
  aliases: [...u.aliases],
  kind: u.kind,
  parentId: u.parentId ?? null,
  live: true,
});

export const auditData = (e: AuditEntry): DocData => ({
  at: e.at,
  actorId: e.actorId,
  action: e.action,
  target: e.target,
  detailJson: JSON.stringify(e.detail ?? {}),
  live: true,
});

/** The fields an assignment's lists filter and sort on, derived from its status and due date. */
function derived(status: AssignmentStatus, dueDate: CalendarDate | null): DocData {
  return { closedRank: status === 'closed' ? 1 : 0, dueKey: dueDate ?? NO_DUE };
}

export function reportKey(assignmentId: string, requestId: string): string {
  return `${assignmentId}:${requestId}`;
}

export interface CloudStoreOptions {
  /** Milliseconds now, for telling a dead import from a running one (tests move it). */
  nowMs?: () => number;
  /** Where the store reports what it recovered from (the function's log). */
  log?: (message: string) => void;
  /**
   * false: the dashboard's light counts by the `$group` over every live assignment and its report gaps by the scan
   * (cycleGaps.ts), as before the kept counts (lightCounts.ts, gapCounts.ts; the kept counts are still moved by
   * every write). bench:cloud measures both.
   */
  keptLightCounts?: boolean;
}

export class CloudStore implements Store {
  private readonly log: (message: string) => void;
  private readonly changes: ChangeCounter;
  private readonly imports: ImportCommit;
  private readonly plans: CloudPlans;
  private readonly evidence: CloudEvidence;

  constructor(
    readonly db: CloudDatabase,
    options: CloudStoreOptions = {},
  ) {
    this.log = options.log ?? ((m) => console.error(m));
    this.changes = new ChangeCounter(db);
    this.imports = new ImportCommit(db, options.nowMs ?? (() => Date.now()));
    this.plans = new CloudPlans(db, this);
    this.evidence = new CloudEvidence(db);
    this.cycle = new CloudCycleStore(db);
    this.cycleGaps = new CloudCycleGaps(db, this.cycle);
    this.gapCounts = new CloudGapCounts(db, this.cycleGaps, this.cycle);
    this.counts = new CloudLightCounts(db, this.log, (delta) => this.gapCounts.apply(delta));
    this.keptLightCounts = options.keptLightCounts ?? true;
  }

  private readonly counts: CloudLightCounts;
  /** The kept report-gap counts (gapCounts.ts), moved by the light counts' deltas. */
  private readonly gapCounts: CloudGapCounts;
  private readonly keptLightCounts: boolean;

  /** Moves the kept light counts by a write's change (plans.ts calls it for its writes too). */
  moveCounts(delta: CountsDelta): Promise<void> {
    return this.counts.apply(delta);
  }

  /**
   * Recounts the kept light counts from the assignments (the `remind` function's `rebuildLightCounts`), and the
   * kept report-gap counts of every period asked; returns how many light-count documents it wrote.
   */
  async rebuildLightCounts(): Promise<number> {
    const n = await this.counts.rebuild();
    await this.gapCounts.rebuild();
    return n;
  }

  private readonly cycle: CloudCycleStore;
  private readonly cycleGaps: CloudCycleGaps;

  private get _() {
    return this.db.command;
  }

  private col(name: string) {
    return this.db.collection(name);
  }

  private and(conds: object[]): object {
    return conds.length === 1 ? conds[0] : this._.and(conds);
  }

  /** Counts a change that may make a reminder due (ReminderStore.changeStamp reads it). */
  touch(): Promise<void> {
    return this.changes.touch();
  }

  /** How many admins there are (the api function's first-admin bootstrap). */
  async countAdmins(): Promise<number> {
    return (await this.col(C.users).where({ role: 'admin' }).count()).total;
  }

  changeCount(): Promise<number> {
    return this.changes.count();
  }

  // ── org directory ──────────────────────────────────────────────────────────

  async listUnits(): Promise<Unit[]> {
    return (await getAll(this.col(C.units).where({ live: true }).orderBy('name', 'asc').orderBy('_id', 'asc'))).map(
      toUnit,
    );
  }

  async getUnit(id: string): Promise<Unit | null> {
    const d = (await this.col(C.units).doc(id).get()).data;
    return d && d.live !== false ? toUnit(d) : null;
  }

  async saveUnit(unit: Unit): Promise<void> {
    const clash = await this.col(C.units)
      .where({ name: unit.name, _id: this._.neq(unit.id) })
      .count();
    if (clash.total > 0) throw conflict(`已有名为“${unit.name}”的单位。`);
    try {
      await this.col(C.units)
        .doc(unit.id)
        .set({ data: unitData(unit) });
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict(`已有名为“${unit.name}”的单位。`);
      throw e;
    }
  }

  async listGroups(): Promise<Group[]> {
    return (await getAll(this.col(C.groups).orderBy('name', 'asc').orderBy('_id', 'asc'))).map(toGroup);
  }

  async getGroup(id: string): Promise<Group | null> {
    const d = (await this.col(C.groups).doc(id).get()).data;
    return d ? toGroup(d) : null;
  }

  async saveGroup(group: Group): Promise<void> {
    const clash = await this.col(C.groups)
      .where({ name: group.name, _id: this._.neq(group.id) })
      .count();
    if (clash.total > 0) throw conflict(`已有名为“${group.name}”的集合。`);
    await this.col(C.groups)
      .doc(group.id)
      .set({ data: { name: group.name, aliases: [...group.aliases], members: [...new Set(group.members)] } });
  }

  async getDirectory(): Promise<Directory> {
    const [units, groups] = await Promise.all([this.listUnits(), this.listGroups()]);
    return { units, groups };
  }

  // ── plans, tasks, assignments ─────────────────────────────────────────────

  async getPlan(id: string): Promise<Plan | null> {
    const d = (await this.col(C.plans).doc(id).get()).data;
    return d ? toPlan(d) : null;
  }

  async findPlanByFingerprint(fingerprint: string): Promise<Plan | null> {
    const d = (await this.col(C.plans).where({ fingerprint }).limit(1).get()).data[0];
    return d ? toPlan(d) : null;
  }

  async listPlans(): Promise<Plan[]> {
    return (await getAll(this.col(C.plans).orderBy('importedAt', 'asc').orderBy('_id', 'asc'))).map(toPlan);
  }

  private async existingIds(name: string, ids: string[]): Promise<string[]> {
    return [...(await getByIds(this.db, name, ids)).keys()];
  }

  /** Refuses, before anything is written, an import that would break a unique key. */
  private async checkImport(input: PlanImport): Promise<void> {
    const dup = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
    const twice =
      dup(input.tasks.map((t) => t.id)) ??
      dup(input.assignments.map((a) => a.id)) ??
      dup(input.newUnits.map((u) => u.id)) ??
      dup(input.newUnits.map((u) => u.name));
    if (twice !== undefined) {
      throw conflict(`导入的内容里有重复的编号“${twice}”，请重新预览后再确认导入。`);
    }
    const taken =
      (
        await this.existingIds(
          C.tasks,
          input.tasks.map((t) => t.id),
        )
      )[0] ??
      (
        await this.existingIds(
          C.assignments,
          input.assignments.map((a) => a.id),
        )
      )[0] ??
      (
        await this.existingIds(
          C.units,
          input.newUnits.map((u) => u.id),
        )
      )[0];
    if (taken !== undefined) {
      throw conflict(`编号“${taken}”已被占用，请重新预览后再确认导入。`);
    }
    for (const part of chunks(input.newUnits.map((u) => u.name))) {
      const named = (
        await this.col(C.units)
          .where({ name: this._.in(part) })
          .limit(GET_LIMIT)
          .get()
      ).data;
      if (named.length > 0) throw conflict(`已有名为“${s(named[0].name)}”的单位。`);
    }
  }

  async importPlan(input: PlanImport): Promise<{ planId: string; created: boolean }> {
    const existing = await this.findPlanByFingerprint(input.plan.fingerprint);
    const out = await this.imports.run(input.plan, existing, {
      check: () => this.checkImport(input),
      write: (mark) => this.writeImport(input, mark),
    });
    if (out.created) {
      // its assignments are live now: count them (an attempt that lost to another, or finished a committed one,
      // counts nothing here; the attempt that wrote them does)
      const stages = new Map(input.tasks.map((t) => [t.id, t.stage]));
      const delta = new CountsDelta();
      for (const a of input.assignments) delta.add({ ...a, live: true, taskStage: stages.get(a.taskId) ?? null }, 1);
      await this.counts.apply(delta);
      await this.touch();
    }
    return out;
  }

  /** Writes an import's units, tasks, assignments and audit entry, each with the protocol's `mark`. */
  private async writeImport(input: PlanImport, mark: DocData): Promise<void> {
    const p = input.plan;
    const planOrder = `${p.importedAt}|${p.id}`;
    const leadsOf = new Map<string, string[]>();
    for (const a of input.assignments) {
      if (a.role === 'lead') leadsOf.set(a.taskId, [...(leadsOf.get(a.taskId) ?? []), a.unitId]);
    }
    const tasks = new Map(input.tasks.map((t) => [t.id, t]));
    for (const part of chunks(input.newUnits)) {
      await this.col(C.units).add({ data: part.map((u) => ({ _id: u.id, ...unitData(u), ...mark })) });
    }
    for (const part of chunks(input.tasks)) {
      await this.col(C.tasks).add({
        data: part.map((t) => ({
          _id: t.id,
          planId: p.id,
          seq: t.seq,
          stage: t.stage,
          content: t.content,
          deadline: t.deadline,
          leadNames: [...t.leadNames],
          responsibleNames: [...t.responsibleNames],
          relevantGroupIds: [...(t.relevantGroupIds ?? [])],
          planOrder,
          ...mark,
        })),
      });
    }
    for (const part of chunks(input.assignments)) {
      await this.col(C.assignments).add({
        data: part.map((a) => {
          const t = tasks.get(a.taskId);
          if (!t) throw conflict('导入的分配指向不存在的任务，请重新预览后再确认导入。');
          return { _id: a.id, ...this.assignmentData(a, t, leadsOf.get(a.taskId) ?? []), ...mark };
        }),
      });
    }
    await this.col(C.audit).add({ data: { _id: input.audit.id, ...auditData(input.audit), ...mark } });
  }

  /** An assignment's document (with its task's fields for lists and sorting); plans.ts writes them too. */
  assignmentData(a: Assignment, t: Task, leadUnitIds: string[]): DocData {
    return {
      planId: t.planId,
      taskId: a.taskId,
      unitId: a.unitId,
      role: a.role,
      status: a.status,
      dueDate: a.dueDate,
      originalDueDate: a.originalDueDate,
      acknowledgedAt: a.acknowledgedAt,
      closedAt: a.closedAt,
      lastReportAt: a.lastReportAt,
      percent: a.percent,
      parentId: a.parentId ?? null,
      note: a.note ?? null,
      taskSeq: t.seq,
      taskStage: t.stage,
      taskContent: t.content,
      deadlineText: t.deadline.text,
      leadUnitIds,
      roleRank: a.role === 'lead' ? 0 : 1,
      ...derived(a.status, a.dueDate),
    };
  }

  async getTask(id: string): Promise<Task | null> {
    const d = (await this.col(C.tasks).doc(id).get()).data;
    return d && d.live !== false ? toTask(d) : null;
  }

  async listTasks(p: PageRequest): Promise<Paged<Task>> {
    const { offset, limit } = page(p);
    const q = this.col(C.tasks).where({ live: true });
    const total = (await q.count()).total;
    if (limit === 0) return { items: [], total };
    const items = (
      await q.orderBy('planOrder', 'asc').orderBy('seq', 'asc').orderBy('_id', 'asc').skip(offset).limit(limit).get()
    ).data.map(toTask);
    return { items, total };
  }

  async getAssignment(id: string): Promise<Assignment | null> {
    const d = (await this.col(C.assignments).doc(id).get()).data;
    return d && d.live !== false ? toAssignment(d) : null;
  }

  async scanAssignments(afterId: string | null, limit: number): Promise<Assignment[]> {
    // keyset pages of GET_LIMIT on _id (no skip), until `limit` or the end
    const want = Math.max(0, Math.min(SCAN_PAGE, Math.floor(limit)));
    const out: Assignment[] = [];
    let after = afterId;
    while (out.length < want) {
      const where = after === null ? { live: true } : { live: true, _id: this._.gt(after) };
      const n = Math.min(GET_LIMIT, want - out.length);
      const page = (await this.col(C.assignments).where(where).orderBy('_id', 'asc').limit(n).get()).data;
      out.push(...page.map(toAssignment));
      if (page.length < n) break;
      after = s(page[page.length - 1]._id);
    }
    return out;
  }

  async listAssignmentsOfTask(taskId: string): Promise<Assignment[]> {
    return (
      await getAll(
        this.col(C.assignments)
          .where({ taskId, live: true })
          .orderBy('roleRank', 'asc')
          .orderBy('unitId', 'asc')
          .orderBy('_id', 'asc'),
      )
    ).map(toAssignment);
  }

  /** One query of the task's assignments either way (pages of 100): the rule applied in memory (core's reference). */
  async assignmentsOfTaskFor(taskId: string, unitId: string, bands: LightBands, names: number): Promise<TaskForUnit> {
    return taskForUnitOf(await this.listAssignmentsOfTask(taskId), unitId, bands, names);
  }

  /** The conditions of an assignment query, or null when nothing can match. */
  private assignmentWhere(query: AssignmentQuery): object | null {
    const _ = this._;
    const conds: object[] = [{ live: true }];
    if (query.planId !== undefined) conds.push({ planId: query.planId });
    if (query.unitIds) {
      if (query.unitIds.length === 0) return null;
      conds.push({ unitId: _.in([...new Set(query.unitIds)]) });
    }
    if (query.taskLedByUnitId !== undefined) conds.push({ leadUnitIds: query.taskLedByUnitId });
    if (query.role) conds.push({ role: query.role });
    if (query.stage !== undefined) conds.push({ taskStage: query.stage });
    if (query.q) {
      const re = this.db.RegExp({ regexp: escapeRegExp(query.q), options: 'i' });
      conds.push(_.or([{ taskContent: re }, { taskStage: re }]));
    }
    if (query.open !== undefined) conds.push({ closedRank: query.open ? 0 : 1 });
    if (query.status) {
      if (query.status.length === 0) return null;
      conds.push({ status: _.in([...query.status]) });
    }
    if (query.due) {
      const band: Operator[] = [];
      if (query.due.from !== undefined) band.push(_.gte(query.due.from));
      if (query.due.to !== undefined) band.push(_.lte(query.due.to));
      const dated = { dueDate: band.length === 0 ? _.neq(null) : band.length === 1 ? band[0] : _.and(band) };
      conds.push(query.due.orNone ? _.or([dated, { dueDate: null }]) : dated);
    }
    return this.and(conds);
  }

  private urgencyOrder(q: Query): Query {
    return q
      .orderBy('closedRank', 'asc')
      .orderBy('dueKey', 'asc')
      .orderBy('taskSeq', 'asc')
      .orderBy('roleRank', 'asc')
      .orderBy('unitId', 'asc')
      .orderBy('_id', 'asc');
  }

  async listAssignments(query: AssignmentQuery, p: PageRequest): Promise<Paged<AssignmentWithTask>> {
    const { offset, limit } = page(p);
    const where = this.assignmentWhere(query);
    if (!where) return { items: [], total: 0 };
    const q = this.col(C.assignments).where(where);
    const total = (await q.count()).total;
    if (limit === 0 || offset >= total) return { items: [], total };
    const docs = (await this.urgencyOrder(q).skip(offset).limit(limit).get()).data;
    const tasks = await getByIds(
      this.db,
      C.tasks,
      docs.map((d) => s(d.taskId)),
    );
    const items: AssignmentWithTask[] = [];
    for (const d of docs) {
      const t = tasks.get(s(d.taskId));
      if (t) items.push({ assignment: toAssignment(d), task: toTask(t) });
    }
    return { items, total };
  }

  async unitLeadsAnyTask(unitId: string): Promise<boolean> {
    // a part's role leads only the part (分解下达): only the table's own lead assignments count
    const r = await this.col(C.assignments).where({ unitId, role: 'lead', live: true }).limit(MAX_PAGE).get();
    return r.data.some((d) => !d.parentId);
  }

  /**
   * Parts split from an assignment: ordinary assignment documents of the parent's task, with no lead units of the
   * table (`leadUnitIds` empty: the unit that split them reviews them, not the task's lead unit).
   */
  async addParts(parts: Assignment[]): Promise<void> {
    const tasks = new Map<string, Task>();
    for (const a of parts) {
      if (!tasks.has(a.taskId)) {
        const t = await this.getTask(a.taskId);
        if (!t) throw notFound('这项任务', { taskId: a.taskId });
        tasks.set(a.taskId, t);
      }
    }
    for (const a of parts) {
      // a unit that holds another assignment of the task (the table's own, or a part from another parent)
      const held = await this.col(C.assignments)
        .where({ taskId: a.taskId, unitId: a.unitId, live: true })
        .limit(1)
        .get();
      if (held.data.length) throw partTaken();
    }
    for (const a of parts) {
      // the unique key: a part's id is deterministic (core/org/levels.ts `partIdOf`), so of two splits racing to
      // the same unit, both past the check above, the second add fails as a duplicate `_id` and makes no part
      try {
        await this.col(C.assignments).add({
          data: { _id: a.id, ...this.assignmentData(a, tasks.get(a.taskId)!, []), live: true },
        });
      } catch (e) {
        if (isDuplicateKey(e)) throw partTaken();
        throw e;
      }
    }
    const delta = new CountsDelta();
    for (const a of parts) delta.add({ ...a, live: true, taskStage: tasks.get(a.taskId)?.stage ?? null }, 1);
    await this.counts.apply(delta);
    await this.touch();
  }

  /** The update of an assignment for a patch (with the derived sort fields), given its current document. */
  private patchData(current: Doc, patch: AssignmentPatch): DocData {
    const data: DocData = {};
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) data[k] = v;
    if (patch.status !== undefined || patch.dueDate !== undefined) {
      const status = (patch.status ?? current.status) as AssignmentStatus;
      const due = patch.dueDate !== undefined ? patch.dueDate : sn(current.dueDate);
      Object.assign(data, derived(status, due));
    }
    return data;
  }

  async updateAssignment(
    id: string,
    patch: AssignmentPatch,
    onlyIfStatus?: AssignmentStatus[],
  ): Promise<Assignment | null> {
    const out = await this.db.runTransaction(async (tx) => {
      const ref = tx.collection(C.assignments).doc(id);
      const d = (await ref.get()).data;
      if (!d || d.live === false || d.withdrawnAt) return null;
      if (onlyIfStatus && !onlyIfStatus.includes(d.status as AssignmentStatus)) return null;
      const data = this.patchData(d, patch);
      if (Object.keys(data).length === 0) return { doc: d, before: d, due: false };
      await ref.update({ data });
      return { doc: { ...d, ...data } as Doc, before: d, due: mayMakeDue(d, data) };
    });
    if (!out) return null;
    await this.counts.apply(new CountsDelta().change(out.before, out.doc));
    if (out.due) await this.touch();
    return toAssignment(out.doc);
  }

  async removeUntouchedAssignments(taskId: string, assignmentIds: string[]): Promise<string[]> {
    const removed: string[] = [];
    const delta = new CountsDelta();
    for (const id of [...new Set(assignmentIds)]) {
      const d = (await this.col(C.assignments).doc(id).get()).data;
      if (!d || d.taskId !== taskId) continue;
      let touched = false;
      for (const name of [C.reports, C.extensions, C.urges]) {
        if ((await this.col(name).where({ assignmentId: id }).limit(1).get()).data.length > 0) touched = true;
        if (touched) break;
      }
      if (touched) continue;
      if ((await this.col(C.assignments).doc(id).remove()).stats.removed === 1) {
        removed.push(id);
        delta.add(d, -1);
      }
    }
    await this.counts.apply(delta);
    if (removed.length) await this.touch();
    return removed;
  }

  /**
   * Light counts from the kept counts (lightCounts.ts). One plan's, or with `keptLightCounts: false`: by one
   * aggregation grouped by (stage, unit), read 100 groups at a time; when the aggregation fails, by reading every
   * assignment (100 a page) and counting here, which is slow on large tables (logged).
   */
  async lightCounts(bands: LightBands, filter: { planId?: string } = {}): Promise<LightCountRow[]> {
    // the kept counts (lightCounts.ts); one plan's are counted from its own assignments, as SQLite does
    if (filter.planId === undefined && this.keptLightCounts) return this.counts.read(bands);
    const match = filter.planId !== undefined ? { live: true, planId: filter.planId } : { live: true };
    try {
      return await this.lightCountsByAggregate(bands, match);
    } catch (e) {
      this.log(`lightCounts: aggregation failed, counting page by page instead: ${errTextOf(e)}`);
      return this.lightCountsByScan(bands, match);
    }
  }

  /** `lightCounts` summed by stage and by unit (core/ports/lightTotals.ts): CloudBase has no cheaper sum of them. */
  async lightTotals(bands: LightBands, filter: LightTotalsFilter = {}): Promise<LightTotals> {
    return lightTotalsOf(await this.lightCounts(bands, { planId: filter.planId }), filter.unitIds);
  }

  private async lightCountsByAggregate(bands: LightBands, match: object): Promise<LightCountRow[]> {
    const $ = this._.aggregate;
    const when = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }));
    const open = $.neq(['$status', 'closed']);
    const inBand = (band: DueBand) => {
      const dated: unknown[] = [$.neq(['$dueDate', null])];
      if (band.from !== undefined) dated.push($.gte(['$dueDate', band.from]));
      if (band.to !== undefined) dated.push($.lte(['$dueDate', band.to]));
      return band.orNone ? $.or([$.and(dated), $.eq(['$dueDate', null])]) : $.and(dated);
    };
    const spec = {
      _id: { stage: '$taskStage', unitId: '$unitId' },
      done: when($.eq(['$status', 'closed'])),
      red: when($.and([open, inBand(bands.red)])),
      yellow: when($.and([open, inBand(bands.yellow)])),
      green: when($.and([open, inBand(bands.green)])),
    };
    const out: LightCountRow[] = [];
    for (let skip = 0; ; skip += GET_LIMIT) {
      const { list } = await this.col(C.assignments)
        .aggregate()
        .match(match)
        .group(spec)
        .sort({ _id: 1 })
        .skip(skip)
        .limit(GET_LIMIT)
        .end();
      for (const g of list) {
        const id = g._id as { stage?: string | null; unitId: string };
        const [green, yellow, red, done] = [g.green, g.yellow, g.red, g.done].map(Number);
        out.push({ stage: sn(id.stage), unitId: s(id.unitId), green, yellow, red, done });
      }
      if (list.length < GET_LIMIT) return out;
    }
  }

  private async lightCountsByScan(bands: LightBands, match: object): Promise<LightCountRow[]> {
    const q = this.col(C.assignments).where(match);
    const total = (await q.count()).total;
    const pages: number[] = [];
    for (let skip = 0; skip < total; skip += GET_LIMIT) pages.push(skip);
    const docs: Doc[] = [];
    // a few pages at a time: a city's table is a few thousand assignments
    for (const group of chunks(pages, 5)) {
      const got = await Promise.all(
        group.map((skip) =>
          q
            .field({ taskStage: true, unitId: true, status: true, dueDate: true })
            .orderBy('_id', 'asc')
            .skip(skip)
            .limit(GET_LIMIT)
            .get(),
        ),
      );
      for (const g of got) docs.push(...g.data);
    }
    const rows = new Map<string, LightCountRow>();
    for (const d of docs) {
      const stage = sn(d.taskStage);
      const unitId = s(d.unitId);
      const key = JSON.stringify([stage, unitId]);
      let row = rows.get(key);
      if (!row) {
        row = { stage, unitId, green: 0, yellow: 0, red: 0, done: 0 };
        rows.set(key, row);
      }
      const due = sn(d.dueDate);
      if (d.status === 'closed') row.done++;
      else for (const light of ['red', 'yellow', 'green'] as const) if (inDueBand(due, bands[light])) row[light]++;
    }
    return [...rows.values()];
  }

  // ── reports ────────────────────────────────────────────────────────────────

  async appendReport(report: Report, assignmentPatch: AssignmentPatch): Promise<{ report: Report; created: boolean }> {
    const key = reportKey(report.assignmentId, report.requestId);
    const out = await this.db.runTransaction(async (tx) => {
      const aRef = tx.collection(C.assignments).doc(report.assignmentId);
      const a = (await aRef.get()).data;
      if (!a || a.live === false) throw notFound('这项任务分配');
      const existing = (await tx.collection(C.reports).doc(key).get()).data;
      if (existing) return { report: toReport(existing), created: false, due: false, counts: null };
      await tx.collection(C.reports).add({
        data: {
          _id: key,
          ...report,
          photos: [...report.photos],
          taskId: a.taskId,
          unitId: a.unitId,
          role: a.role,
          leadUnitIds: a.leadUnitIds ?? [],
        },
      });
      const data = this.patchData(a, assignmentPatch);
      if (Object.keys(data).length) await aRef.update({ data });
      return {
        report: { ...report, photos: [...report.photos] },
        created: true,
        due: mayMakeDue(a, data),
        counts: new CountsDelta().change(a, { ...a, ...data }),
      };
    });
    if (out.counts) await this.counts.apply(out.counts);
    if (out.due) await this.touch();
    return { report: out.report, created: out.created };
  }

  private async reportDoc(id: string): Promise<Doc | null> {
    return (await this.col(C.reports).where({ id }).limit(1).get()).data[0] ?? null;
  }

  async getReport(id: string): Promise<Report | null> {
    const d = await this.reportDoc(id);
    return d ? toReport(d) : null;
  }

  async getReportByRequest(assignmentId: string, requestId: string): Promise<Report | null> {
    const d = (await this.col(C.reports).doc(reportKey(assignmentId, requestId)).get()).data;
    return d ? toReport(d) : null;
  }

  async listReportsOfTask(taskId: string, only?: { assignmentIds: string[] }): Promise<Report[]> {
    if (only && only.assignmentIds.length === 0) return [];
    const where = only ? { taskId, assignmentId: this._.in([...new Set(only.assignmentIds)]) } : { taskId };
    return (await getAll(this.col(C.reports).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc'))).map(
      toReport,
    );
  }

  async reviewReport(
    id: string,
    review: { review: 'accepted' | 'returned'; reviewerId: string; reason: string | null; at: Instant },
    assignmentPatch: AssignmentPatch,
  ): Promise<Report | null> {
    const found = await this.reportDoc(id);
    if (!found) return null;
    const out = await this.db.runTransaction(async (tx) => {
      const ref = tx.collection(C.reports).doc(found._id);
      const d = (await ref.get()).data;
      if (!d || d.review !== 'pending') return null;
      const change = {
        review: review.review,
        reviewerId: review.reviewerId,
        reviewReason: review.reason,
        reviewedAt: review.at,
      };
      await ref.update({ data: change });
      const aRef = tx.collection(C.assignments).doc(s(d.assignmentId));
      const a = (await aRef.get()).data;
      let due = false;
      const counts = new CountsDelta();
      if (a) {
        const data = this.patchData(a, assignmentPatch);
        if (Object.keys(data).length) await aRef.update({ data });
        due = mayMakeDue(a, data);
        counts.change(a, { ...a, ...data });
      }
      return { report: toReport({ ...d, ...change } as Doc), due, counts };
    });
    if (out) await this.counts.apply(out.counts);
    if (out?.due) await this.touch();
    return out ? out.report : null;
  }

  /** Assignments and tasks of a page of records that point at assignments. */
  private async contextOf(assignmentIds: string[]): Promise<{ a: Map<string, Doc>; t: Map<string, Doc> }> {
    const a = await getByIds(this.db, C.assignments, assignmentIds);
    const t = await getByIds(
      this.db,
      C.tasks,
      [...a.values()].map((d) => s(d.taskId)),
    );
    return { a, t };
  }

  async listPendingReports(
    scope: { leadUnitId?: string; excludeUnitId?: string },
    p: PageRequest,
  ): Promise<Paged<ReportWithContext>> {
    const { offset, limit } = page(p);
    // the reports of withdrawn assignments are marked `withdrawn` (plans.ts): they wait for no one
    const conds: object[] = [{ review: 'pending' }, { withdrawn: this._.neq(true) }];
    if (scope.leadUnitId !== undefined) conds.push({ role: 'responsible', leadUnitIds: scope.leadUnitId });
    if (scope.excludeUnitId !== undefined) conds.push({ unitId: this._.neq(scope.excludeUnitId) });
    const q = this.col(C.reports).where(this.and(conds));
    const total = (await q.count()).total;
    if (limit === 0 || offset >= total) return { items: [], total };
    const docs = (await q.orderBy('createdAt', 'asc').orderBy('_id', 'asc').skip(offset).limit(limit).get()).data;
    const { a, t } = await this.contextOf(docs.map((d) => s(d.assignmentId)));
    const items: ReportWithContext[] = [];
    for (const d of docs) {
      const ad = a.get(s(d.assignmentId));
      const td = ad ? t.get(s(ad.taskId)) : undefined;
      if (ad && td) items.push({ report: toReport(d), assignment: toAssignment(ad), task: toTask(td) });
    }
    return { items, total };
  }

  // ── extensions ─────────────────────────────────────────────────────────────

  async addExtension(e: Extension): Promise<void> {
    const a = (await this.col(C.assignments).doc(e.assignmentId).get()).data;
    if (!a || a.live === false) throw notFound('这项任务分配');
    const { id, ...rest } = e;
    await this.col(C.extensions).add({ data: { _id: id, ...rest, taskId: a.taskId } });
  }

  async getExtension(id: string): Promise<Extension | null> {
    const d = (await this.col(C.extensions).doc(id).get()).data;
    return d ? toExtension(d) : null;
  }

  async listExtensionsOfTask(taskId: string): Promise<Extension[]> {
    return (
      await getAll(this.col(C.extensions).where({ taskId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc'))
    ).map(toExtension);
  }

  async listPendingExtensions(p: PageRequest): Promise<Paged<ExtensionWithContext>> {
    const { offset, limit } = page(p);
    const q = this.col(C.extensions).where({ status: 'pending', withdrawn: this._.neq(true) });
    const total = (await q.count()).total;
    if (limit === 0 || offset >= total) return { items: [], total };
    const docs = (await q.orderBy('createdAt', 'asc').orderBy('_id', 'asc').skip(offset).limit(limit).get()).data;
    const { a, t } = await this.contextOf(docs.map((d) => s(d.assignmentId)));
    const items: ExtensionWithContext[] = [];
    for (const d of docs) {
      const ad = a.get(s(d.assignmentId));
      const td = ad ? t.get(s(ad.taskId)) : undefined;
      if (ad && td) items.push({ extension: toExtension(d), assignment: toAssignment(ad), task: toTask(td) });
    }
    return { items, total };
  }

  async decideExtension(
    id: string,
    decision: { status: 'approved' | 'rejected'; deciderId: string; note: string | null; at: Instant },
  ): Promise<Extension | null> {
    const out = await this.db.runTransaction(async (tx) => {
      const ref = tx.collection(C.extensions).doc(id);
      const d = (await ref.get()).data;
      if (!d || d.status !== 'pending') return null;
      const change = {
        status: decision.status,
        deciderId: decision.deciderId,
        decisionNote: decision.note,
        decidedAt: decision.at,
      };
      await ref.update({ data: change });
      const counts = new CountsDelta();
      if (decision.status === 'approved') {
        const aRef = tx.collection(C.assignments).doc(s(d.assignmentId));
        const a = (await aRef.get()).data;
        if (a) {
          const data = this.patchData(a, { dueDate: s(d.newDue) });
          await aRef.update({ data });
          counts.change(a, { ...a, ...data });
        }
      }
      return { extension: toExtension({ ...d, ...change } as Doc), counts };
    });
    if (!out) return null;
    await this.counts.apply(out.counts);
    if (out.extension.status === 'approved') await this.touch();
    return out.extension;
  }

  // ── urges ──────────────────────────────────────────────────────────────────

  async addUrges(urges: Urge[]): Promise<void> {
    const a = await getByIds(
      this.db,
      C.assignments,
      urges.map((u) => u.assignmentId),
    );
    for (const u of urges) {
      if (!a.has(u.assignmentId)) throw notFound('要催办的任务分配');
    }
    for (const part of chunks(urges)) {
      await this.col(C.urges).add({
        data: part.map(({ id, ...rest }) => ({
          _id: id,
          ...rest,
          readAt: rest.readAt ?? null,
          taskId: a.get(rest.assignmentId)!.taskId,
          unitId: a.get(rest.assignmentId)!.unitId,
        })),
      });
    }
  }

  async listUrgesOfTask(taskId: string): Promise<Urge[]> {
    return (await getAll(this.col(C.urges).where({ taskId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc'))).map(
      toUrge,
    );
  }

  // ── people ─────────────────────────────────────────────────────────────────

  async getUser(id: string): Promise<User | null> {
    const d = (await this.col(C.users).doc(id).get()).data;
    return d ? toUser(d) : null;
  }

  async getUserByPrincipal(principal: string): Promise<User | null> {
    const d = (await this.col(C.users).where({ principal }).limit(1).get()).data[0];
    return d ? toUser(d) : null;
  }

  async getUsers(ids: string[]): Promise<User[]> {
    const found = await getByIds(this.db, C.users, ids);
    return [...new Set(ids)].flatMap((id) => {
      const d = found.get(id);
      return d ? [toUser(d)] : [];
    });
  }

  async listUsersOfUnit(unitId: string, role?: UserRole): Promise<User[]> {
    const where = role ? { unitId, role } : { unitId };
    return (await getAll(this.col(C.users).where(where).orderBy('createdAt', 'asc').orderBy('_id', 'asc')))
      .filter((d) => !d.removedAt)
      .map(toUser);
  }

  async removeUser(userId: string, at: Instant): Promise<User | null> {
    const d = (await this.col(C.users).doc(userId).get()).data;
    if (!d || d.removedAt) return null;
    const user = toUser(d);
    // the OPENID binds no more: the next call of that person finds no user (apiHandler resolves it on every call)
    await this.col(C.users)
      .doc(userId)
      .update({ data: { principal: removedPrincipal(user), removedAt: at, formerPrincipal: user.principal } });
    return user;
  }

  async whenRemoved(principal: string): Promise<Instant | null> {
    const res = await this.col(C.users).where({ formerPrincipal: principal }).limit(20).get();
    const times = res.data.map((d) => sn(d.removedAt)).filter((t): t is string => t !== null);
    return times.length ? times.sort().at(-1)! : null;
  }
  attachedFileIds(fileIds: string[]): Promise<string[]> {
    return attachedFileIdsIn(this.db, fileIds);
  }

  previewUsage(): Promise<{ count: number; bytes: number | null }> {
    return previewCountIn(this.db);
  }

  async createInvite(invite: Invite): Promise<void> {
    const { code, ...rest } = invite;
    try {
      await this.col(C.invites).add({ data: { _id: code, ...rest } });
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict('邀请码重复，请重新生成。');
      throw e;
    }
  }

  async getInvite(code: string): Promise<Invite | null> {
    const d = (await this.col(C.invites).doc(code).get()).data;
    return d ? toInvite(d) : null;
  }

  async listInvites(filter: { unitId?: string }, p: PageRequest): Promise<Paged<Invite>> {
    const { offset, limit } = page(p);
    const q = filter.unitId !== undefined ? this.col(C.invites).where({ unitId: filter.unitId }) : this.col(C.invites);
    const total = (await q.count()).total;
    if (limit === 0 || offset >= total) return { items: [], total };
    const docs = (await q.orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(offset).limit(limit).get()).data;
    return { items: docs.map(toInvite), total };
  }

  async revokeInvite(code: string, at: Instant): Promise<boolean> {
    const r = await this.col(C.invites)
      .where({ _id: code, usedBy: null, revokedAt: null })
      .update({ data: { revokedAt: at } });
    return r.stats.updated === 1;
  }

  async consumeInvite(
    code: string,
    at: Instant,
    principal: string,
    decide: (invite: Invite | null, prior: User | null) => InviteDecision,
  ): Promise<InviteDecision> {
    const prior = await this.getUserByPrincipal(principal); // a query: not allowed inside the transaction
    const out = await this.db.runTransaction(async (tx): Promise<InviteDecision> => {
      const ref = tx.collection(C.invites).doc(code);
      const d = (await ref.get()).data;
      const decision = decide(d ? toInvite(d) : null, prior);
      if (decision.outcome !== 'ok') return decision;
      const u = decision.user;
      if (prior) {
        await tx
          .collection(C.users)
          .doc(prior.id)
          .update({ data: { unitId: u.unitId, role: u.role, name: u.name } });
      } else {
        const { id, ...rest } = u;
        await tx.collection(C.users).add({ data: { _id: id, ...rest } });
      }
      await ref.update({ data: { usedBy: u.id, usedAt: at } });
      return decision;
    });
    if (out.outcome === 'ok') await this.touch();
    return out;
  }

  async recordFailedAttempt(key: string, at: Instant, forgetBefore: Instant): Promise<void> {
    // every caller's old attempts, not only this one's (distinct keys would otherwise stay for ever)
    await this.col(C.failedAttempts)
      .where({ at: this._.lt(forgetBefore) })
      .remove();
    await this.col(C.failedAttempts).add({ data: { key, at } });
  }

  async failedAttemptsSince(key: string, since: Instant): Promise<Instant[]> {
    const docs = await getAll(
      this.col(C.failedAttempts)
        .where({ key, at: this._.gte(since) })
        .orderBy('at', 'asc')
        .orderBy('_id', 'asc'),
    );
    return docs.map((d) => s(d.at));
  }

  // ── settings, audit, previews ─────────────────────────────────────────────

  async getSettings(): Promise<Frozen<Settings>> {
    const d = (await this.col(C.settings).doc('settings').get()).data;
    const saved = d ? (JSON.parse(s(d.json)) as Partial<Settings>) : {};
    // frozen as the port says (as SQLite's shared value is), so that a caller changing it fails here too
    return deepFreeze(JSON.parse(JSON.stringify({ ...DEFAULT_SETTINGS, ...saved })) as Settings);
  }

  async saveSettings(settings: Frozen<Settings>): Promise<void> {
    await this.col(C.settings)
      .doc('settings')
      .set({ data: { json: JSON.stringify(settings) } });
    await this.touch();
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.col(C.audit).add({ data: { _id: entry.id, ...auditData(entry) } });
  }

  async listAudit(p: PageRequest): Promise<Paged<AuditEntry>> {
    const { offset, limit } = page(p);
    const q = this.col(C.audit).where({ live: true });
    const total = (await q.count()).total;
    if (limit === 0 || offset >= total) return { items: [], total };
    const docs = (await q.orderBy('at', 'desc').orderBy('_id', 'desc').skip(offset).limit(limit).get()).data;
    return { items: docs.map(toAudit), total };
  }

  async savePreview(p: StoredPreview): Promise<void> {
    await this.col(C.previews)
      .doc(p.id)
      .set({
        data: {
          createdBy: p.createdBy,
          createdAt: p.createdAt,
          fileName: p.fileName,
          fingerprint: p.fingerprint,
          parsedJson: JSON.stringify(p.parsed),
          previewJson: JSON.stringify(p.preview),
        },
      });
  }

  async purgePreviewsBefore(before: Instant): Promise<number> {
    const res = (await this.col(C.previews)
      .where({ createdAt: this._.lt(before) })
      .remove()) as { stats?: { removed?: number } };
    return res.stats?.removed ?? 0;
  }

  async getPreview(id: string): Promise<StoredPreview | null> {
    const d = (await this.col(C.previews).doc(id).get()).data;
    if (!d) return null;
    return {
      id: d._id,
      createdBy: s(d.createdBy),
      createdAt: s(d.createdAt),
      fileName: s(d.fileName),
      fingerprint: s(d.fingerprint),
      parsed: JSON.parse(s(d.parsedJson)) as StoredPreview['parsed'],
      preview: JSON.parse(s(d.previewJson)) as StoredPreview['preview'],
    };
  }

  // ── circular issue numbers, photo evidence (evidence.ts) ─────────────────────

  circularIssue(planId: string, date: string): Promise<number> {
    return this.evidence.circularIssue(planId, date);
  }

  addPhotoEvidence(rows: PhotoEvidence[]): Promise<void> {
    return this.evidence.add(rows);
  }

  photoEvidenceOfReports(reportIds: string[]): Promise<PhotoEvidence[]> {
    return this.evidence.ofReports(reportIds);
  }

  photosSharingBands(bands: string[], limit: number): Promise<PhotoEvidence[]> {
    return this.evidence.sharingBands(bands, limit);
  }

  async creditsOf(userId: string): Promise<Record<string, number>> {
    const docs = await getAll(this.col(C.credits).where({ userId }).orderBy('templateId', 'asc').orderBy('_id', 'asc'));
    return Object.fromEntries(docs.map((d) => [s(d.templateId), Number(d.credits)]));
  }
  // ── plans: revision, withdrawal, archive (plans.ts) ───────────────────────
  listTasksOfPlan(planId: string): Promise<Task[]> {
    return this.plans.listTasksOfPlan(planId);
  }

  async applyRevision(input: PlanRevision): Promise<void> {
    await this.plans.applyRevision(input);
    await this.touch();
  }

  archivePlan(planId: string, at: Instant): Promise<number> {
    return this.plans.archivePlan(planId, at);
  }

  async deletePlanIfUntouched(planId: string): Promise<'deleted' | 'touched' | 'missing'> {
    const out = await this.plans.deletePlanIfUntouched(planId);
    if (out === 'deleted') await this.touch();
    return out;
  }

  // ── reporting cycles and leaders' instructions (cycleStore.ts) ─────────────
  firstReportsBetween(ids: string[], from: Instant, to: Instant): Promise<{ assignmentId: string; at: Instant }[]> {
    return this.cycle.firstReportsBetween(ids, from, to);
  }

  addInstruction(instruction: Instruction): Promise<void> {
    return this.cycle.addInstruction(instruction);
  }

  reportGapCounts(q: ReportGapQuery): Promise<ReportGapCount[]> {
    return this.keptLightCounts ? this.gapCounts.read(q) : this.cycleGaps.counts(q);
  }

  listTaskHeadsOfPlan(planId: string): Promise<TaskHead[]> {
    return this.cycleGaps.taskHeadsOfPlan(planId);
  }

  reportGapRows(q: ReportGapQuery, after: string | null, limit: number): Promise<ReportGapRow[]> {
    return this.cycleGaps.rows(q, after, limit);
  }

  getInstruction(id: string): Promise<Instruction | null> {
    return this.cycle.getInstruction(id);
  }

  listInstructionsOfTask(taskId: string): Promise<Instruction[]> {
    return this.cycle.listInstructionsOfTask(taskId);
  }

  listInstructions(p: PageRequest): Promise<Paged<Instruction>> {
    return this.cycle.listInstructions(p);
  }

  // ── the supervisor's desk (desk.ts) ───────────────────────────────────────
  private deskQueries?: CloudDesk;
  private get desk(): CloudDesk {
    return (this.deskQueries ??= new CloudDesk(
      this.db,
      { task: toTask, assignment: toAssignment, report: toReport, urge: toUrge },
      this.log,
    ));
  }

  listTaskSummaries(query: TaskQuery, bands: LightBands, p: PageRequest): Promise<Paged<TaskSummary>> {
    return this.desk.listTaskSummaries(query, bands, p);
  }

  urgeStats(assignmentIds: string[]): Promise<Record<string, UrgeStats>> {
    return this.desk.urgeStats(assignmentIds);
  }

  markUrgesRead(assignmentIds: string[], at: Instant): Promise<number> {
    return this.desk.markUrgesRead(assignmentIds, at);
  }

  listUnreadUrges(unitId: string, p: PageRequest): Promise<Paged<UrgeWithContext>> {
    return this.desk.listUnreadUrges(unitId, p);
  }

  latestReports(assignmentIds: string[]): Promise<Record<string, Report>> {
    return this.desk.latestReports(assignmentIds);
  }
}
