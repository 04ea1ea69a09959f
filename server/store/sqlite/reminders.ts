/**
 * The ReminderStore port on SQLite, on the same database handle as the Store (tables in remindersSchema.ts).
 * Claims and credit changes run in BEGIN IMMEDIATE transactions: two processes on one file (the server's scheduler
 * and `npx duban remind`) take turns under the busy timeout, and the unique key lets exactly one of them claim.
 */
import type { Frozen } from '../../../core/frozen';
import type Database from 'better-sqlite3';
import type { AssignmentStatus, CalendarDate, Deadline, Instant, MessageKind, Settings } from '../../../core/model';
import type {
  ClaimOutcome,
  EventKind,
  FinishOutcome,
  NewClaim,
  OpenAssignmentsPage,
  PendingEvent,
  ReminderAssignment,
  ReminderContact,
  ReminderEvent,
  ReminderRecord,
  ReminderStatus,
  ReminderStore,
} from '../../../core/ports/reminders';
import { REMINDED_STATUSES } from '../../../core/remind/planner';
import type { SqliteStore } from './index';

type Db = Database.Database;
type Row = Record<string, unknown>;

const CHUNK = 500;
const STATUS_LIST = REMINDED_STATUSES.map((s) => `'${s}'`).join(', ');
const SWEEP = 'sweep';

const ASSIGNMENT_COLUMNS = `a.id AS assignment_id, a.task_id, a.unit_id, u.name AS unit_name, a.status, a.due_date,
  a.last_report_at, t.seq AS task_seq, t.content AS task_content, t.stage AS task_stage, t.deadline AS task_deadline,
  t.plan_id AS task_plan_id`;
// CROSS JOIN keeps assignments the outer loop, so pages come in index order without sorting (SQLite's planner
// otherwise may start from units after ANALYZE and sort every page).
const ASSIGNMENT_JOIN = `assignments a CROSS JOIN tasks t ON t.id = a.task_id CROSS JOIN units u ON u.id = a.unit_id`;
const DATED_JOIN = `assignments a INDEXED BY reminder_open_by_due CROSS JOIN tasks t ON t.id = a.task_id
  CROSS JOIN units u ON u.id = a.unit_id`;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const marks = (n: number): string => new Array(n).fill('?').join(', ');
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toAssignment(r: Row): ReminderAssignment {
  return {
    assignmentId: String(r.assignment_id),
    taskId: String(r.task_id),
    unitId: String(r.unit_id),
    unitName: String(r.unit_name),
    status: String(r.status) as AssignmentStatus,
    dueDate: strOrNull(r.due_date),
    lastReportAt: strOrNull(r.last_report_at),
    taskSeq: Number(r.task_seq),
    taskContent: String(r.task_content),
    taskStage: strOrNull(r.task_stage),
    deadlineText: (JSON.parse(String(r.task_deadline)) as Deadline).text,
    planId: String(r.task_plan_id),
  };
}

function toRecord(r: Row): ReminderRecord {
  return {
    key: String(r.key),
    userId: String(r.user_id),
    assignmentId: strOrNull(r.assignment_id),
    kind: String(r.kind) as MessageKind,
    touser: String(r.touser),
    templateId: String(r.template_id),
    page: String(r.page),
    data: JSON.parse(String(r.data)) as ReminderRecord['data'],
    status: String(r.status) as ReminderStatus,
    attempts: Number(r.attempts),
    creditHeld: Number(r.credit_held) === 1,
    claimedAt: String(r.claimed_at),
    finishedAt: strOrNull(r.finished_at),
    errCode: r.err_code === null || r.err_code === undefined ? null : Number(r.err_code),
    error: strOrNull(r.error),
  };
}

/** Cursor of the dated sweep: `<dueDate>|<id>`; of the full sweep: `<id>`. */
function splitCursor(cursor: string): [string, string] {
  const i = cursor.indexOf('|');
  return [cursor.slice(0, i), cursor.slice(i + 1)];
}

export class SqliteReminderStore implements ReminderStore {
  readonly db: Db;

  constructor(private readonly store: Pick<SqliteStore, 'db' | 'getSettings'>) {
    this.db = store.db;
  }

