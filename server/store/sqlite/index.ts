/**
 * The Store port on SQLite (better-sqlite3): the embedded default of the local / self-hosted server.
 * WAL journal (readers never wait for the writer), foreign keys on, a busy timeout so that two processes on one
 * file (the server and `npx duban …`) wait for each other instead of failing. Every multi-row change is one
 * synchronous better-sqlite3 transaction, so nothing else runs in between and a failure leaves nothing written.
 */
import Database from 'better-sqlite3';
import type {
  Assignment,
  AssignmentStatus,
  AuditEntry,
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
  UnitKind,
  Urge,
  User,
  UserRole,
  WithdrawReason,
} from '../../../core/model';
import { DEFAULT_SETTINGS } from '../../../core/model';
import { copyJson, deepFreeze, type Frozen } from '../../../core/frozen';
import type { AuditAction } from '../../../core/model';
import { conflict, notFound, partTaken, type DubanError } from '../../../core/errors';
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
import { clampPage, MAX_PAGE, SCAN_PAGE, type TaskForUnit } from '../../../core/ports/store';
import * as cycle from './cycle';
import * as cycleGaps from './cycleGaps';
import { keptGapCounts, rebuildGapCounts } from './gapCounts';
import { rebuildTaskCounts } from './taskCountsSchema';
import {
  keptBoundaries,
  keptCountsAt,
  readLightCounts,
  readLightTotals,
  rebuildLightCounts,
  rollLightCounts,
} from './lightCounts';
import { lightTotalsOf } from '../../../core/ports/lightTotals';
import { keepPreparedStatements } from './statementCache';
import { MIGRATIONS, type Migration } from './migrations';
import {
  applyRevision as applyPlanRevision,
  archivePlan as archiveSqlitePlan,
  deletePlanIfUntouched as deleteSqlitePlanIfUntouched,
} from './plans';
import { SqliteEvidence } from './evidence';
import type { PhotoEvidence } from '../../../core/evidence/evidence';
import { DeskQueries } from './desk';
import { removeUserRow, whenRemovedRow } from './offboarding';
import { attachedFileIdsOf, previewUsageOf } from './storage';
import { assignmentsOfTaskFor } from './taskForUnit';

type Row = Record<string, unknown>;

/** Writes one assignment row (an import; the tests' extra assignments): with `assignmentParams`. */
export const INSERT_ASSIGNMENT = `INSERT INTO assignments (id, task_id, unit_id, role, status, due_date, original_due_date,
  acknowledged_at, closed_at, last_report_at, percent, parent_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function assignmentParams(a: Assignment): (string | number | null)[] {
  return [
    a.id,
    a.taskId,
    a.unitId,
    a.role,
    a.status,
    a.dueDate,
    a.originalDueDate,
    a.acknowledgedAt,
    a.closedAt,
    a.lastReportAt,
    a.percent,
    a.parentId ?? null,
    a.note ?? null,
  ];
}
type Db = Database.Database;

export interface SqliteStoreOptions {
  /** Migrations to apply (default: MIGRATIONS). */
  migrations?: Migration[];
  /**
   * Called before each task and assignment row an import writes (kind, 0-based index): tests throw from it to
   * simulate a crash in the middle of an import.
   */
  onImportRow?: (kind: 'task' | 'assignment', index: number) => void;
  /**
   * A read-only connection to a database another connection keeps (the server's worker: server/worker/): no
   * migrations, no writes (SQLite refuses them); WAL lets it read beside the writer.
   */
  readonly?: boolean;
}

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown): T => JSON.parse(v as string) as T;

function toUnit(r: Row): Unit {
  return {
    id: str(r.id),
    name: str(r.name),
    kind: str(r.kind) as UnitKind,
    aliases: json<string[]>(r.aliases),
    parentId: strOrNull(r.parent_id),
  };
}

function toPlan(r: Row): Plan {
  return {
    id: str(r.id),
    title: str(r.title),
    fingerprint: str(r.fingerprint),
    importedAt: str(r.imported_at),
    importedBy: str(r.imported_by),
    ...(r.archived_at ? { archivedAt: str(r.archived_at) } : {}),
  };
}

export function toTask(r: Row, prefix = ''): Task {
  return {
    id: str(r[`${prefix}id`]),
    planId: str(r[`${prefix}plan_id`]),
    seq: Number(r[`${prefix}seq`]),
    stage: strOrNull(r[`${prefix}stage`]),
    content: str(r[`${prefix}content`]),
    deadline: json<Deadline>(r[`${prefix}deadline`]),
    leadNames: json<string[]>(r[`${prefix}lead_names`]),
    responsibleNames: json<string[]>(r[`${prefix}responsible_names`]),
    relevantGroupIds: json<string[]>(r[`${prefix}relevant_group_ids`]),
  };
}

export function toAssignment(r: Row): Assignment {
  return {
    id: str(r.id),
    taskId: str(r.task_id),
    unitId: str(r.unit_id),
    role: str(r.role) as Assignment['role'],
    status: str(r.status) as AssignmentStatus,
    dueDate: strOrNull(r.due_date),
    originalDueDate: strOrNull(r.original_due_date),
    acknowledgedAt: strOrNull(r.acknowledged_at),
    closedAt: strOrNull(r.closed_at),
    lastReportAt: strOrNull(r.last_report_at),
    percent: numOrNull(r.percent),
    ...(r.withdrawn_at
      ? { withdrawnAt: str(r.withdrawn_at), withdrawnReason: str(r.withdrawn_reason) as WithdrawReason }
      : {}),
    parentId: strOrNull(r.parent_id),
    note: strOrNull(r.note),
  };
}

export function toReport(r: Row): Report {
  return {
    id: str(r.id),
    assignmentId: str(r.assignment_id),
    requestId: str(r.request_id),
    authorId: str(r.author_id),
    text: str(r.text),
    photos: json<string[]>(r.photos),
    percent: numOrNull(r.percent),
    claimDone: Number(r.claim_done) === 1,
    review: str(r.review) as Report['review'],
    reviewerId: strOrNull(r.reviewer_id),
    reviewReason: strOrNull(r.review_reason),
    reviewedAt: strOrNull(r.reviewed_at),
    createdAt: str(r.created_at),
    kind: (strOrNull(r.kind) ?? 'progress') as Report['kind'],
    instructionId: strOrNull(r.instruction_id),
  };
}

function toExtension(r: Row): Extension {
  return {
    id: str(r.id),
    assignmentId: str(r.assignment_id),
    requesterId: str(r.requester_id),
    oldDue: strOrNull(r.old_due),
    newDue: str(r.new_due),
    reason: str(r.reason),
    status: str(r.status) as Extension['status'],
    deciderId: strOrNull(r.decider_id),
    decisionNote: strOrNull(r.decision_note),
    createdAt: str(r.created_at),
    decidedAt: strOrNull(r.decided_at),
  };
}

export function toUrge(r: Row): Urge {
  return {
    id: str(r.id),
    assignmentId: str(r.assignment_id),
    urgerId: str(r.urger_id),
    message: str(r.message),
    createdAt: str(r.created_at),
    readAt: strOrNull(r.read_at),
  };
}

function toUser(r: Row): User {
  return {
    id: str(r.id),
    principal: str(r.principal),
    unitId: str(r.unit_id),
    role: str(r.role) as UserRole,
    name: strOrNull(r.name),
    createdAt: str(r.created_at),
  };
}

function toInvite(r: Row): Invite {
  return {
    code: str(r.code),
    unitId: str(r.unit_id),
    role: str(r.role) as UserRole,
    createdBy: str(r.created_by),
    createdAt: str(r.created_at),
    expiresAt: str(r.expires_at),
    usedBy: strOrNull(r.used_by),
    usedAt: strOrNull(r.used_at),
    revokedAt: strOrNull(r.revoked_at),
  };
}

function toAudit(r: Row): AuditEntry {
  return {
    id: str(r.id),
    at: str(r.at),
    actorId: strOrNull(r.actor_id),
    action: str(r.action) as AuditAction, // written only from the union
    target: str(r.target),
    detail: json<Record<string, unknown>>(r.detail),
  };
}

const checkPage = clampPage;

const PATCH_COLUMNS: Record<keyof AssignmentPatch, string> = {
  status: 'status',
  dueDate: 'due_date',
  acknowledgedAt: 'acknowledged_at',
  closedAt: 'closed_at',
  lastReportAt: 'last_report_at',
  percent: 'percent',
};

/** The condition of a due band on `a.due_date` (see DueBand), its values appended to `params`. */
export function dueBandSql(band: DueBand, params: unknown[]): string {
  const dated: string[] = ['a.due_date IS NOT NULL'];
  if (band.from !== undefined) {
    dated.push('a.due_date >= ?');
    params.push(band.from);
  }
  if (band.to !== undefined) {
    dated.push('a.due_date <= ?');
    params.push(band.to);
  }
  return band.orNone ? `((${dated.join(' AND ')}) OR a.due_date IS NULL)` : `(${dated.join(' AND ')})`;
}

/**
 * The order of urgency after its first terms (closed last, open-ended after the dated): see listAssignments. The id
 * last makes it total, so that a page read one way and the next read another way (listAssignments' first page by
 * segments) neither repeat nor skip a row that ties on everything else.
 */
const ASSIGNMENT_ORDER = `a.due_date, t.seq, (a.role <> 'lead'), a.unit_id, a.id`;
/**
 * The order of urgency in three segments, each walkable in order through the (unit, due date) index: open with a due
 * date, open without one, closed. Their concatenation is the whole order.
 */
const URGENCY_SEGMENTS = [
  { where: `a.status <> 'closed' AND a.due_date IS NOT NULL`, order: ASSIGNMENT_ORDER },
  { where: `a.status <> 'closed' AND a.due_date IS NULL`, order: ASSIGNMENT_ORDER },
  { where: `a.status = 'closed'`, order: `(a.due_date IS NULL), ${ASSIGNMENT_ORDER}` },
];

const TASK_COLUMNS = `t.id AS t_id, t.plan_id AS t_plan_id, t.seq AS t_seq, t.stage AS t_stage, t.content AS t_content,
  t.deadline AS t_deadline, t.lead_names AS t_lead_names, t.responsible_names AS t_responsible_names,
  t.relevant_group_ids AS t_relevant_group_ids`;

/** Rows of the ids given (a JSON array), in the array's order (their tasks are read once each: tasksByIds). */
const ROWS_IN_ORDER = `WITH wanted (id, n) AS (SELECT value, key FROM json_each(?))
  SELECT a.* FROM wanted CROSS JOIN assignments a ON a.id = wanted.id ORDER BY wanted.n`;

/** At most this many records of one kind kept between requests (SqliteStore.keptRecords). */
const MAX_KEPT_RECORDS = 20_000;

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Applies the migrations the database has not run yet; returns the versions applied now. */
export function migrate(db: Db, migrations: Migration[] = MIGRATIONS): number[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const versions = migrations.map((m) => m.version);
  versions.forEach((v, i) => {
    if (i > 0 && v <= versions[i - 1]) throw new Error(`migrations out of order at version ${v}`);
  });
  const current = (db.prepare(`SELECT MAX(version) AS v FROM schema_migrations`).get() as { v: number | null }).v ?? 0;
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`).run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    applied.push(m.version);
  }
  return applied;
}

