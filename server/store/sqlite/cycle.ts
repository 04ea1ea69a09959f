/**
 * The SQLite side of the reporting cycle and leaders' instructions (定期报送, 领导批示): the schema (versions 30–32)
 * and the queries, used by the store in index.ts.
 */
import type Database from 'better-sqlite3';
import type { Instant, Instruction } from '../../../core/model';
import { clampPage, type PageRequest, type Paged } from '../../../core/ports/store';
import type { Migration } from './migrations';

type Row = Record<string, unknown>;

export const CYCLE_MIGRATIONS: Migration[] = [
  {
    version: 30,
    name: 'reports: kind (progress, 本期无新进展, 落实) and the instruction a 落实 acts on',
    up: `
      ALTER TABLE reports ADD COLUMN kind TEXT NOT NULL DEFAULT 'progress';
      ALTER TABLE reports ADD COLUMN instruction_id TEXT;
    `,
  },
  {
    version: 31,
    name: 'leaders’ instructions (领导批示)',
    up: `
      CREATE TABLE instructions (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL REFERENCES tasks(id),
        assignment_id TEXT REFERENCES assignments(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        leader_name TEXT NOT NULL,
        author_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX instructions_by_task ON instructions (task_id, created_at);
      CREATE INDEX instructions_by_time ON instructions (created_at, id);
    `,
  },
  {
    version: 32,
    name: 'reminder events: the instruction kind (a 批示 notified to the units concerned)',
    up: `
      CREATE TABLE reminder_events_v32 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('returned', 'accepted', 'extension', 'urge', 'claimReview', 'extensionReview', 'instruction')),
        assignment_id TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        note TEXT,
        from_name TEXT,
        approved INTEGER,
        new_due TEXT,
        done_at TEXT
      );
      INSERT INTO reminder_events_v32 SELECT id, kind, assignment_id, ref_id, created_at, note, from_name, approved,
        new_due, done_at FROM reminder_events;
      DROP TABLE reminder_events;
      ALTER TABLE reminder_events_v32 RENAME TO reminder_events;
      CREATE INDEX reminder_events_pending ON reminder_events (created_at) WHERE done_at IS NULL;
    `,
  },
];

function toInstruction(r: Row): Instruction {
  return {
    id: String(r.id),
    taskId: String(r.task_id),
    assignmentId: r.assignment_id === null || r.assignment_id === undefined ? null : String(r.assignment_id),
    text: String(r.text),
    leaderName: String(r.leader_name),
    authorId: String(r.author_id),
    createdAt: String(r.created_at),
  };
}

export function firstReportsBetween(
  db: Database.Database,
  assignmentIds: string[],
  from: Instant,
  to: Instant,
): { assignmentId: string; at: Instant }[] {
  const ids = [...new Set(assignmentIds)];
  if (ids.length === 0) return [];
  const first = db.prepare(
    `SELECT MIN(created_at) AS at FROM reports WHERE assignment_id = ? AND created_at >= ? AND created_at < ?`,
  );
  const out: { assignmentId: string; at: Instant }[] = [];
  for (const id of ids) {
    const r = first.get(id, from, to) as Row | undefined;
    if (r && r.at !== null && r.at !== undefined) out.push({ assignmentId: id, at: String(r.at) });
  }
  return out;
}

export function addInstruction(db: Database.Database, i: Instruction): void {
  db.prepare(
    `INSERT INTO instructions (id, task_id, assignment_id, text, leader_name, author_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(i.id, i.taskId, i.assignmentId, i.text, i.leaderName, i.authorId, i.createdAt);
}

export function getInstruction(db: Database.Database, id: string): Instruction | null {
  const r = db.prepare(`SELECT * FROM instructions WHERE id = ?`).get(id) as Row | undefined;
  return r ? toInstruction(r) : null;
}

export function listInstructionsOfTask(db: Database.Database, taskId: string): Instruction[] {
  return (
    db.prepare(`SELECT * FROM instructions WHERE task_id = ? ORDER BY created_at DESC, id DESC`).all(taskId) as Row[]
  ).map(toInstruction);
}

export function listInstructions(db: Database.Database, page: PageRequest): Paged<Instruction> {
  const p = clampPage(page);
  const items = (
    db
      .prepare(`SELECT * FROM instructions ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(p.limit, p.offset) as Row[]
  ).map(toInstruction);
  const total = Number((db.prepare(`SELECT COUNT(*) AS n FROM instructions`).get() as Row).n);
  return { items, total };
}