  getSettings(): Promise<Frozen<Settings>> {
    return this.store.getSettings();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text (IN lists come in a few lengths only). */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** The change counter the triggers of migration 3 keep (a single row read). */
  async changeStamp(): Promise<string> {
    const r = this.stmt(`SELECT value FROM reminder_state WHERE name = 'changes'`).get() as Row | undefined;
    return String(r?.value ?? '');
  }

  async openAssignments(
    filter: { dueOnOrBefore?: CalendarDate },
    page: { cursor: string | null; limit: number },
  ): Promise<OpenAssignmentsPage> {
    const limit = Math.max(1, Math.floor(page.limit));
    let rows: Row[];
    if (filter.dueOnOrBefore) {
      const [due, id] = page.cursor ? splitCursor(page.cursor) : ['', ''];
      // `status <> 'closed'` lets SQLite use the partial index reminder_open_by_due (due_date, id)
      rows = this.stmt(
        `SELECT ${ASSIGNMENT_COLUMNS} FROM ${DATED_JOIN}
           WHERE a.status <> 'closed' AND a.status IN (${STATUS_LIST}) AND a.due_date IS NOT NULL AND a.due_date <= ?
             AND a.withdrawn_at IS NULL
             AND (a.due_date, a.id) > (?, ?)
           ORDER BY a.due_date, a.id LIMIT ?`,
      ).all(filter.dueOnOrBefore, due, id, limit) as Row[];
    } else {
      rows = this.stmt(
        `SELECT ${ASSIGNMENT_COLUMNS} FROM ${ASSIGNMENT_JOIN}
           WHERE a.status IN (${STATUS_LIST}) AND a.withdrawn_at IS NULL AND a.id > ? ORDER BY a.id LIMIT ?`,
      ).all(page.cursor ?? '', limit) as Row[];
    }
    const items = rows.map(toAssignment);
    const last = items[items.length - 1];
    const cursor =
      items.length < limit || !last
        ? null
        : filter.dueOnOrBefore
          ? `${last.dueDate}|${last.assignmentId}`
          : last.assignmentId;
    return { items, cursor };
  }

  async contactsOfUnits(unitIds: string[]): Promise<ReminderContact[]> {
    const out: ReminderContact[] = [];
    for (const part of chunks([...new Set(unitIds)])) {
      const rows = this.stmt(
        `SELECT id, principal, name, unit_id FROM users WHERE role = 'contact' AND removed_at IS NULL AND unit_id IN (${marks(part.length)}) ORDER BY id`,
      ).all(...part) as Row[];
      for (const r of rows) {
        out.push({
          userId: String(r.id),
          principal: String(r.principal),
          name: strOrNull(r.name),
          unitId: String(r.unit_id),
        });
      }
    }
    return out;
  }

  async reviewersOfTask(taskId: string): Promise<ReminderContact[]> {
    const rows = this.stmt(
      `SELECT id, principal, name, unit_id FROM users
       WHERE (role = 'contact' AND unit_id IN (SELECT unit_id FROM assignments WHERE task_id = ? AND role = 'lead'))
          OR role = 'supervisor'
       ORDER BY id`,
    ).all(taskId) as Row[];
    return rows.map((r) => ({
      userId: String(r.id),
      principal: String(r.principal),
      name: strOrNull(r.name),
      unitId: String(r.unit_id),
    }));
  }

  async creditsOfUsers(userIds: string[]): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const part of chunks([...new Set(userIds)])) {
      const rows = this.stmt(
        `SELECT user_id, template_id, credits FROM subscription_credits WHERE credits > 0 AND user_id IN (${marks(part.length)})`,
      ).all(...part) as Row[];
      for (const r of rows) (out[String(r.user_id)] ??= {})[String(r.template_id)] = Number(r.credits);
    }
    return out;
  }

  async recordedKeys(keys: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const part of chunks([...new Set(keys)])) {
      const rows = this.stmt(`SELECT key FROM reminder_messages WHERE key IN (${marks(part.length)})`).all(
        ...part,
      ) as Row[];
      for (const r of rows) out.push(String(r.key));
    }
    return out;
  }

  /** Takes one credit; false when none is left. */
  private spend(userId: string, templateId: string, at: Instant): boolean {
    return (
      this.stmt(
        `UPDATE subscription_credits SET credits = credits - 1, updated_at = ?
           WHERE user_id = ? AND template_id = ? AND credits > 0`,
      ).run(at, userId, templateId).changes === 1
    );
  }

  private add(userId: string, templateId: string, n: number, at: Instant): void {
    this.stmt(
      `INSERT INTO subscription_credits (user_id, template_id, credits, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, template_id) DO UPDATE SET credits = credits + excluded.credits, updated_at = excluded.updated_at`,
    ).run(userId, templateId, n, at);
  }

  private readonly claimTx = (claim: NewClaim, spendCredit: boolean): ClaimOutcome => {
    const m = claim.message;
    const exists = this.stmt(`SELECT 1 FROM reminder_messages WHERE key = ?`).get(m.key);
    if (exists) return 'exists';
    if (spendCredit && !this.spend(claim.userId, m.templateId, claim.at)) return 'no-credit';
    this.stmt(
      `INSERT INTO reminder_messages
           (key, user_id, assignment_id, kind, touser, template_id, page, data, status, attempts, credit_held, claimed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'claimed', 1, ?, ?)`,
    ).run(
      m.key,
      claim.userId,
      claim.assignmentId,
      m.kind,
      m.touser,
      m.templateId,
      m.page,
      JSON.stringify(m.data),
      spendCredit ? 1 : 0,
      claim.at,
    );
    return 'claimed';
  };

  async claim(claim: NewClaim, spendCredit: boolean): Promise<ClaimOutcome> {
    return this.db.transaction(this.claimTx).immediate(claim, spendCredit);
  }

  async reclaim(
    key: string,
    expected: { status: 'claimed' | 'retry'; attempts: number },
    at: Instant,
  ): Promise<'claimed' | 'lost'> {
    const changed = this.stmt(
      `UPDATE reminder_messages SET status = 'claimed', attempts = attempts + 1, claimed_at = ?
       WHERE key = ? AND status = ? AND attempts = ?`,
    ).run(at, key, expected.status, expected.attempts).changes;
    return changed === 1 ? 'claimed' : 'lost';
  }

  async claimMany(claims: { claim: NewClaim; spendCredit: boolean }[]): Promise<ClaimOutcome[]> {
    return this.db.transaction(() => claims.map((c) => this.claimTx(c.claim, c.spendCredit))).immediate();
  }

  private readonly finishTx = (key: string, outcome: FinishOutcome): void => {
    const r = this.stmt(`SELECT user_id, template_id, credit_held FROM reminder_messages WHERE key = ?`).get(key) as
      Row | undefined;
    if (!r) return;
    const held = Number(r.credit_held) === 1;
    const userId = String(r.user_id);
    const templateId = String(r.template_id);
    let stillHeld = held;
    if (outcome.zeroCredit) {
      this.stmt(
        `INSERT INTO subscription_credits (user_id, template_id, credits, updated_at) VALUES (?, ?, 0, ?)
           ON CONFLICT (user_id, template_id) DO UPDATE SET credits = 0, updated_at = excluded.updated_at`,
      ).run(userId, templateId, outcome.at);
      stillHeld = false;
    } else if (outcome.refundCredit && held) {
      this.add(userId, templateId, 1, outcome.at);
      stillHeld = false;
    }
    this.stmt(
      `UPDATE reminder_messages SET status = ?, finished_at = ?, err_code = ?, error = ?, credit_held = ?
         WHERE key = ?`,
    ).run(
      outcome.status,
      outcome.status === 'retry' ? null : outcome.at,
      outcome.errCode ?? null,
      outcome.error ?? null,
      stillHeld ? 1 : 0,
      key,
    );
  };

  async finish(key: string, outcome: FinishOutcome): Promise<void> {
    this.db.transaction(this.finishTx).immediate(key, outcome);
  }

  async finishMany(items: { key: string; outcome: FinishOutcome }[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const i of items) this.finishTx(i.key, i.outcome);
      })
      .immediate();
  }

  async unfinished(staleBefore: Instant, limit: number): Promise<ReminderRecord[]> {
    const rows = this.stmt(
      `SELECT * FROM reminder_messages
         WHERE status IN ('claimed', 'retry') AND (status = 'retry' OR claimed_at < ?)
         ORDER BY claimed_at, key LIMIT ?`,
    ).all(staleBefore, limit) as Row[];
    return rows.map(toRecord);
  }

  async getCursor(): Promise<string | null> {
    const r = this.db.prepare(`SELECT value FROM reminder_state WHERE name = ?`).get(SWEEP) as Row | undefined;
    return r ? strOrNull(r.value) : null;
  }

  async setCursor(value: string | null): Promise<void> {
    this.stmt(
      `INSERT INTO reminder_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    ).run(SWEEP, value);
  }

  async enqueueEvent(e: ReminderEvent): Promise<void> {
    this.stmt(
      `INSERT OR IGNORE INTO reminder_events (id, kind, assignment_id, ref_id, created_at, note, from_name, approved, new_due)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      e.id,
      e.kind,
      e.assignmentId,
      e.refId,
      e.createdAt,
      e.note,
      e.from,
      e.approved === undefined || e.approved === null ? null : e.approved ? 1 : 0,
      e.newDue ?? null,
    );
  }

  async pendingEvents(limit: number, after: string | null = null): Promise<PendingEvent[]> {
    const [afterAt, afterId] = after ? splitCursor(after) : ['', ''];
    const rows = this.stmt(
      `SELECT e.id AS e_id, e.kind AS e_kind, e.ref_id AS e_ref_id, e.created_at AS e_created_at, e.note AS e_note,
           e.from_name AS e_from, e.approved AS e_approved, e.new_due AS e_new_due, ${ASSIGNMENT_COLUMNS}
         FROM reminder_events e JOIN assignments a ON a.id = e.assignment_id
           JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
         WHERE e.done_at IS NULL AND (e.created_at, e.id) > (?, ?) ORDER BY e.created_at, e.id LIMIT ?`,
    ).all(afterAt, afterId, limit) as Row[];
    return rows.map((r) => ({
      event: {
        id: String(r.e_id),
        kind: String(r.e_kind) as EventKind,
        assignmentId: String(r.assignment_id),
        refId: String(r.e_ref_id),
        createdAt: String(r.e_created_at),
        note: strOrNull(r.e_note),
        from: strOrNull(r.e_from),
        approved: r.e_approved === null ? null : Number(r.e_approved) === 1,
        newDue: strOrNull(r.e_new_due),
      },
      assignment: toAssignment(r),
    }));
  }

  async closeEvent(id: string, at: Instant): Promise<void> {
    this.db.prepare(`UPDATE reminder_events SET done_at = ? WHERE id = ? AND done_at IS NULL`).run(at, id);
  }

  async addCredits(userId: string, templateIds: string[], at: Instant): Promise<Record<string, number>> {
    this.db.transaction(() => {
      for (const t of templateIds) this.add(userId, t, 1, at);
    })();
    return this.creditsOf(userId);
  }

  async creditsOf(userId: string): Promise<Record<string, number>> {
    const rows = this.stmt(
      `SELECT template_id, credits FROM subscription_credits WHERE user_id = ? ORDER BY template_id`,
    ).all(userId) as Row[];
    return Object.fromEntries(rows.map((r) => [String(r.template_id), Number(r.credits)]));
  }

  async messagesOf(userId: string, limit: number): Promise<ReminderRecord[]> {
    const rows = this.stmt(
      `SELECT * FROM reminder_messages WHERE user_id = ? ORDER BY claimed_at DESC, rowid DESC LIMIT ?`,
    ).all(userId, limit) as Row[];
    return rows.map(toRecord);
  }

  /** Sets a user's credits for a template (demo data, tests). */
  setCredits(userId: string, templateId: string, credits: number, at: Instant): void {
    this.stmt(
      `INSERT INTO subscription_credits (user_id, template_id, credits, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, template_id) DO UPDATE SET credits = excluded.credits, updated_at = excluded.updated_at`,
    ).run(userId, templateId, credits, at);
  }
}
