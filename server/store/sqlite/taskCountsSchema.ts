/**
 * A task's table counted by due date (issue 14; migration 120): for each task, how many of its table's own
 * assignments that are not the lead units' (`parent_id IS NULL`, live, `role <> 'lead'`) fall due on each date, open
 * or closed. getTask's answer to a contact outside the lead unit counts the task's other units by light
 * (`assignmentsOfTaskFor`, taskForUnit.ts); with these rows it sums the task's one or two due dates instead of
 * reading its ~100 assignments. A light is a due date's band on the day asked (core's lightBands), so the rows keep
 * dates, not lights, and never need rolling.
 *
 * Kept by triggers in the very statement that changes an assignment (added, removed, and a change of its task, role,
 * parent, withdrawal, due date, or of closed / not closed); a change that moves none of these (a report moving
 * 已签收 to 推进中) writes nothing here. The lead units' assignments of a task are found through their own partial
 * index. `npx duban rebuild-counts` recounts the rows from the assignments (`rebuildTaskCounts`).
 *
 * A due date is kept as (due_null, due_date) so that an assignment without one has a key `ON CONFLICT` can match.
 */
import type Database from 'better-sqlite3';
import type { Migration } from './migrations';

/**
 * Whether assignment row `r` (NEW or OLD in a trigger, `a` in the recount) is counted: its task's table, live, not a
 * lead unit's.
 */
const counted = (r: 'NEW' | 'OLD' | 'a') =>
  `${r}.parent_id IS NULL AND ${r}.withdrawn_at IS NULL AND ${r}.role <> 'lead'`;

/** Adds (sign 1) or removes (sign -1) assignment row `r` from its task's count of its due date. */
function touch(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  return `
    INSERT INTO task_due_counts (task_id, due_null, due_date, closed, n)
    VALUES (${r}.task_id, ${r}.due_date IS NULL, IFNULL(${r}.due_date, ''), ${r}.status = 'closed', ${sign})
    ON CONFLICT (task_id, due_null, due_date, closed) DO UPDATE SET n = n + excluded.n;`;
}

/** An update that leaves the row counted under the same key: nothing to move. */
const SAME_KEY = `${counted('OLD')} AND ${counted('NEW')} AND OLD.task_id = NEW.task_id
  AND OLD.due_date IS NEW.due_date AND (OLD.status = 'closed') = (NEW.status = 'closed')`;

const RECOUNT = `
  INSERT INTO task_due_counts (task_id, due_null, due_date, closed, n)
  SELECT a.task_id, a.due_date IS NULL, IFNULL(a.due_date, ''), a.status = 'closed', COUNT(*)
  FROM assignments a WHERE ${counted('a')}
  GROUP BY 1, 2, 3, 4`;

/** Recounts every task's rows from the assignments, in one transaction (`duban rebuild-counts`); returns how many. */
export function rebuildTaskCounts(db: Database.Database): number {
  return db.transaction(() => {
    db.prepare(`DELETE FROM task_due_counts`).run();
    return db.prepare(RECOUNT).run().changes;
  })();
}

export const TASK_COUNT_MIGRATIONS: Migration[] = [
  {
    version: 120,
    name: "a task's table counted by due date (getTask's other units by light), the lead units' by task",
    up: `
      CREATE TABLE task_due_counts (
        task_id TEXT NOT NULL,
        due_null INTEGER NOT NULL,
        due_date TEXT NOT NULL,
        closed INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (task_id, due_null, due_date, closed)
      ) WITHOUT ROWID;
      CREATE TRIGGER task_due_counts_insert AFTER INSERT ON assignments WHEN ${counted('NEW')}
      BEGIN ${touch('NEW', 1)} END;
      CREATE TRIGGER task_due_counts_delete AFTER DELETE ON assignments WHEN ${counted('OLD')}
      BEGIN ${touch('OLD', -1)} END;
      CREATE TRIGGER task_due_counts_update_old
        AFTER UPDATE OF task_id, role, parent_id, withdrawn_at, due_date, status ON assignments
        WHEN ${counted('OLD')} AND NOT (${SAME_KEY})
      BEGIN ${touch('OLD', -1)} END;
      CREATE TRIGGER task_due_counts_update_new
        AFTER UPDATE OF task_id, role, parent_id, withdrawn_at, due_date, status ON assignments
        WHEN ${counted('NEW')} AND NOT (${SAME_KEY})
      BEGIN ${touch('NEW', 1)} END;
      ${RECOUNT};
      CREATE INDEX assignments_lead_by_task ON assignments (task_id)
        WHERE role = 'lead' AND parent_id IS NULL AND withdrawn_at IS NULL;
    `,
  },
];
