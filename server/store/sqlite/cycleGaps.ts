/**
 * The SQLite side of the missed-report scan (定期报送, issue 11): one reporting period's gaps, counted per unit and
 * listed by id, in SQL. Core (core/usecases/cycles.ts) decides which tasks a period judges and the instants; this
 * file only filters and counts what it is told. The tasks and statuses come as JSON arrays (one statement for any
 * number of them); a task's assignments are counted through the (task_id, unit_id) key and listed in primary-key
 * order; a report is looked up through reports_by_assignment (assignment_id, created_at) only for an assignment
 * whose latest report came at or after `by`. The counts here are the first count of a period asked (and its
 * rebuild): from then on reportGapCounts answers from the kept counts (gapCounts.ts).
 */
import type Database from 'better-sqlite3';
import type { ReportGapCount, ReportGapQuery, ReportGapRow, TaskHead } from '../../../core/ports/store';

type Row = Record<string, unknown>;

/**
 * The judged assignments with their first report in the window (null: none), as a CTE. An assignment whose latest
 * report is in the window before `by` reported in time: its first_at stands in as that report (no lookup), since
 * only the gaps (none, or a first report at or after `by`) are counted apart or listed.
 */
const JUDGED = `
  WITH judged AS (
    SELECT a.id, a.task_id, a.unit_id,
      CASE WHEN a.last_report_at IS NULL OR a.last_report_at < @from THEN NULL
        WHEN a.last_report_at < @by THEN a.last_report_at
        ELSE (SELECT MIN(r.created_at) FROM reports r
              WHERE r.assignment_id = a.id AND r.created_at >= @from AND r.created_at < @to) END AS first_at
    FROM assignments a
    WHERE TASKS AND a.status IN (SELECT value FROM json_each(@statuses))
      AND a.withdrawn_at IS NULL AND a.id > @after
  )`;
/** Counting: the tasks' assignments through the (task_id, unit_id) key. */
const BY_TASK = JUDGED.replace('TASKS', 'a.task_id IN (SELECT value FROM json_each(@tasks))');
/**
 * Listing by id: walking the primary key in order (`+` keeps the planner off the task key), so a page stops at
 * its last row instead of judging every assignment and sorting.
 */
const BY_ID = JUDGED.replace('TASKS', '+a.task_id IN (SELECT value FROM json_each(@tasks))');

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
      `${BY_TASK}
       SELECT unit_id, CASE WHEN first_at IS NULL THEN 0 WHEN first_at >= @by THEN 1 ELSE 2 END AS k, COUNT(*) AS n
       FROM judged GROUP BY unit_id, k ORDER BY unit_id`,
    )
    .all(params(q, null)) as Row[];
  const byUnit = new Map<string, ReportGapCount>();
  for (const r of rows) {
    const unitId = String(r.unit_id);
    const c = byUnit.get(unitId) ?? { unitId, open: 0, none: 0, after: 0 };
    const n = Number(r.n);
    c.open += n;
    if (Number(r.k) === 0) c.none += n;
    else if (Number(r.k) === 1) c.after += n;
    byUnit.set(unitId, c);
  }
  return [...byUnit.values()];
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
      `${BY_ID}
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

/** A plan's tasks, light (listTaskHeadsOfPlan): five columns as raw rows through the tasks_heads index (111). */
export function taskHeadsOfPlan(db: Database.Database, planId: string): TaskHead[] {
  const rows = db
    .prepare(
      `SELECT id, plan_id, seq, stage, content FROM tasks WHERE plan_id = ? AND removed_at IS NULL ORDER BY seq, id`,
    )
    .raw()
    .all(planId) as [string, string, number, string | null, string][];
  return rows.map(([id, plan, seq, stage, content]) => ({ id, planId: plan, seq, stage, content }));
}
