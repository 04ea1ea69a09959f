/**
 * `Store.assignmentsOfTaskFor` on SQLite (getTask's summary for a contact outside the lead unit, issue 14): the
 * assignments it gets in full found through the indexes (its own by (task, unit), up the parents by id, down the
 * parts by parent, the lead units' by task), with their parts, and the rest of the table's assignments counted by
 * light from the task's counts by due date, kept by triggers (taskCountsSchema.ts): the task's other ~100 rows are
 * never read. The rule is core's (`taskForUnitOf`); the store contract checks this against it.
 */
import type Database from 'better-sqlite3';
import type { Assignment, Light } from '../../../core/model';
import type { LightBands, TaskForUnit } from '../../../core/ports/store';
import { dueBandSql, toAssignment } from './index';

type Row = Record<string, unknown>;

const LIVE = `withdrawn_at IS NULL`;
const OWN = `SELECT * FROM assignments WHERE task_id = ? AND unit_id = ? AND ${LIVE}`;
const BY_ID = `SELECT * FROM assignments WHERE id = ? AND ${LIVE}`;
// assignments_by_parent is forced: with most parent_id NULL, ANALYZE's statistics make the planner scan instead
const CHILDREN = `SELECT * FROM assignments INDEXED BY assignments_by_parent
  WHERE parent_id IN (SELECT value FROM json_each(?)) AND ${LIVE}`;

/**
 * The table's own assignments of the task but the one given (the root of the unit's own chain, or ''); with REST, not
 * the lead units': the first names are read from them in unit order (a comparison with one id costs a third of `NOT IN (json_each(…))`).
 */
const TABLE_ROWS = `FROM assignments a WHERE a.task_id = ? AND a.parent_id IS NULL AND a.withdrawn_at IS NULL AND a.id <> ?`;
const REST = `a.role <> 'lead'`;
/** The lead units' assignments of the task, through their partial index (assignments_lead_by_task). */
const LEADS = `SELECT * FROM assignments INDEXED BY assignments_lead_by_task WHERE task_id = ? AND role = 'lead' AND parent_id IS NULL AND withdrawn_at IS NULL`;

export function assignmentsOfTaskFor(
  db: Database.Database,
  taskId: string,
  unitId: string,
  bands: LightBands,
  names: number,
): TaskForUnit {
  // a few look-ups by key, each through an index, and the task's kept counts: SQLite's recursive CTEs and UNIONs of
  // whole rows cost more here (0.45 ms) than reading every row of the task
  const byId = new Map<string, Assignment>();
  const take = (rows: Row[]) => rows.map(toAssignment).filter((a) => !byId.has(a.id) && byId.set(a.id, a));
  const own = take(db.prepare(OWN).all(taskId, unitId) as Row[]);
  // up: what its own came down through
  for (let p = own[0]?.parentId; p && !byId.has(p);) {
    const row = db.prepare(BY_ID).get(p) as Row | undefined;
    if (!row) break;
    p = take([row])[0]?.parentId ?? null;
  }
  // the table's assignment its own chain starts from (at most one: a unit has one assignment of a task)
  const root = [...byId.values()].find((a) => !a.parentId)?.id ?? '';
  // the rest of the table counted by light from the task's kept counts by due date (taskCountsSchema.ts: one or two
  // rows, not the task's ~100 assignments), less the root when it is among them (a row of -1)
  const rootRow = root ? byId.get(root) : undefined;
  const less = rootRow && rootRow.role !== 'lead';
  const params: unknown[] = [];
  const lit = (['red', 'yellow', 'green'] as const).map(
    (l) => `SUM(a.n * (a.closed = 0 AND ${dueBandSql(bands[l], params)}))`,
  );
  const counts = db
    .prepare(
      `WITH a (due_date, closed, n) AS (
         SELECT CASE WHEN due_null THEN NULL ELSE due_date END, closed, n FROM task_due_counts WHERE task_id = ?
         ${less ? 'UNION ALL SELECT ?, ?, -1' : ''})
       SELECT SUM(a.n), SUM(a.n * a.closed), ${lit.join(', ')} FROM a`,
    )
    .raw()
    // placeholders in the text's order: the task and the root's row (the CTE), then the bands (the sums)
    .get(taskId, ...(less ? [rootRow.dueDate, rootRow.status === 'closed' ? 1 : 0] : []), ...params) as (
    number | null
  )[];
  const [count, done, red, yellow, green] = counts.map((n) => Number(n ?? 0));
  take(db.prepare(LEADS).all(taskId) as Row[]);
  // the parts of all of these (their rollups), and below its own at any depth
  const below = new Set(own.map((a) => a.id));
  for (let from = [...byId.keys()]; from.length;) {
    const parts = take(db.prepare(CHILDREN).all(JSON.stringify(from)) as Row[]);
    from = parts.filter((a) => a.parentId && below.has(a.parentId)).map((a) => a.id);
    for (const id of from) below.add(id);
  }
  // in listAssignmentsOfTask's order
  const assignments = [...byId.values()].sort(
    (x, y) =>
      Number(x.role !== 'lead') - Number(y.role !== 'lead') || (x.unitId < y.unitId ? -1 : x.unitId > y.unitId ? 1 : 0),
  );
  const lights: Record<Light, number> = { red, yellow, green, done };
  const unitIds =
    count === 0 || names <= 0
      ? []
      : (db
          .prepare(`SELECT a.unit_id ${TABLE_ROWS} AND ${REST} ORDER BY a.unit_id LIMIT ?`)
          .pluck()
          .all(taskId, root, names) as string[]);
  return { assignments, others: { count, lights, unitIds } };
}
