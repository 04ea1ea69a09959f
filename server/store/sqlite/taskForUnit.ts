/**
 * `Store.assignmentsOfTaskFor` on SQLite (getTask's summary for a contact outside the lead unit, issue 14): the
 * assignments it gets in full found through the indexes (its own by (task, unit), up the parents by id, down the
 * parts by parent, the lead units' by task), with their parts, and the rest of the table's assignments counted in
 * one aggregate: the task's other ~100 rows are never read into JS. The rule is core's (`taskForUnitOf`); the store
 * contract checks this against it.
 */
import type Database from 'better-sqlite3';
import type { Light } from '../../../core/model';
import type { LightBands, TaskForUnit } from '../../../core/ports/store';
import { dueBandSql, toAssignment } from './index';

type Row = Record<string, unknown>;

// assignments_by_parent is forced: with most parent_id NULL, ANALYZE's statistics make the planner scan instead
const FULL_ROWS = `
  WITH RECURSIVE
    own(id, parent_id) AS (
      SELECT id, parent_id FROM assignments WHERE task_id = @task AND unit_id = @unit AND withdrawn_at IS NULL),
    up(id, parent_id) AS (
      SELECT id, parent_id FROM own
      UNION SELECT a.id, a.parent_id FROM up CROSS JOIN assignments a ON a.id = up.parent_id WHERE a.withdrawn_at IS NULL),
    down(id) AS (
      SELECT id FROM own
      UNION SELECT a.id FROM down CROSS JOIN assignments a INDEXED BY assignments_by_parent
        ON a.parent_id = down.id WHERE a.withdrawn_at IS NULL),
    whole(id) AS (
      SELECT id FROM up UNION SELECT id FROM down
      UNION SELECT id FROM assignments
        WHERE task_id = @task AND role = 'lead' AND parent_id IS NULL AND withdrawn_at IS NULL)
  SELECT * FROM (
    SELECT a.* FROM whole CROSS JOIN assignments a ON a.id = whole.id
    UNION
    SELECT a.* FROM whole CROSS JOIN assignments a INDEXED BY assignments_by_parent
      ON a.parent_id = whole.id WHERE a.withdrawn_at IS NULL)
  ORDER BY (role <> 'lead'), unit_id`;

/** The rest of the table's assignments: not a part, not the lead units', not among the ids given (a JSON array). */
const REST = `FROM assignments a WHERE a.task_id = ? AND a.parent_id IS NULL AND a.withdrawn_at IS NULL
  AND a.role <> 'lead' AND a.id NOT IN (SELECT value FROM json_each(?))`;

export function assignmentsOfTaskFor(
  db: Database.Database,
  taskId: string,
  unitId: string,
  bands: LightBands,
  names: number,
): TaskForUnit {
  const assignments = (db.prepare(FULL_ROWS).all({ task: taskId, unit: unitId }) as Row[]).map(toAssignment);
  const shown = JSON.stringify(assignments.filter((a) => !a.parentId).map((a) => a.id));
  const params: unknown[] = [];
  const lit = (['red', 'yellow', 'green'] as const).map(
    (l) => `SUM(a.status <> 'closed' AND ${dueBandSql(bands[l], params)})`,
  );
  const counts = db
    .prepare(`SELECT COUNT(*) AS n, SUM(a.status = 'closed') AS done, ${lit.join(', ')} ${REST}`)
    .raw()
    .get(...params, taskId, shown) as (number | null)[];
  const [count, done, red, yellow, green] = counts.map((n) => Number(n ?? 0));
  const lights: Record<Light, number> = { red, yellow, green, done };
  const unitIds = db
    .prepare(`SELECT a.unit_id ${REST} ORDER BY a.unit_id LIMIT ?`)
    .pluck()
    .all(taskId, shown, Math.max(0, names)) as string[];
  return { assignments, others: { count, lights, unitIds } };
}