export class SqliteStore implements Store {
  /** The connection, for the runtime's own tables (reminders) and for benchmarks comparing raw queries. */
  readonly db: Db;
  private readonly onImportRow?: SqliteStoreOptions['onImportRow'];
  private readonly evidence: SqliteEvidence;

  constructor(db: Db, options: SqliteStoreOptions = {}) {
    this.db = keepPreparedStatements(db);
    this.onImportRow = options.onImportRow;
    this.evidence = new SqliteEvidence(db);
  }

  close(): void {
    this.db.close();
  }

  // ── org directory ──────────────────────────────────────────────────────────

  /**
   * The database's version as this connection sees it: another connection's commit moves `data_version`, a write
   * of this one moves `total_changes()`. What is read for every request (units, settings) is kept until it moves.
   * Two statements prepared once (better-sqlite3's `pragma()` prepares its statement anew on every call): the
   * pragma itself and the function cost 4–5 µs together, where one `SELECT … FROM pragma_data_version` costs 6–8 µs
   * (its table-valued form prepares the pragma again inside on every call), and a request asks 4–5 times.
   */
  private version(): string {
    // plucked on each call: the connection's kept statements are shared by text (statementCache.ts), and another
    // `prepare` of the same text resets the row shape
    const [dataVersion, changes] = (this.versionStatements ??= [
      this.db.prepare(`PRAGMA data_version`),
      this.db.prepare(`SELECT total_changes()`),
    ]);
    return `${dataVersion.pluck().get() as number}:${changes.pluck().get() as number}`;
  }
  private versionStatements?: [Database.Statement, Database.Statement];
  private readonly kept = new Map<string, { version: string; value: unknown }>();

  private keep<T>(name: string, read: () => T): T {
    // inside a transaction nothing read is kept: a rollback moves neither counter back, so what it undid would stay
    if (this.db.inTransaction) return read();
    const version = this.version();
    const hit = this.kept.get(name);
    if (hit && hit.version === version) return hit.value as T;
    const value = read();
    this.kept.set(name, { version, value });
    return value;
  }

  /**
   * Records kept by key until the database moves, filled as they are asked for and never handed out (each caller
   * gets its own copy): the user behind every request's token, the authors of a task's reports, the tasks of every
   * page of cards (20 tasks' JSON columns parsed: 0.1 ms of listMyTasks). A miss (null) is kept too. Bounded by the
   * rows of the table; past MAX_KEPT_RECORDS keys (a very large table read all over) it starts again.
   */
  private keptRecords<T>(name: string): Map<string, T | null> {
    const kept = this.keep(`records:${name}`, () => new Map<string, T | null>());
    if (kept.size > MAX_KEPT_RECORDS) kept.clear();
    return kept;
  }

