/**
 * The reminder engine's tables, appended to the SQLite migrations (server/store/sqlite/migrations.ts):
 * subscription credits, the message log under unique keys, queued event messages, the sweep cursor, and the
 * outbox (messages exactly as the local runtime would have sent them).
 */
import type { Migration } from './migrations';

export const REMINDER_MIGRATIONS: Migration[] = [
  {
    version: 2,
    name: 'reminders: subscription credits, message log, event queue, sweep cursor, outbox',
    up: `
      CREATE TABLE subscription_credits (
        user_id TEXT NOT NULL,
        template_id TEXT NOT NULL,
        credits INTEGER NOT NULL DEFAULT 0 CHECK (credits >= 0),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, template_id)
      );

      -- one row per message key: the exactly-once gate (a key is inserted once, by one pass)
      CREATE TABLE reminder_messages (
        key TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        assignment_id TEXT,
        kind TEXT NOT NULL,
        touser TEXT NOT NULL,
        template_id TEXT NOT NULL,
        page TEXT NOT NULL,
        data TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'retry', 'sent', 'skipped', 'failed')),
        attempts INTEGER NOT NULL,
        credit_held INTEGER NOT NULL DEFAULT 0,
        claimed_at TEXT NOT NULL,
        finished_at TEXT,
        err_code INTEGER,
        error TEXT
      );
      CREATE INDEX reminder_messages_unfinished ON reminder_messages (claimed_at) WHERE status IN ('claimed', 'retry');
      CREATE INDEX reminder_messages_by_user ON reminder_messages (user_id, claimed_at);

      CREATE TABLE reminder_events (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('returned', 'accepted', 'extension', 'urge')),
        assignment_id TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        note TEXT,
        from_name TEXT,
        approved INTEGER,
        new_due TEXT,
        done_at TEXT
      );
      CREATE INDEX reminder_events_pending ON reminder_events (created_at) WHERE done_at IS NULL;

      CREATE TABLE reminder_state (
        name TEXT PRIMARY KEY,
        value TEXT
      );

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        touser TEXT NOT NULL,
        kind TEXT NOT NULL,
        template_id TEXT NOT NULL,
        page TEXT NOT NULL,
        data TEXT NOT NULL,
        sent_at TEXT NOT NULL
      );
      CREATE INDEX outbox_by_touser ON outbox (touser, id);
    `,
  },
  {
    version: 3,
    name: 'reminders: open assignments by (due date, id); a change counter for the sweep',
    up: `
      -- the dated sweep pages through open assignments in (due_date, id) order without sorting
      CREATE INDEX reminder_open_by_due ON assignments (due_date, id) WHERE status <> 'closed';
      -- bumped by every change that can make a reminder due (ReminderStore.changeStamp)
      INSERT INTO reminder_state (name, value) VALUES ('changes', '0');
      CREATE TRIGGER reminder_changes_assignment_added AFTER INSERT ON assignments
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_assignment_removed AFTER DELETE ON assignments
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_assignment_changed AFTER UPDATE OF status, due_date, last_report_at, unit_id ON assignments
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_user_added AFTER INSERT ON users
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_user_removed AFTER DELETE ON users
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_user_changed AFTER UPDATE OF unit_id, role, principal ON users
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_credit_added AFTER INSERT ON subscription_credits WHEN NEW.credits > 0
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_credit_raised AFTER UPDATE OF credits ON subscription_credits WHEN NEW.credits > OLD.credits
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_settings_added AFTER INSERT ON settings
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
      CREATE TRIGGER reminder_changes_settings_changed AFTER UPDATE ON settings
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
    `,
  },
  {
    version: 4,
    name: 'reminders: count only assignment changes that can make a reminder due',
    up: `
      -- a report (last_report_at) or a step forward (acknowledged, claimed, closed) never makes a reminder due:
      -- only a new or moved due date, another unit, or an assignment back in the unit's hands does
      DROP TRIGGER reminder_changes_assignment_changed;
      CREATE TRIGGER reminder_changes_assignment_changed AFTER UPDATE OF status, due_date, unit_id ON assignments
        WHEN NEW.due_date IS NOT OLD.due_date OR NEW.unit_id IS NOT OLD.unit_id
          OR (NEW.status IN ('assigned', 'acknowledged', 'in_progress')
              AND OLD.status NOT IN ('assigned', 'acknowledged', 'in_progress'))
        BEGIN UPDATE reminder_state SET value = CAST(value AS INTEGER) + 1 WHERE name = 'changes'; END;
    `,
  },
];
