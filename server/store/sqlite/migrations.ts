/**
 * The SQLite schema as an ordered list of migrations. `openSqliteStore` applies, in one transaction each, every
 * migration whose version is above the highest one recorded in `schema_migrations`.
 *
 * To change the schema, APPEND an entry with the next version number (never edit an applied one: databases in
 * the field have run it). The reminder engine's tables (messages, credits…) come as their own entries, e.g.
 *   { version: 2, name: 'reminders', up: `CREATE TABLE reminder_messages (…); CREATE INDEX …;` }
 * Versions must be unique and increasing: `migrate` (index.ts) refuses a list out of order; store.test.ts checks
 * that, and that an appended migration applies to an existing database.
 */
import { EVIDENCE_MIGRATIONS } from './evidence';
import { CYCLE_MIGRATIONS } from './cycle';
import { LIGHT_COUNT_MIGRATIONS } from './lightCountsSchema';
import { PLAN_REVISION_MIGRATIONS } from './planRevisionSchema';
import { REMINDER_MIGRATIONS } from './remindersSchema';
import { DESK_MIGRATIONS } from './deskSchema';
import { GAP_COUNT_MIGRATIONS } from './gapCountsSchema';
import { TASK_COUNT_MIGRATIONS } from './taskCountsSchema';

export interface Migration {
  version: number;
  name: string;
  /** SQL statements, run with `db.exec` inside a transaction. */
  up: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core: directory, plans, tasks, assignments, reports, extensions, urges, people, settings, audit',
    up: `
      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TABLE unit_groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        aliases TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES unit_groups(id) ON DELETE CASCADE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (group_id, unit_id)
      );

      CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
      );
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id),
        seq INTEGER NOT NULL,
        stage TEXT,
        content TEXT NOT NULL,
        deadline TEXT NOT NULL,
        lead_names TEXT NOT NULL,
        responsible_names TEXT NOT NULL,
        relevant_group_ids TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX tasks_by_plan ON tasks (plan_id, seq);

      CREATE TABLE assignments (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL REFERENCES tasks(id),
        unit_id TEXT NOT NULL REFERENCES units(id),
        role TEXT NOT NULL CHECK (role IN ('lead', 'responsible')),
        status TEXT NOT NULL CHECK (status IN ('assigned', 'acknowledged', 'in_progress', 'claimed', 'closed')),
        due_date TEXT,
        original_due_date TEXT,
        acknowledged_at TEXT,
        closed_at TEXT,
        last_report_at TEXT,
        percent INTEGER,
        UNIQUE (task_id, unit_id)
      );
      -- a unit's list (listMyTasks), the dashboard's due-date bands, a task's assignments
      CREATE INDEX assignments_by_unit ON assignments (unit_id, due_date);
      CREATE INDEX assignments_by_due ON assignments (due_date) WHERE status <> 'closed';
      CREATE INDEX assignments_lead ON assignments (unit_id, task_id) WHERE role = 'lead';

      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        task_id TEXT NOT NULL REFERENCES tasks(id),
        request_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        text TEXT NOT NULL,
        photos TEXT NOT NULL DEFAULT '[]',
        percent INTEGER,
        claim_done INTEGER NOT NULL DEFAULT 0,
        review TEXT NOT NULL CHECK (review IN ('pending', 'accepted', 'returned', 'none')),
        reviewer_id TEXT,
        review_reason TEXT,
        reviewed_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (assignment_id, request_id)
      );
      CREATE INDEX reports_by_task ON reports (task_id, created_at);
      CREATE INDEX reports_pending ON reports (created_at) WHERE review = 'pending';

      CREATE TABLE extensions (
        id TEXT PRIMARY KEY,
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        task_id TEXT NOT NULL REFERENCES tasks(id),
        requester_id TEXT NOT NULL,
        old_due TEXT,
        new_due TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        decider_id TEXT,
        decision_note TEXT,
        created_at TEXT NOT NULL,
        decided_at TEXT
      );
      CREATE INDEX extensions_by_task ON extensions (task_id, created_at);
      CREATE INDEX extensions_by_assignment ON extensions (assignment_id);
      CREATE INDEX extensions_pending ON extensions (created_at) WHERE status = 'pending';

      CREATE TABLE urges (
        id TEXT PRIMARY KEY,
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        task_id TEXT NOT NULL REFERENCES tasks(id),
        urger_id TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX urges_by_task ON urges (task_id, created_at);
      CREATE INDEX urges_by_assignment ON urges (assignment_id);

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        principal TEXT NOT NULL UNIQUE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        role TEXT NOT NULL CHECK (role IN ('contact', 'supervisor', 'admin', 'viewer')),
        name TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX users_by_unit ON users (unit_id);

      CREATE TABLE invites (
        code TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL REFERENCES units(id),
        role TEXT NOT NULL CHECK (role IN ('contact', 'supervisor', 'admin', 'viewer')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_by TEXT,
        used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX invites_by_unit ON invites (unit_id, created_at);
      CREATE INDEX invites_by_time ON invites (created_at);

      CREATE TABLE failed_attempts (
        key TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX failed_attempts_by_key ON failed_attempts (key, at);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE audit (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_by_time ON audit (at, id);

      CREATE TABLE import_previews (
        id TEXT PRIMARY KEY,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        parsed TEXT NOT NULL,
        preview TEXT NOT NULL
      );
    `,
  },
  // version 2: the reminder engine's tables (server/store/sqlite/remindersSchema.ts)
  ...REMINDER_MIGRATIONS,
  // version 5: the dashboard's kept light counts (server/store/sqlite/lightCountsSchema.ts)
  ...LIGHT_COUNT_MIGRATIONS,
  // version 10: archived plans, withdrawn assignments (server/store/sqlite/planRevisionSchema.ts)
  ...PLAN_REVISION_MIGRATIONS,
  // versions 20-21: the supervisor's desk, urge read receipts (server/store/sqlite/deskSchema.ts)
  ...DESK_MIGRATIONS,
  // versions 30–32: report kinds, leaders' instructions and their reminder events (server/store/sqlite/cycle.ts)
  ...CYCLE_MIGRATIONS,
  // version 40: circular issue numbers, photo evidence (server/store/sqlite/evidence.ts)
  ...EVIDENCE_MIGRATIONS,
  {
    version: 50,
    name: 'levels: a unit under another (parent_id); parts split from an assignment (分解下达)',
    up: `
      ALTER TABLE units ADD COLUMN parent_id TEXT REFERENCES units(id);
      CREATE INDEX units_by_parent ON units (parent_id);
      ALTER TABLE assignments ADD COLUMN parent_id TEXT REFERENCES assignments(id);
      ALTER TABLE assignments ADD COLUMN note TEXT;
      CREATE INDEX assignments_by_parent ON assignments (parent_id);
    `,
  },
  {
    version: 60,
    name: 'failed attempts purged by age across keys',
    up: `CREATE INDEX IF NOT EXISTS failed_attempts_by_time ON failed_attempts (at);`,
  },
  {
    version: 61,
    name: 'users removed by an admin (offboarding: server/store/sqlite/offboarding.ts)',
    up: `ALTER TABLE users ADD COLUMN removed_at TEXT;`,
  },
  {
    version: 80,
    name: 'the principal a removed user had, to say why their session ended (server/store/sqlite/offboarding.ts)',
    up: `
      ALTER TABLE users ADD COLUMN former_principal TEXT;
      CREATE INDEX users_by_former_principal ON users (former_principal) WHERE former_principal IS NOT NULL;
    `,
  },
  {
    version: 100,
    name: "a unit's live assignments by due date (listMyTasks' count and first page read the index alone)",
    up: `CREATE INDEX assignments_live_by_unit ON assignments (unit_id, due_date) WHERE withdrawn_at IS NULL;`,
  },
  // version 110: kept report-gap counts per (period key, unit) for the dashboard (server/store/sqlite/gapCountsSchema.ts)
  ...GAP_COUNT_MIGRATIONS,
  // version 120: a task's table counted by due date, for getTask's other units (server/store/sqlite/taskCountsSchema.ts)
  ...TASK_COUNT_MIGRATIONS,
];
