/**
 * The dashboard's kept counts (migration 5): assignments per (stage, unit) and light, kept up to date by triggers in
 * the very statement (so the very transaction) that changes an assignment, so the dashboard reads ~one row per
 * (stage, unit) instead of aggregating every assignment.
 *
 * Lights move with the calendar day, so the counts are kept against the band boundaries they were last rolled to
 * (`light_counts_state`: `red_to`, the last due date counted red, and `yellow_to`, the last counted yellow; both
 * come from core's lightBands, the store keeps no rule of its own). A read with other boundaries (the next day, or
 * another yellowDays) first re-classifies only the open assignments whose due date lies between the old and the
 * new boundaries, through the due-date index (lightCounts.ts). With no state row the counts are not kept (triggers
 * stand still) and the next read rebuilds them from the assignments; `npx duban rebuild-counts` does the same.
 *
 * Stage is kept as (stage_null, stage) so that a task without a stage has a key that `ON CONFLICT` can match.
 */
import type { Migration } from './migrations';

/** Adds (sign 1) or removes (sign -1) one assignment row `r` (NEW or OLD) from its (stage, unit) counters. */
export function touch(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  const light = (cond: string) => `${sign} * (${cond})`;
  return `
    INSERT INTO light_counts (stage_null, stage, unit_id, done, red, yellow, green)
    SELECT t.stage IS NULL, IFNULL(t.stage, ''), ${r}.unit_id,
      ${light(`${r}.status = 'closed'`)},
      ${light(`${r}.status <> 'closed' AND ${r}.due_date IS NOT NULL AND ${r}.due_date <= s.red_to`)},
      ${light(`${r}.status <> 'closed' AND ${r}.due_date IS NOT NULL AND ${r}.due_date > s.red_to AND ${r}.due_date <= s.yellow_to`)},
      ${light(`${r}.status <> 'closed' AND (${r}.due_date IS NULL OR ${r}.due_date > s.yellow_to)`)}
    FROM tasks t, light_counts_state s WHERE t.id = ${r}.task_id AND s.id = 1
    ON CONFLICT (stage_null, stage, unit_id) DO UPDATE SET
      done = done + excluded.done, red = red + excluded.red, yellow = yellow + excluded.yellow,
      green = green + excluded.green;`;
}

export const LIGHT_COUNT_MIGRATIONS: Migration[] = [
  {
    version: 5,
    name: 'kept light counts per (stage, unit) for the dashboard',
    up: `
      CREATE TABLE light_counts (
        stage_null INTEGER NOT NULL,
        stage TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        red INTEGER NOT NULL DEFAULT 0,
        yellow INTEGER NOT NULL DEFAULT 0,
        green INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (stage_null, stage, unit_id)
      ) WITHOUT ROWID;
      CREATE TABLE light_counts_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        red_to TEXT NOT NULL,
        yellow_to TEXT NOT NULL
      );
      CREATE TRIGGER light_counts_insert AFTER INSERT ON assignments BEGIN ${touch('NEW', 1)} END;
      CREATE TRIGGER light_counts_delete AFTER DELETE ON assignments BEGIN ${touch('OLD', -1)} END;
      CREATE TRIGGER light_counts_update AFTER UPDATE OF status, due_date, unit_id, task_id ON assignments
      BEGIN ${touch('OLD', -1)} ${touch('NEW', 1)} END;
      -- a task that changes stage (or moves) moves its counts: simplest kept right by a rebuild on the next read
      CREATE TRIGGER light_counts_task AFTER UPDATE OF stage ON tasks BEGIN DELETE FROM light_counts_state; END;

      -- a contact's view of a task reads only its own assignment's reports
      CREATE INDEX reports_by_assignment ON reports (assignment_id, created_at);
    `,
  },
];
