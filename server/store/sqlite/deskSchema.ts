/** The supervisor's desk's schema (server/store/sqlite/desk.ts): migration versions 20–29 are this feature's. */
import type { Migration } from './migrations';

export const DESK_MIGRATIONS: Migration[] = [
  {
    version: 20,
    name: 'desk: urge read receipts and unread urges',
    up: `
      ALTER TABLE urges ADD COLUMN read_at TEXT;
      CREATE INDEX urges_unread ON urges (assignment_id) WHERE read_at IS NULL;
    `,
  },
  {
    version: 21,
    name: 'desk: reviewer notifications (claimReview, extensionReview) in the reminder event queue',
    // SQLite cannot change a CHECK: the event table is rebuilt with the longer list of kinds
    up: `
      CREATE TABLE reminder_events_new (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('returned', 'accepted', 'extension', 'urge', 'claimReview', 'extensionReview')),
        assignment_id TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        note TEXT,
        from_name TEXT,
        approved INTEGER,
        new_due TEXT,
        done_at TEXT
      );
      INSERT INTO reminder_events_new (id, kind, assignment_id, ref_id, created_at, note, from_name, approved, new_due, done_at)
        SELECT id, kind, assignment_id, ref_id, created_at, note, from_name, approved, new_due, done_at FROM reminder_events;
      DROP TABLE reminder_events;
      ALTER TABLE reminder_events_new RENAME TO reminder_events;
      CREATE INDEX reminder_events_pending ON reminder_events (created_at) WHERE done_at IS NULL;
    `,
  },
];
