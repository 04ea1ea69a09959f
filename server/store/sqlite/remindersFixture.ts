/**
 * A SQLite database holding the 2018 Changsha table with its assignments and one contact per unit, for the reminder
 * tests and the reminder benchmark. The records are core's (core/testing/reminderSeed.ts), written through the Store.
 */
import type { Assignment, Settings, Task, User } from '../../../core/model';
import { seedReminderWorld } from '../../../core/testing/reminderSeed';
import { openSqliteStore, type SqliteStore } from './index';
import { SqliteReminderStore } from './reminders';

export { reminderTemplates, seedPlanRecords } from '../../../core/testing/reminderSeed';

export interface SeededDb {
  store: SqliteStore;
  reminders: SqliteReminderStore;
  tasks: Task[];
  assignments: Assignment[];
  /** One contact per unit that has assignments. */
  contacts: User[];
}

/** Opens a database at `path` with the demo directory, the seed table and a contact per unit. */
export async function openSeededDb(
  path: string,
  opts: { settings?: Partial<Settings>; at?: string } = {},
): Promise<SeededDb> {
  const store = openSqliteStore(path);
  const reminders = new SqliteReminderStore(store);
  const seeded = await seedReminderWorld(store, opts);
  return { store, reminders, ...seeded };
}
