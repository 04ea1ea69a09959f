/**
 * The test world (core/testing/world.ts) on a real SQLite store: the store and its reminder tables on one
 * in-memory database (or a file). Core use-case tests get it through worldSetup.ts (jest.config.js); server tests
 * that need the database itself (`w.store.db`) make their world here:
 *
 *   const w = await makeTestRuntime();                    // 2026-03-10 10:00 Beijing time
 *   const admin = await w.addUser('city-ducha', 'admin');
 *   const plan = await w.importSmallPlan();               // three tasks: green, red, yellow
 */
import type { Assignment } from '../../../core/model';
import { makeWorld, type StoreFactory, type TestWorld, type WorldOptions } from '../../../core/testing/world';
import { assignmentParams, INSERT_ASSIGNMENT, openSqliteStore, type SqliteStore } from './index';
import { SqliteReminderStore } from './reminders';

export { TEST_NOW, type SmallPlan, type TestWorld } from '../../../core/testing/world';

/** The SQLite stores for one test world, on a fresh database at `path` (default in memory). */
export function sqliteStores(path = ':memory:'): StoreFactory<SqliteStore> {
  return (options) => {
    const store = openSqliteStore(path, { onImportRow: options.onImportRow });
    return {
      store,
      reminders: new SqliteReminderStore(store),
      rows: (table) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
      async insertAssignment(a: Assignment) {
        store.db.prepare(INSERT_ASSIGNMENT).run(...assignmentParams(a));
      },
      close: () => store.close(),
    };
  };
}

/** A test world on SQLite, its store typed as the SQLite store (for tests that read the database). */
export function makeTestRuntime(options: WorldOptions & { path?: string } = {}): Promise<TestWorld<SqliteStore>> {
  return makeWorld(sqliteStores(options.path), options);
}
