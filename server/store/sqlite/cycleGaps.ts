/**
 * The SQLite side of the missed-report scan (定期报送, issue 11): one reporting period's gaps, counted per unit and
 * listed by id, in SQL. Core (core/usecases/cycles.ts) decides which tasks a period judges and the instants; this
 * file only filters and counts what it is told. The tasks and statuses come as JSON arrays (one statement for any
 * number of them); a task's assignments are read through the (task_id, unit_id) key, a report through
 * reports_by_assignment (assignment_id, created_at), and only for assignments whose last report is in the window.
 */
import type Database from 'better-sqlite3';
import type { ReportGapCount, ReportGapQuery, ReportGapRow } from '../../../core/ports/store';

type Row = Record<string, unknown>;

/** The judged assignments with their first report in the window (null: none), as a CTE. */
const JUDGED = `
  WITH judged AS (
    SELECT a.id, a.task_id, a.unit_id,
      CASE WHEN a.last_report_at IS NULL OR a.last_report_at < @from THEN NULL
        ELSE (SELECT MIN(r.created_at) FROM reports r
              WHERE r.assignment_id = a.id AND r.created_at >= @from AND r.created_at < @to) END AS first_at
    FROM assignments a
    WHERE a.task_id IN (SELECT value FROM json_each(@tasks))
      AND a.status IN (SELECT value FROM json_each(@statuses))
      AND a.withdrawn_at IS NULL AND a.id > @after
  )`;

function params(q: ReportGapQuery, after: string | null) {
  return {
    tasks: JSON.stringify([...new Set(q.taskIds)]),
    statuses: JSON.stringify([...q.statuses]),
    from: q.from,
    to: q.to,
    by: q.by,
    after: after ?? '',
  };
}

export function reportGapCounts(db: Database.Database, q: ReportGapQuery): ReportGapCount[] {
  if (q.taskIds.length === 0 || q.statuses.length === 0) return [];
  const rows = db
    .prepare(
      `${JUDGED}
       SELECT unit_id, COUNT(*) AS open, SUM(first_at IS NULL) AS none, SUM(first_at >= @by) AS late
       FROM judged GROUP BY unit_id ORDER BY unit_id`,
    )
    .all(params(q, null)) as Row[];
  return rows.map((r) => ({
    unitId: String(r.unit_id),
    open: Number(r.open),
    none: Number(r.none),
    after: Number(r.late),
  }));
}

export function reportGapRows(
  db: Database.Database,
  q: ReportGapQuery,
  after: string | null,
  limit: number,
): ReportGapRow[] {
  if (q.taskIds.length === 0 || q.statuses.length === 0 || limit <= 0) return [];
  const rows = db
    .prepare(
      `${JUDGED}
       SELECT id, task_id, unit_id, first_at FROM judged
       WHERE first_at IS NULL OR first_at >= @by ORDER BY id LIMIT @limit`,
    )
    .all({ ...params(q, after), limit }) as Row[];
  return rows.map((r) => ({
    assignmentId: String(r.id),
    taskId: String(r.task_id),
    unitId: String(r.unit_id),
    firstAt: r.first_at === null || r.first_at === undefined ? null : String(r.first_at),
  }));
}
