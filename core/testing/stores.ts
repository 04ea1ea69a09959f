/**
 * What a store adapter hands the test world (core/testing/world.ts), and where a jest setup file registers it.
 * Free of imports, so a setup file loads nothing else for test files that make no world.
 */
import type { Assignment } from '../model';
import type { PhotoProcessor } from '../ports/photos';
import type { ReminderStore } from '../ports/reminders';
import type { Store } from '../ports/store';

/** What a store adapter gives the test world: the two store ports on one database, and a few raw reads and writes. */
export interface WorldStores<S extends Store = Store> {
  store: S;
  reminders: ReminderStore;
  /** Rows (documents) in a table, to check that nothing was written. */
  rows(table: 'plans' | 'tasks' | 'assignments'): number;
  /** Writes an assignment as given, past the use cases (e.g. a second lead unit, which no import makes). */
  insertAssignment(assignment: Assignment): Promise<void>;
  close(): void;
}

/** Hooks a store offers tests. */
export interface StoreFactoryOptions {
  /** Called for each task and assignment row an import writes (throw to simulate a crash in the middle). */
  onImportRow?: (kind: 'task' | 'assignment', index: number) => void;
}

export type StoreFactory<S extends Store = Store> = (options: StoreFactoryOptions) => WorldStores<S>;

const FACTORY_KEY = Symbol.for('duban.testWorld.storeFactory');
const PHOTOS_KEY = Symbol.for('duban.testWorld.photos');

/** Sets the image library of the test worlds (the server's sharp adapter; a jest setup file calls it). */
export function registerPhotoProcessor(make: () => PhotoProcessor): void {
  (globalThis as Record<symbol, unknown>)[PHOTOS_KEY] = make;
}

export function registeredPhotoProcessor(): PhotoProcessor | null {
  const make = (globalThis as Record<symbol, unknown>)[PHOTOS_KEY] as (() => PhotoProcessor) | undefined;
  return make ? make() : null;
}

/** Sets the store every `makeTestRuntime` / `useWorld` of this test file runs on (a jest setup file calls it). */
export function registerStoreFactory(factory: StoreFactory): void {
  (globalThis as Record<symbol, unknown>)[FACTORY_KEY] = factory;
}

export function registeredFactory(): StoreFactory {
  const factory = (globalThis as Record<symbol, unknown>)[FACTORY_KEY] as StoreFactory | undefined;
  if (!factory) {
    throw new Error('no store factory registered for the test world: see setupFilesAfterEnv in jest.config.js');
  }
  return factory;
}
