/**
 * The dashboard's kept report-gap counts (issue 14; migration 110): for each reporting period a dashboard asked
 * about (a "gap key": the tasks it judges, the statuses a cycle asks, the window [from, to) and the due day's end
 * `by`, as core/usecases/cycles.ts puts them in a ReportGapQuery), per unit how many judged assignments are open,
 * how many have no report in the window (`none`) and how many reported first after the due day (`after`). Built
 * on first demand with one scan (gapCounts.ts), then kept up to date by triggers in the very statement that
 * changes an assignment (added, removed, status, unit, task, withdrawn, its latest report), so reportGapCounts
 * reads one row per unit instead of judging every open assignment.
 *
 * A change of which tasks a period judges (a cycle set or changed, tasks imported or removed) or of the period
 * itself (time passing a due day) is a new key: the query differs, so it is counted anew; old keys are dropped
 * (gapCounts.ts keeps the newest few). An assignment's class for a key is decided as cycleGaps.ts's scan decides
 * it: latest report before `from` (or none): no report in the window; before `by`: in time; else by whether a
 * report of the window came before `by`, or only at or after it, looked up through reports_by_assignment. The
 * report is inserted before its assignment is patched (appendReport), so the lookup sees it.
 */
import type { Migration } from './migrations';

/** The class of assignment row `r` for key `k`: 0 none in the window, 1 first after the due day, 2 in time. */
function classOf(r: 'NEW' | 'OLD'): string {
  const exists = (from: string, to: string) =>
    `EXISTS (SELECT 1 FROM reports x WHERE x.assignment_id = ${r}.id AND x.created_at >= ${from} AND x.created_at < ${to})`;
  return `CASE WHEN ${r}.last_report_at IS NULL OR ${r}.last_report_at < k.from_at THEN 0
    WHEN ${r}.last_report_at < k.by_at THEN 2
    WHEN ${exists('k.from_at', 'k.by_at')} THEN 2
    WHEN ${exists('k.by_at', 'k.to_at')} THEN 1
    ELSE 0 END`;
}

/** Adds (sign 1) or removes (sign -1) assignment row `r` from the counts of every kept key judging its task. */
export function touchGaps(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  return `
    INSERT INTO gap_counts (key_id, unit_id, open, none, after)
    SELECT key_id, ${r}.unit_id, ${sign}, ${sign} * (c = 0), ${sign} * (c = 1) FROM (
      SELECT k.id AS key_id, ${classOf(r)} AS c
      FROM gap_key_tasks g JOIN gap_keys k ON k.id = g.key_id
      WHERE g.task_id = ${r}.task_id AND ${r}.withdrawn_at IS NULL
        AND ${r}.status IN (SELECT value FROM json_each(k.statuses))
    ) WHERE true
    ON CONFLICT (key_id, unit_id) DO UPDATE SET
      open = open + excluded.open, none = none + excluded.none, after = after + excluded.after;`;
}

const CHANGED = `OLD.status IS NOT NEW.status OR OLD.unit_id IS NOT NEW.unit_id OR OLD.task_id IS NOT NEW.task_id
  OR OLD.withdrawn_at IS NOT NEW.withdrawn_at OR OLD.last_report_at IS NOT NEW.last_report_at`;

export const GAP_COUNT_MIGRATIONS: Migration[] = [
  {
    version: 110,
    name: 'kept report-gap counts per (period key, unit) for the dashboard',
    up: `
      CREATE TABLE gap_keys (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        from_at TEXT NOT NULL,
        to_at TEXT NOT NULL,
        by_at TEXT NOT NULL,
        statuses TEXT NOT NULL
      );
      CREATE TABLE gap_key_tasks (
        task_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        PRIMARY KEY (task_id, key_id)
      ) WITHOUT ROWID;
      CREATE TABLE gap_counts (
        key_id TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        open INTEGER NOT NULL DEFAULT 0,
        none INTEGER NOT NULL DEFAULT 0,
        after INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (key_id, unit_id)
      ) WITHOUT ROWID;
      CREATE TRIGGER gap_counts_insert AFTER INSERT ON assignments BEGIN ${touchGaps('NEW', 1)} END;
      CREATE TRIGGER gap_counts_delete AFTER DELETE ON assignments BEGIN ${touchGaps('OLD', -1)} END;
      CREATE TRIGGER gap_counts_update
      AFTER UPDATE OF status, unit_id, task_id, withdrawn_at, last_report_at ON assignments WHEN ${CHANGED}
      BEGIN ${touchGaps('OLD', -1)} ${touchGaps('NEW', 1)} END;
    `,
  },
  {
    version: 111,
    name: "a plan's live tasks, light, by seq (listTaskHeadsOfPlan read through the index alone)",
    up: `CREATE INDEX tasks_heads ON tasks (plan_id, seq, id, stage, content) WHERE removed_at IS NULL;`,
  },
];
