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
];