  /** Kept until the database moves and shared by every caller: frozen, so that none can change it for the others. */
  async listUnits(): Promise<readonly Frozen<Unit>[]> {
    return this.keep('units', () =>
      deepFreeze((this.db.prepare(`SELECT * FROM units ORDER BY name`).all() as Row[]).map(toUnit)),
    );
  }

  async getUnit(id: string): Promise<Unit | null> {
    const r = this.db.prepare(`SELECT * FROM units WHERE id = ?`).get(id) as Row | undefined;
    return r ? toUnit(r) : null;
  }

  async saveUnit(unit: Unit): Promise<void> {
    try {
      this.db
        .prepare(
          `INSERT INTO units (id, name, kind, aliases, parent_id) VALUES (@id, @name, @kind, @aliases, @parentId)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, aliases = excluded.aliases,
             parent_id = excluded.parent_id`,
        )
        .run({
          id: unit.id,
          name: unit.name,
          kind: unit.kind,
          aliases: JSON.stringify(unit.aliases),
          parentId: unit.parentId ?? null,
        });
    } catch (e) {
      throw this.uniqueToConflict(e, `已有名为“${unit.name}”的单位。`);
    }
  }

  private groupsWhere(where: string, ...params: unknown[]): Group[] {
    const rows = this.db.prepare(`SELECT * FROM unit_groups ${where} ORDER BY name`).all(...params) as Row[];
    const members = this.db.prepare(`SELECT unit_id FROM group_members WHERE group_id = ? ORDER BY position`);
    return rows.map((r) => ({
      id: str(r.id),
      name: str(r.name),
      aliases: json<string[]>(r.aliases),
      members: (members.all(r.id) as Row[]).map((m) => str(m.unit_id)),
    }));
  }

  async listGroups(): Promise<Group[]> {
    return this.groupsWhere('');
  }

  async getGroup(id: string): Promise<Group | null> {
    return this.groupsWhere('WHERE id = ?', id)[0] ?? null;
  }

