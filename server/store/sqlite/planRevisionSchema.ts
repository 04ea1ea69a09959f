/**
 * Migration 10 (issue 9): plans can be archived, assignments withdrawn. A withdrawn assignment stays in its row
 * (`withdrawn_at`, `withdrawn_reason`) with its reports, extensions and urges; every list, the light counts and
 * the reminder queries read only rows with `withdrawn_at IS NULL`. The kept light counts' triggers are recreated
 * so that a withdrawn row counts nowhere: withdrawing one removes it from its counters, as a delete would.
 */
import { touch } from './lightCountsSchema';
import type { Migration } from './migrations';

export const PLAN_REVISION_MIGRATIONS: Migration[] = [
  {
    version: 10,
    name: 'plans archived, assignments withdrawn (kept in the record, counted nowhere)',
    up: `
      ALTER TABLE plans ADD COLUMN archived_at TEXT;
      ALTER TABLE assignments ADD COLUMN withdrawn_at TEXT;
      ALTER TABLE assignments ADD COLUMN withdrawn_reason TEXT;
      DROP TRIGGER light_counts_insert;
      DROP TRIGGER light_counts_delete;
      DROP TRIGGER light_counts_update;
      CREATE TRIGGER light_counts_insert AFTER INSERT ON assignments WHEN NEW.withdrawn_at IS NULL
      BEGIN ${touch('NEW', 1)} END;
      CREATE TRIGGER light_counts_delete AFTER DELETE ON assignments WHEN OLD.withdrawn_at IS NULL
      BEGIN ${touch('OLD', -1)} END;
      CREATE TRIGGER light_counts_update_old AFTER UPDATE OF status, due_date, unit_id, task_id, withdrawn_at
      ON assignments WHEN OLD.withdrawn_at IS NULL BEGIN ${touch('OLD', -1)} END;
      CREATE TRIGGER light_counts_update_new AFTER UPDATE OF status, due_date, unit_id, task_id, withdrawn_at
      ON assignments WHEN NEW.withdrawn_at IS NULL BEGIN ${touch('NEW', 1)} END;
    `,
  },
  {
    version: 11,
    name: 'tasks a revision removed (kept, no longer listed)',
    up: `ALTER TABLE tasks ADD COLUMN removed_at TEXT;`,
  },
];
