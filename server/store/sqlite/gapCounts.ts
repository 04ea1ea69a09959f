/**
 * Reading and building the kept report-gap counts (schema and triggers: gapCountsSchema.ts). A period's question
 * (ReportGapQuery) is named by a key, a hash of everything in it (the set of tasks, the statuses, from, to, by);
 * the first question with a new key counts its assignments once, with cycleGaps.ts's own scan, and records the
 * key, its tasks and the counts in one IMMEDIATE transaction; from then on the triggers keep them and the answer
 * is one row per unit. Only the newest KEPT_KEYS keys are kept: an older one asked again is counted again.
 */
import { createHash } from 'crypto';
import type Database from 'better-sqlite3';
import { reportGapKeyText, type ReportGapCount, type ReportGapQuery } from '../../../core/ports/store';
import { reportGapCounts as scanGapCounts } from './cycleGaps';

type Db = Database.Database;

/** Keys kept at once (each periods' group of a dashboard, with and without a plan filter, is one). */
export const KEPT_KEYS = 16;

/** The key of a question (core's reportGapKeyText, hashed). */
export function gapKeyOf(q: ReportGapQuery): string {
  return createHash('sha1').update(reportGapKeyText(q)).digest('hex');
}

function readKept(db: Db, key: string): ReportGapCount[] {
  const rows = db
    .prepare(`SELECT unit_id, open, none, after FROM gap_counts WHERE key_id = ? AND open > 0 ORDER BY unit_id`)
    .raw()
    .all(key) as [string, number, number, number][];
  return rows.map(([unitId, open, none, after]) => ({ unitId, open, none, after }));
}

const hasKey = (db: Db, key: string) => db.prepare(`SELECT 1 FROM gap_keys WHERE id = ?`).get(key) !== undefined;

/** Counts one key anew from the assignments (its tasks and instants as recorded). */
function count(db: Db, key: string, q: ReportGapQuery): void {
  db.prepare(`DELETE FROM gap_counts WHERE key_id = ?`).run(key);
  const insert = db.prepare(
    `INSERT INTO gap_counts (key_id, unit_id, open, none, after) VALUES (@key, @unitId, @open, @none, @after)`,
  );
  for (const c of scanGapCounts(db, q)) insert.run({ key, ...c });
}

function dropKeys(db: Db, where: string, ...args: unknown[]): void {
  const gone = db
    .prepare(`SELECT id FROM gap_keys WHERE ${where}`)
    .pluck()
    .all(...args) as string[];
  for (const id of gone) {
    db.prepare(`DELETE FROM gap_counts WHERE key_id = ?`).run(id);
    db.prepare(`DELETE FROM gap_key_tasks WHERE key_id = ?`).run(id);
    db.prepare(`DELETE FROM gap_keys WHERE id = ?`).run(id);
  }
}

/**
 * The counts of one period's question from the kept rows, counting them first when the key is new. On a
 * read-only connection a new key is counted by the scan and not kept.
 */
export function keptGapCounts(db: Db, q: ReportGapQuery): ReportGapCount[] {
  if (q.taskIds.length === 0 || q.statuses.length === 0) return [];
  const key = gapKeyOf(q);
  if (hasKey(db, key)) return readKept(db, key);
  if (db.readonly) return scanGapCounts(db, q);
  db.transaction(() => {
    if (hasKey(db, key)) return; // another process counted it first
    db.prepare(
      `INSERT INTO gap_keys (id, from_at, to_at, by_at, statuses) VALUES (@key, @from, @to, @by, @statuses)`,
    ).run({ key, from: q.from, to: q.to, by: q.by, statuses: JSON.stringify([...q.statuses]) });
    const task = db.prepare(`INSERT OR IGNORE INTO gap_key_tasks (task_id, key_id) VALUES (?, ?)`);
    for (const t of new Set(q.taskIds)) task.run(t, key);
    count(db, key, q);
    dropKeys(db, `seq <= (SELECT MAX(seq) FROM gap_keys) - ?`, KEPT_KEYS);
  }).immediate();
  return readKept(db, key);
}

/** Recounts every kept key from the assignments (`duban rebuild-counts`); returns how many keys. */
export function rebuildGapCounts(db: Db): number {
  return db
    .transaction(() => {
      const keys = db.prepare(`SELECT id, from_at, to_at, by_at, statuses FROM gap_keys`).all() as {
        id: string;
        from_at: string;
        to_at: string;
        by_at: string;
        statuses: string;
      }[];
      for (const k of keys) {
        const taskIds = db.prepare(`SELECT task_id FROM gap_key_tasks WHERE key_id = ?`).pluck().all(k.id) as string[];
        const statuses = JSON.parse(k.statuses) as ReportGapQuery['statuses'];
        count(db, k.id, { taskIds, statuses, from: k.from_at, to: k.to_at, by: k.by_at });
      }
      return keys.length;
    })
    .immediate();
}