  async saveGroup(group: Group): Promise<void> {
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO unit_groups (id, name, aliases) VALUES (@id, @name, @aliases)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases`,
          )
          .run({ id: group.id, name: group.name, aliases: JSON.stringify(group.aliases) });
        this.db.prepare(`DELETE FROM group_members WHERE group_id = ?`).run(group.id);
        const add = this.db.prepare(`INSERT INTO group_members (group_id, unit_id, position) VALUES (?, ?, ?)`);
        [...new Set(group.members)].forEach((unitId, i) => add.run(group.id, unitId, i));
      })();
    } catch (e) {
      throw this.uniqueToConflict(e, `已有名为“${group.name}”的集合。`);
    }
  }

  async getDirectory(): Promise<Directory> {
    // the importer's own copy of the kept units
    const units = (await this.listUnits()).map((u) => ({ ...u, aliases: [...u.aliases] }));
    return { units, groups: await this.listGroups() };
  }

  private uniqueToConflict(e: unknown, message: string | DubanError): unknown {
    // duck-typed: better-sqlite3's SqliteError may come from another realm (jest sandboxes), where instanceof fails
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return typeof message === 'string' ? conflict(message) : message;
    }
    return e;
  }

  // ── plans, tasks, assignments ─────────────────────────────────────────────

  async getPlan(id: string): Promise<Plan | null> {
    const r = this.db.prepare(`SELECT * FROM plans WHERE id = ?`).get(id) as Row | undefined;
    return r ? toPlan(r) : null;
  }

  async findPlanByFingerprint(fingerprint: string): Promise<Plan | null> {
    const r = this.db.prepare(`SELECT * FROM plans WHERE fingerprint = ?`).get(fingerprint) as Row | undefined;
    return r ? toPlan(r) : null;
  }

  async listPlans(): Promise<Plan[]> {
    return (this.db.prepare(`SELECT * FROM plans ORDER BY imported_at, id`).all() as Row[]).map(toPlan);
  }

  async importPlan(input: PlanImport): Promise<{ planId: string; created: boolean }> {
    return this.db.transaction(() => {
      const existing = this.db.prepare(`SELECT id FROM plans WHERE fingerprint = ?`).get(input.plan.fingerprint) as
        Row | undefined;
      if (existing) return { planId: str(existing.id), created: false };
      const addUnit = this.db.prepare(`INSERT INTO units (id, name, kind, aliases, parent_id) VALUES (?, ?, ?, ?, ?)`);
      for (const u of input.newUnits) addUnit.run(u.id, u.name, u.kind, JSON.stringify(u.aliases), u.parentId ?? null);
      const p = input.plan;
      this.db
        .prepare(`INSERT INTO plans (id, title, fingerprint, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)`)
        .run(p.id, p.title, p.fingerprint, p.importedAt, p.importedBy);
      const addTask = this.db.prepare(
        `INSERT INTO tasks (id, plan_id, seq, stage, content, deadline, lead_names, responsible_names, relevant_group_ids)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      input.tasks.forEach((t, i) => {
        this.onImportRow?.('task', i);
        addTask.run(
          t.id,
          p.id,
          t.seq,
          t.stage,
          t.content,
          JSON.stringify(t.deadline),
          JSON.stringify(t.leadNames),
          JSON.stringify(t.responsibleNames),
          JSON.stringify(t.relevantGroupIds ?? []),
        );
      });
      const addAssignment = this.db.prepare(INSERT_ASSIGNMENT);
      input.assignments.forEach((a, i) => {
        this.onImportRow?.('assignment', i);
        addAssignment.run(...assignmentParams(a));
      });
      this.insertAudit(input.audit);
      return { planId: p.id, created: true };
    })();
  }

  async getTask(id: string): Promise<Task | null> {
    const kept = this.keptRecords<Task>('tasks');
    let task = kept.get(id);
    if (task === undefined) {
      const r = this.db.prepare(`SELECT * FROM tasks WHERE id = ?`).get(id) as Row | undefined;
      kept.set(id, (task = r ? toTask(r) : null));
    }
    return task && copyJson(task);
  }

  async listTasks(page: PageRequest): Promise<Paged<Task>> {
    const { offset, limit } = checkPage(page);
    const items = (
      this.db
        .prepare(
          `SELECT t.* FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.removed_at IS NULL
           ORDER BY p.imported_at, p.id, t.seq LIMIT ? OFFSET ?`,
        )
        .all(limit, offset) as Row[]
    ).map((r) => toTask(r));
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM tasks WHERE removed_at IS NULL`).get() as { n: number })
      .n;
    return { items, total };
  }

  async getAssignment(id: string): Promise<Assignment | null> {
    const r = this.db.prepare(`SELECT * FROM assignments WHERE id = ?`).get(id) as Row | undefined;
    return r ? toAssignment(r) : null;
  }

  async listAssignmentsOfTask(taskId: string): Promise<Assignment[]> {
    return (
      this.db
        .prepare(
          `SELECT * FROM assignments WHERE task_id = ? AND withdrawn_at IS NULL ORDER BY (role <> 'lead'), unit_id`,
        )
        .all(taskId) as Row[]
    ).map(toAssignment);
  }

  async assignmentsOfTaskFor(taskId: string, unitId: string, bands: LightBands, names: number): Promise<TaskForUnit> {
    return assignmentsOfTaskFor(this.db, taskId, unitId, bands, names);
  }

  async scanAssignments(afterId: string | null, limit: number): Promise<Assignment[]> {
    const n = Math.max(0, Math.min(SCAN_PAGE, Math.floor(limit)));
    const rows = (
      afterId === null
        ? this.db.prepare(`SELECT * FROM assignments WHERE withdrawn_at IS NULL ORDER BY id LIMIT ?`).all(n)
        : this.db
            .prepare(`SELECT * FROM assignments WHERE id > ? AND withdrawn_at IS NULL ORDER BY id LIMIT ?`)
            .all(afterId, n)
    ) as Row[];
    return rows.map(toAssignment);
  }

  async listAssignments(
    query: AssignmentQuery,
    page: PageRequest,
    options: { count?: boolean } = {},
  ): Promise<Paged<AssignmentWithTask>> {
    const { offset, limit } = checkPage(page);
    const where: string[] = [`a.withdrawn_at IS NULL`];
    const params: unknown[] = [];
    if (query.planId !== undefined) {
      where.push(`t.plan_id = ?`);
      params.push(query.planId);
    }
    if (query.unitIds) {
      if (query.unitIds.length === 0) return { items: [], total: 0 };
      where.push(`a.unit_id IN (${query.unitIds.map(() => '?').join(', ')})`);
      params.push(...query.unitIds);
    }
    if (query.taskLedByUnitId !== undefined) {
      where.push(
        `a.parent_id IS NULL AND a.task_id IN (SELECT task_id FROM assignments WHERE role = 'lead' AND unit_id = ? AND parent_id IS NULL AND withdrawn_at IS NULL)`,
      );
      params.push(query.taskLedByUnitId);
    }
    if (query.role) {
      where.push(`a.role = ?`);
      params.push(query.role);
    }
    if (query.stage !== undefined) {
      where.push(`t.stage = ?`);
      params.push(query.stage);
    }
    if (query.q) {
      where.push(`(t.content LIKE ? ESCAPE '\\' OR IFNULL(t.stage, '') LIKE ? ESCAPE '\\')`);
      const like = `%${escapeLike(query.q)}%`;
      params.push(like, like);
    }
    if (query.open !== undefined) where.push(query.open ? `a.status <> 'closed'` : `a.status = 'closed'`);
    if (query.status) {
      if (query.status.length === 0) return { items: [], total: 0 };
      where.push(`a.status IN (${query.status.map(() => '?').join(', ')})`);
      params.push(...query.status);
    }
    if (query.due) where.push(dueBandSql(query.due, params));
    const whereSql = `WHERE ${where.join(' AND ')}`;
    // Open ones in a dated band of every unit (the dashboard's due this week and overdue): through the due-date index.
    // Left to choose with bound dates, the planner skip-scans the unit index instead once a unit holds ~1,000
    // assignments (ANALYZE's statistics at 2× the province): 2.3 ms to count a week's 2,700 against 0.1 ms.
    const byDue =
      query.open === true &&
      query.due !== undefined &&
      !query.due.orNone &&
      query.unitIds === undefined &&
      query.taskLedByUnitId === undefined;
    const assignments = `assignments a${byDue ? ' INDEXED BY assignments_by_due' : ''}`;
    const from = `FROM ${assignments} JOIN tasks t ON t.id = a.task_id ${whereSql}`;
    // The order of urgency; its leading terms are dropped when the filter makes them constant (open only, dated
    // only), so that SQLite walks the due-date index instead of sorting every match.
    const openOnly = query.open === true || (query.status !== undefined && !query.status.includes('closed'));
    const datedOnly = query.due !== undefined && !query.due.orNone;
    const order = [
      ...(openOnly ? [] : [`(a.status = 'closed')`]),
      ...(datedOnly ? [] : ['(a.due_date IS NULL)']),
      ASSIGNMENT_ORDER,
    ].join(', ');
    // the assignments' own columns only: their tasks are read once each below (the dashboard's 100 overdue rows
    // are of a handful of tasks, whose long texts would otherwise be read and parsed a hundred times)
    const rows =
      offset === 0 && !openOnly && !datedOnly && query.open === undefined && query.due === undefined
        ? this.firstPageBySegments(from, params, limit)
        : (this.db
            .prepare(`SELECT a.* ${from} ORDER BY ${order} LIMIT ? OFFSET ?`)
            .all(...params, limit, offset) as Row[]);
    // every assignment has its task (foreign key), so the count joins tasks only when a condition is on the task:
    // counting a unit's assignments through its index alone is ~15× cheaper than through the join
    const onTask = query.stage !== undefined || !!query.q || query.planId !== undefined;
    const countFrom = onTask ? from : `FROM ${assignments} ${whereSql}`;
    const total =
      options.count === false
        ? offset + rows.length
        : (this.db.prepare(`SELECT COUNT(*) AS n ${countFrom}`).get(...params) as { n: number }).n;
    const tasks = this.tasksByIds(rows.map((r) => str(r.task_id)));
    return { items: rows.map((r) => ({ assignment: toAssignment(r), task: tasks.get(str(r.task_id))! })), total };
  }

  /** The tasks of these ids, each read once (one Task object per task, shared by the rows that name it). */
  private tasksByIds(ids: string[]): Map<string, Task> {
    const kept = this.keptRecords<Task>('tasks');
    const out = new Map<string, Task>();
    const missing = new Set<string>();
    for (const id of ids) {
      if (out.has(id)) continue;
      const task = kept.get(id);
      if (task) out.set(id, copyJson(task));
      else if (task === undefined) missing.add(id);
    }
    if (missing.size === 0) return out;
    const rows = this.db
      .prepare(`SELECT * FROM tasks WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify([...missing])) as Row[];
    for (const r of rows) {
      const task = toTask(r);
      kept.set(task.id, task);
      out.set(task.id, copyJson(task));
    }
    return out;
  }

  /**
   * The first page in the order of urgency, a segment at a time (URGENCY_SEGMENTS), each walked through the (unit,
   * due date) index and stopped at the page's end, its ids first and then only the page's rows: the whole order
   * sorts every match with its task (a unit's ~1,000 at province scale: 1.5 ms against 0.5).
   */
  private firstPageBySegments(from: string, params: unknown[], limit: number): Row[] {
    // one read transaction: the ids and their rows from the same snapshot
    return this.db.transaction(() => {
      const ids: string[] = [];
      for (const segment of URGENCY_SEGMENTS) {
        if (ids.length >= limit) break;
        const more = this.db
          .prepare(`SELECT a.id ${from} AND ${segment.where} ORDER BY ${segment.order} LIMIT ?`)
          .pluck()
          .all(...params, limit - ids.length) as string[];
        ids.push(...more);
      }
      return ids.length ? (this.db.prepare(ROWS_IN_ORDER).all(JSON.stringify(ids)) as Row[]) : [];
    })();
  }

  async addParts(parts: Assignment[]): Promise<void> {
    const add = this.db.prepare(INSERT_ASSIGNMENT);
    try {
      this.db.transaction(() => {
        for (const a of parts) add.run(...assignmentParams(a));
      })();
    } catch (e) {
      throw this.uniqueToConflict(e, partTaken());
    }
  }

  async unitLeadsAnyTask(unitId: string): Promise<boolean> {
    return !!this.db
      .prepare(
        `SELECT 1 FROM assignments WHERE unit_id = ? AND role = 'lead' AND parent_id IS NULL AND withdrawn_at IS NULL LIMIT 1`,
      )
      .get(unitId);
  }

  private patchAssignment(id: string, patch: AssignmentPatch, onlyIfStatus?: AssignmentStatus[]): boolean {
    const keys = (Object.keys(patch) as (keyof AssignmentPatch)[]).filter((k) => patch[k] !== undefined);
    if (keys.length === 0) {
      return !!this.db.prepare(`SELECT 1 FROM assignments WHERE id = ? AND withdrawn_at IS NULL`).get(id);
    }
    const sets = keys.map((k) => `${PATCH_COLUMNS[k]} = @${k}`).join(', ');
    const values: Record<string, unknown> = { id };
    for (const k of keys) values[k] = patch[k];
    let sql = `UPDATE assignments SET ${sets} WHERE id = @id AND withdrawn_at IS NULL`;
    if (onlyIfStatus) {
      if (onlyIfStatus.length === 0) return false;
      sql += ` AND status IN (${onlyIfStatus.map((_, i) => `@s${i}`).join(', ')})`;
      onlyIfStatus.forEach((s, i) => (values[`s${i}`] = s));
    }
    return this.db.prepare(sql).run(values).changes === 1;
  }

  async updateAssignment(
    id: string,
    patch: AssignmentPatch,
    onlyIfStatus?: AssignmentStatus[],
  ): Promise<Assignment | null> {
    return this.db.transaction(() => {
      if (!this.patchAssignment(id, patch, onlyIfStatus)) return null;
      return toAssignment(this.db.prepare(`SELECT * FROM assignments WHERE id = ?`).get(id) as Row);
    })();
  }

  async removeUntouchedAssignments(taskId: string, assignmentIds: string[]): Promise<string[]> {
    return this.db.transaction(() => {
      const del = this.db.prepare(
        `DELETE FROM assignments WHERE id = ? AND task_id = ?
           AND NOT EXISTS (SELECT 1 FROM reports WHERE assignment_id = assignments.id)
           AND NOT EXISTS (SELECT 1 FROM extensions WHERE assignment_id = assignments.id)
           AND NOT EXISTS (SELECT 1 FROM urges WHERE assignment_id = assignments.id)`,
      );
      return assignmentIds.filter((id) => del.run(id, taskId).changes === 1);
    })();
  }

  async lightCounts(bands: LightBands, filter: { planId?: string } = {}): Promise<LightCountRow[]> {
    return this.keptCountsFor(bands, filter.planId)
      ? readLightCounts(this.db)
      : this.lightCountsByAggregate(bands, filter.planId);
  }

  async lightTotals(bands: LightBands, filter: LightTotalsFilter = {}): Promise<LightTotals> {
    return this.keptCountsFor(bands, filter.planId)
      ? readLightTotals(this.db, filter.unitIds)
      : lightTotalsOf(this.lightCountsByAggregate(bands, filter.planId), filter.unitIds);
  }

  /**
   * Whether the kept counts answer for `bands` (rolled to them first). Not for one plan's counts (not kept: they
   * are counted from its own assignments), bands of another shape, or a read-only connection whose kept counts are
   * not at today yet (it cannot roll them): the aggregate counts those, as the recount does.
   */
  private keptCountsFor(bands: LightBands, planId: string | undefined): boolean {
    const kept = planId === undefined ? keptBoundaries(bands) : null;
    if (!kept || (this.db.readonly && !keptCountsAt(this.db, kept))) return false;
    rollLightCounts(this.db, kept);
    return true;
  }

  /** Recounts the kept light counts from the assignments against `bands` (`duban rebuild-counts`). */
  rebuildLightCounts(bands: LightBands): void {
    const kept = keptBoundaries(bands);
    if (!kept) throw new Error('rebuildLightCounts: bands not shaped as lightBands gives them');
    rebuildLightCounts(this.db, kept);
  }

  /** Counts every assignment by the given bands, whatever their shape (the recount the kept counts must equal). */
  lightCountsByAggregate(bands: LightBands, planId?: string): LightCountRow[] {
    const params: unknown[] = [];
    const open = (band: DueBand) => `SUM(a.status <> 'closed' AND ${dueBandSql(band, params)})`;
    const rows = this.db
      .prepare(
        `SELECT t.stage AS stage, a.unit_id AS unit_id,
           SUM(a.status = 'closed') AS done,
           ${open(bands.red)} AS red,
           ${open(bands.yellow)} AS yellow,
           ${open(bands.green)} AS green
         FROM assignments a JOIN tasks t ON t.id = a.task_id
         WHERE a.withdrawn_at IS NULL ${planId !== undefined ? 'AND t.plan_id = ?' : ''}
         GROUP BY t.stage, a.unit_id`,
      )
      .all(...params, ...(planId !== undefined ? [planId] : [])) as Row[];
    return rows.map((r) => ({
      stage: strOrNull(r.stage),
      unitId: str(r.unit_id),
      green: Number(r.green),
      yellow: Number(r.yellow),
      red: Number(r.red),
      done: Number(r.done),
    }));
  }

  // ── reports ────────────────────────────────────────────────────────────────

  async appendReport(report: Report, assignmentPatch: AssignmentPatch): Promise<{ report: Report; created: boolean }> {
    return this.db.transaction(() => {
      const a = this.db.prepare(`SELECT task_id FROM assignments WHERE id = ?`).get(report.assignmentId) as
        Row | undefined;
      if (!a) throw notFound('这项任务分配');
      const inserted = this.db
        .prepare(
          `INSERT INTO reports (id, assignment_id, task_id, request_id, author_id, text, photos, percent, claim_done,
             review, reviewer_id, review_reason, reviewed_at, created_at, kind, instruction_id)
           VALUES (@id, @assignmentId, @taskId, @requestId, @authorId, @text, @photos, @percent, @claimDone,
             @review, @reviewerId, @reviewReason, @reviewedAt, @createdAt, @kind, @instructionId)
           ON CONFLICT (assignment_id, request_id) DO NOTHING`,
        )
        .run({
          ...report,
          taskId: a.task_id,
          photos: JSON.stringify(report.photos),
          claimDone: report.claimDone ? 1 : 0,
        });
      if (inserted.changes === 1) {
        this.patchAssignment(report.assignmentId, assignmentPatch);
        return { report: { ...report, photos: [...report.photos] }, created: true };
      }
      const existing = this.db
        .prepare(`SELECT * FROM reports WHERE assignment_id = ? AND request_id = ?`)
        .get(report.assignmentId, report.requestId) as Row;
      return { report: toReport(existing), created: false };
    })();
  }

  async getReport(id: string): Promise<Report | null> {
    const r = this.db.prepare(`SELECT * FROM reports WHERE id = ?`).get(id) as Row | undefined;
    return r ? toReport(r) : null;
  }

  async getReportByRequest(assignmentId: string, requestId: string): Promise<Report | null> {
    const r = this.db
      .prepare(`SELECT * FROM reports WHERE assignment_id = ? AND request_id = ?`)
      .get(assignmentId, requestId) as Row | undefined;
    return r ? toReport(r) : null;
  }

  async listReportsOfTask(taskId: string, only?: { assignmentIds: string[] }): Promise<Report[]> {
    if (only) {
      const ids = [...new Set(only.assignmentIds)];
      if (ids.length === 0) return [];
      const out: Report[] = [];
      const byAssignment = this.db.prepare(
        `SELECT * FROM reports WHERE assignment_id = ? AND task_id = ? ORDER BY created_at DESC, rowid DESC`,
      );
      for (const id of ids) out.push(...(byAssignment.all(id, taskId) as Row[]).map(toReport));
      return ids.length === 1
        ? out
        : out.sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : 0));
    }
    return (
      this.db
        .prepare(`SELECT * FROM reports WHERE task_id = ? ORDER BY created_at DESC, rowid DESC`)
        .all(taskId) as Row[]
    ).map(toReport);
  }

  async reviewReport(
    id: string,
    review: { review: 'accepted' | 'returned'; reviewerId: string; reason: string | null; at: Instant },
    assignmentPatch: AssignmentPatch,
  ): Promise<Report | null> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE reports SET review = ?, reviewer_id = ?, review_reason = ?, reviewed_at = ?
           WHERE id = ? AND review = 'pending'`,
        )
        .run(review.review, review.reviewerId, review.reason, review.at, id).changes;
      if (changed !== 1) return null;
      const r = toReport(this.db.prepare(`SELECT * FROM reports WHERE id = ?`).get(id) as Row);
      this.patchAssignment(r.assignmentId, assignmentPatch);
      return r;
    })();
  }

  async listPendingReports(
    scope: { leadUnitId?: string; excludeUnitId?: string },
    page: PageRequest,
  ): Promise<Paged<ReportWithContext>> {
    const { offset, limit } = checkPage(page);
    const where = [`r.review = 'pending'`, `a.withdrawn_at IS NULL`];
    const params: unknown[] = [];
    if (scope.leadUnitId !== undefined) {
      where.push(
        `a.role = 'responsible'`,
        `a.parent_id IS NULL`,
        `a.task_id IN (SELECT task_id FROM assignments WHERE role = 'lead' AND unit_id = ? AND parent_id IS NULL AND withdrawn_at IS NULL)`,
      );
      params.push(scope.leadUnitId);
    }
    if (scope.excludeUnitId !== undefined) {
      where.push(`a.unit_id <> ?`);
      params.push(scope.excludeUnitId);
    }
    const from = `FROM reports r JOIN assignments a ON a.id = r.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE ${where.join(' AND ')}`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT r.id AS r_id, a.*, ${TASK_COLUMNS} ${from} ORDER BY r.created_at, r.rowid LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Row[];
    const getReport = this.db.prepare(`SELECT * FROM reports WHERE id = ?`);
    return {
      items: rows.map((r) => ({
        report: toReport(getReport.get(r.r_id) as Row),
        assignment: toAssignment(r),
        task: toTask(r, 't_'),
      })),
      total,
    };
  }

  // ── extensions ─────────────────────────────────────────────────────────────

  async addExtension(e: Extension): Promise<void> {
    const a = this.db.prepare(`SELECT task_id FROM assignments WHERE id = ?`).get(e.assignmentId) as Row | undefined;
    if (!a) throw notFound('这项任务分配');
    this.db
      .prepare(
        `INSERT INTO extensions (id, assignment_id, task_id, requester_id, old_due, new_due, reason, status,
           decider_id, decision_note, created_at, decided_at)
         VALUES (@id, @assignmentId, @taskId, @requesterId, @oldDue, @newDue, @reason, @status, @deciderId,
           @decisionNote, @createdAt, @decidedAt)`,
      )
      .run({ ...e, taskId: a.task_id });
  }

  async getExtension(id: string): Promise<Extension | null> {
    const r = this.db.prepare(`SELECT * FROM extensions WHERE id = ?`).get(id) as Row | undefined;
    return r ? toExtension(r) : null;
  }

  async listExtensionsOfTask(taskId: string): Promise<Extension[]> {
    return (
      this.db
        .prepare(`SELECT * FROM extensions WHERE task_id = ? ORDER BY created_at DESC, rowid DESC`)
        .all(taskId) as Row[]
    ).map(toExtension);
  }

  async listPendingExtensions(page: PageRequest): Promise<Paged<ExtensionWithContext>> {
    const { offset, limit } = checkPage(page);
    const from = `FROM extensions e JOIN assignments a ON a.id = e.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE e.status = 'pending' AND a.withdrawn_at IS NULL`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${from}`).get() as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT e.id AS e_id, a.*, ${TASK_COLUMNS} ${from} ORDER BY e.created_at, e.rowid LIMIT ? OFFSET ?`)
      .all(limit, offset) as Row[];
    const getExt = this.db.prepare(`SELECT * FROM extensions WHERE id = ?`);
    return {
      items: rows.map((r) => ({
        extension: toExtension(getExt.get(r.e_id) as Row),
        assignment: toAssignment(r),
        task: toTask(r, 't_'),
      })),
      total,
    };
  }

  async decideExtension(
    id: string,
    decision: { status: 'approved' | 'rejected'; deciderId: string; note: string | null; at: Instant },
  ): Promise<Extension | null> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE extensions SET status = ?, decider_id = ?, decision_note = ?, decided_at = ?
           WHERE id = ? AND status = 'pending'`,
        )
        .run(decision.status, decision.deciderId, decision.note, decision.at, id).changes;
      if (changed !== 1) return null;
      const e = toExtension(this.db.prepare(`SELECT * FROM extensions WHERE id = ?`).get(id) as Row);
      if (e.status === 'approved') {
        this.db.prepare(`UPDATE assignments SET due_date = ? WHERE id = ?`).run(e.newDue, e.assignmentId);
      }
      return e;
    })();
  }

  // ── urges ──────────────────────────────────────────────────────────────────

  async addUrges(urges: Urge[]): Promise<void> {
    this.db.transaction(() => {
      const taskOf = this.db.prepare(`SELECT task_id FROM assignments WHERE id = ?`);
      const add = this.db.prepare(
        `INSERT INTO urges (id, assignment_id, task_id, urger_id, message, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const u of urges) {
        const a = taskOf.get(u.assignmentId) as Row | undefined;
        if (!a) throw notFound('要催办的任务分配');
        add.run(u.id, u.assignmentId, a.task_id, u.urgerId, u.message, u.createdAt);
      }
    })();
  }

  async listUrgesOfTask(taskId: string): Promise<Urge[]> {
    return (
      this.db.prepare(`SELECT * FROM urges WHERE task_id = ? ORDER BY created_at DESC, rowid DESC`).all(taskId) as Row[]
    ).map(toUrge);
  }

  // ── people ─────────────────────────────────────────────────────────────────

  async getUser(id: string): Promise<User | null> {
    return this.keptUser('usersById', `SELECT * FROM users WHERE id = ?`, id);
  }

  async getUserByPrincipal(principal: string): Promise<User | null> {
    return this.keptUser('usersByPrincipal', `SELECT * FROM users WHERE principal = ?`, principal);
  }

  /** A user by a unique key, kept until the database moves (a user's fields are flat: a spread is a copy). */
  private keptUser(name: string, sql: string, key: string): User | null {
    const kept = this.keptRecords<User>(name);
    let user = kept.get(key);
    if (user === undefined) {
      const r = this.db.prepare(sql).get(key) as Row | undefined;
      kept.set(key, (user = r ? toUser(r) : null));
    }
    return user && { ...user };
  }

  async getUsers(ids: string[]): Promise<User[]> {
    const kept = this.keptRecords<User>('usersById');
    const out: User[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const user = kept.get(id);
      if (user) out.push({ ...user });
      else if (user === undefined) missing.push(id);
    }
    for (let i = 0; i < missing.length; i += 500) {
      const chunk = missing.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT * FROM users WHERE id IN (${chunk.map(() => '?').join(', ')})`)
        .all(...chunk) as Row[];
      for (const r of rows) {
        const user = toUser(r);
        kept.set(user.id, user);
        out.push({ ...user });
      }
    }
    return out;
  }

  async listUsersOfUnit(unitId: string, role?: UserRole): Promise<User[]> {
    const rows = role
      ? this.db
          .prepare(`SELECT * FROM users WHERE unit_id = ? AND role = ? AND removed_at IS NULL ORDER BY created_at, id`)
          .all(unitId, role)
      : this.db
          .prepare(`SELECT * FROM users WHERE unit_id = ? AND removed_at IS NULL ORDER BY created_at, id`)
          .all(unitId);
    return (rows as Row[]).map(toUser);
  }

  async removeUser(userId: string, at: Instant): Promise<User | null> {
    return removeUserRow(this.db, userId, at);
  }
  async whenRemoved(principal: string): Promise<Instant | null> {
    return whenRemovedRow(this.db, principal);
  }

  async attachedFileIds(fileIds: string[]): Promise<string[]> {
    return attachedFileIdsOf(this.db, fileIds);
  }

  async previewUsage(): Promise<{ count: number; bytes: number | null }> {
    return previewUsageOf(this.db);
  }

  async createInvite(invite: Invite): Promise<void> {
    try {
      this.db
        .prepare(
          `INSERT INTO invites (code, unit_id, role, created_by, created_at, expires_at, used_by, used_at, revoked_at)
           VALUES (@code, @unitId, @role, @createdBy, @createdAt, @expiresAt, @usedBy, @usedAt, @revokedAt)`,
        )
        .run(invite);
    } catch (e) {
      throw this.uniqueToConflict(e, '邀请码重复，请重新生成。');
    }
  }

  async getInvite(code: string): Promise<Invite | null> {
    const r = this.db.prepare(`SELECT * FROM invites WHERE code = ?`).get(code) as Row | undefined;
    return r ? toInvite(r) : null;
  }

  async listInvites(filter: { unitId?: string }, page: PageRequest): Promise<Paged<Invite>> {
    const { offset, limit } = checkPage(page);
    const where = filter.unitId !== undefined ? 'WHERE unit_id = ?' : '';
    const params = filter.unitId !== undefined ? [filter.unitId] : [];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM invites ${where}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM invites ${where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Row[];
    return { items: rows.map(toInvite), total };
  }

  async revokeInvite(code: string, at: Instant): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE invites SET revoked_at = ? WHERE code = ? AND used_by IS NULL AND revoked_at IS NULL`)
        .run(at, code).changes === 1
    );
  }

  async consumeInvite(
    code: string,
    at: Instant,
    principal: string,
    decide: (invite: Invite | null, prior: User | null) => InviteDecision,
  ): Promise<InviteDecision> {
    return this.db.transaction((): InviteDecision => {
      const r = this.db.prepare(`SELECT * FROM invites WHERE code = ?`).get(code) as Row | undefined;
      const prior = this.db.prepare(`SELECT * FROM users WHERE principal = ?`).get(principal) as Row | undefined;
      const decision = decide(r ? toInvite(r) : null, prior ? toUser(prior) : null);
      if (decision.outcome !== 'ok') return decision;
      const u = decision.user;
      if (prior) {
        this.db
          .prepare(`UPDATE users SET unit_id = ?, role = ?, name = ? WHERE id = ?`)
          .run(u.unitId, u.role, u.name, str(prior.id));
      } else {
        this.db
          .prepare(`INSERT INTO users (id, principal, unit_id, role, name, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
          .run(u.id, u.principal, u.unitId, u.role, u.name, u.createdAt);
      }
      this.db.prepare(`UPDATE invites SET used_by = ?, used_at = ? WHERE code = ?`).run(u.id, at, code);
      return decision;
    })();
  }

  async recordFailedAttempt(key: string, at: Instant, forgetBefore: Instant): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM failed_attempts WHERE at < ?`).run(forgetBefore);
      this.db.prepare(`INSERT INTO failed_attempts (key, at) VALUES (?, ?)`).run(key, at);
    })();
  }

  async failedAttemptsSince(key: string, since: Instant): Promise<Instant[]> {
    return (
      this.db.prepare(`SELECT at FROM failed_attempts WHERE key = ? AND at >= ? ORDER BY at`).all(key, since) as Row[]
    ).map((r) => str(r.at));
  }

  // ── settings, audit, previews ─────────────────────────────────────────────

  async getSettings(): Promise<Frozen<Settings>> {
    // kept parsed until the database moves and shared by every caller: frozen (a copy per request cost 2% of it)
    return this.keep('settings', () => {
      const r = this.db.prepare(`SELECT value FROM settings WHERE key = 'settings'`).get() as Row | undefined;
      // a copy: the defaults' own arrays are not frozen with it
      return deepFreeze(copyJson(r ? { ...DEFAULT_SETTINGS, ...json<Partial<Settings>>(r.value) } : DEFAULT_SETTINGS));
    });
  }

  async saveSettings(settings: Frozen<Settings>): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(JSON.stringify(settings));
  }

  private insertAudit(e: AuditEntry): void {
    this.db
      .prepare(`INSERT INTO audit (id, at, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(e.id, e.at, e.actorId, e.action, e.target, JSON.stringify(e.detail));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.insertAudit(entry);
  }

  async listAudit(page: PageRequest): Promise<Paged<AuditEntry>> {
    const { offset, limit } = checkPage(page);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM audit`).get() as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM audit ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as Row[];
    return { items: rows.map(toAudit), total };
  }

  async savePreview(p: StoredPreview): Promise<void> {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO import_previews (id, created_by, created_at, file_name, fingerprint, parsed, preview)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.id,
        p.createdBy,
        p.createdAt,
        p.fileName,
        p.fingerprint,
        JSON.stringify(p.parsed),
        JSON.stringify(p.preview),
      );
  }

  async purgePreviewsBefore(before: Instant): Promise<number> {
    return this.db.prepare(`DELETE FROM import_previews WHERE created_at < ?`).run(before).changes;
  }

  async getPreview(id: string): Promise<StoredPreview | null> {
    const r = this.db.prepare(`SELECT * FROM import_previews WHERE id = ?`).get(id) as Row | undefined;
    if (!r) return null;
    return {
      id: str(r.id),
      createdBy: str(r.created_by),
      createdAt: str(r.created_at),
      fileName: str(r.file_name),
      fingerprint: str(r.fingerprint),
      parsed: json(r.parsed),
      preview: json(r.preview),
    };
  }

  // ── circular issue numbers, photo evidence (evidence.ts) ─────────────────────

  async circularIssue(planId: string, date: string): Promise<number> {
    return this.evidence.circularIssue(planId, date);
  }

  async addPhotoEvidence(rows: PhotoEvidence[]): Promise<void> {
    this.evidence.add(rows);
  }

  async photoEvidenceOfReports(reportIds: string[]): Promise<PhotoEvidence[]> {
    return this.evidence.ofReports(reportIds);
  }

  async photosSharingBands(bands: string[], limit: number): Promise<PhotoEvidence[]> {
    return this.evidence.sharingBands(bands, limit);
  }

  async creditsOf(userId: string): Promise<Record<string, number>> {
    // The credits live in the reminder engine's tables (a later migration); before those exist there are none.
    const table = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'subscription_credits'`)
      .get();
    if (!table) return {};
    const rows = this.db
      .prepare(`SELECT template_id, credits FROM subscription_credits WHERE user_id = ?`)
      .all(userId) as Row[];
    return Object.fromEntries(rows.map((r) => [str(r.template_id), Number(r.credits)]));
  }

  // ── plans: revision, withdrawal, archive (server/store/sqlite/plans.ts) ────
  async listTasksOfPlan(planId: string): Promise<Task[]> {
    const sql = `SELECT * FROM tasks WHERE plan_id = ? AND removed_at IS NULL ORDER BY seq, id`;
    return (this.db.prepare(sql).all(planId) as Row[]).map((r) => toTask(r));
  }

  async applyRevision(input: PlanRevision): Promise<void> {
    applyPlanRevision(this.db, input, (e) => this.insertAudit(e));
  }

  async archivePlan(planId: string, at: Instant): Promise<number> {
    return archiveSqlitePlan(this.db, planId, at);
  }

  async deletePlanIfUntouched(planId: string): Promise<'deleted' | 'touched' | 'missing'> {
    return deleteSqlitePlanIfUntouched(this.db, planId);
  }

  // ── reporting cycles and leaders' instructions (server/store/sqlite/cycle.ts) ──
  async firstReportsBetween(
    assignmentIds: string[],
    from: Instant,
    to: Instant,
  ): Promise<{ assignmentId: string; at: Instant }[]> {
    return cycle.firstReportsBetween(this.db, assignmentIds.slice(0, MAX_PAGE), from, to);
  }

  async addInstruction(instruction: Instruction): Promise<void> {
    cycle.addInstruction(this.db, instruction);
  }

  /** From the kept counts (gapCounts.ts), counted once on the first question of a period. */
  async reportGapCounts(q: ReportGapQuery): Promise<ReportGapCount[]> {
    return keptGapCounts(this.db, q);
  }

  /** Recounts the kept report-gap counts of every period asked (`duban rebuild-counts`); returns how many. */
  rebuildGapCounts(): number {
    return rebuildGapCounts(this.db);
  }

  /** Recounts every task's kept counts by due date (taskCountsSchema.ts, `duban rebuild-counts`); returns the rows. */
  rebuildTaskCounts(): number {
    return rebuildTaskCounts(this.db);
  }

  /** Kept until the database moves, as the units are (the dashboard reads every plan's on every call). */
  async listTaskHeadsOfPlan(planId: string): Promise<TaskHead[]> {
    return this.keep(`taskHeads:${planId}`, () => cycleGaps.taskHeadsOfPlan(this.db, planId)).map((t) => ({ ...t }));
  }

  async reportGapRows(q: ReportGapQuery, after: string | null, limit: number): Promise<ReportGapRow[]> {
    return cycleGaps.reportGapRows(this.db, q, after, Math.min(limit, SCAN_PAGE));
  }

  async getInstruction(id: string): Promise<Instruction | null> {
    return cycle.getInstruction(this.db, id);
  }

  async listInstructionsOfTask(taskId: string): Promise<Instruction[]> {
    return cycle.listInstructionsOfTask(this.db, taskId);
  }

  async listInstructions(page: PageRequest): Promise<Paged<Instruction>> {
    return cycle.listInstructions(this.db, page);
  }

  // ── the supervisor's desk (server/store/sqlite/desk.ts) ───────────────────
  private deskQueries?: DeskQueries;
  private get desk(): DeskQueries {
    return (this.deskQueries ??= new DeskQueries(this.db));
  }

  async listTaskSummaries(query: TaskQuery, bands: LightBands, page: PageRequest): Promise<Paged<TaskSummary>> {
    return this.desk.listTaskSummaries(query, bands, page);
  }

  async urgeStats(assignmentIds: string[]): Promise<Record<string, UrgeStats>> {
    return this.desk.urgeStats(assignmentIds);
  }

  async markUrgesRead(assignmentIds: string[], at: Instant): Promise<number> {
    return this.desk.markUrgesRead(assignmentIds, at);
  }

  async listUnreadUrges(unitId: string, page: PageRequest): Promise<Paged<UrgeWithContext>> {
    return this.desk.listUnreadUrges(unitId, page);
  }

  async latestReports(assignmentIds: string[]): Promise<Record<string, Report>> {
    return this.desk.latestReports(assignmentIds);
  }
}

/** Opens (creating and migrating when needed) a SQLite store at `path`, or in memory with ':memory:'. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (options.readonly) {
    if (path === ':memory:') throw new Error('openSqliteStore: a database in memory has no second connection');
    const ro = new Database(path, { readonly: true, fileMustExist: true });
    ro.pragma('busy_timeout = 5000');
    return new SqliteStore(ro, options);
  }
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db, options.migrations ?? MIGRATIONS);
  return new SqliteStore(db, options);
}
