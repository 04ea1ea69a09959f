/**
 * What the database commands of `npx duban` share: the `--db` option, the default database
 * (DUBAN_DB or data/duban.db in the project), opening the local runtime with the directory seeded, and acting as
 * the system administrator.
 */
import { resolve } from 'node:path';
import type { Caller } from '../../core/usecases';
import { seedDirectory } from '../../core/usecases/seedDirectory';
import { demoDirectory } from '../../data';
import { systemCaller } from '../auth/system';
import { createRuntime, type RuntimeOptions, type ServerRuntime } from '../runtime';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

export function defaultDbPath(): string {
  return resolve(process.env.DUBAN_DB || resolve(PROJECT_ROOT, 'data', 'duban.db'));
}

export const H5_DIR = resolve(PROJECT_ROOT, 'dist-h5');

/** The `--db` option every database command takes. */
export const DB_OPTION = {
  name: 'db',
  type: 'string' as const,
  valueName: '数据库文件',
  description: '数据库文件（默认 DUBAN_DB 或 data/duban.db）',
};

/** The database a command works on: `--db` (relative to `cwd`) or the default. */
export function dbPathFrom(flags: Record<string, string | boolean>, cwd: string): string {
  return typeof flags.db === 'string' ? resolve(cwd, flags.db) : defaultDbPath();
}

/**
 * The runtime on a database, with the bundled directory (data/directory.json) seeded when the database has no
 * units yet. Messages made by command-line actions go nowhere unless a Messenger is given.
 */
export async function openLocal(
  dbPath: string,
  options: Partial<Omit<RuntimeOptions, 'dbPath'>> = {},
): Promise<ServerRuntime> {
  const runtime = createRuntime({ messenger: { send: async () => undefined }, ...options, dbPath });
  try {
    await seedDirectory(runtime.store, demoDirectory());
  } catch (e) {
    runtime.close();
    throw e;
  }
  return runtime;
}

export async function asSystem(runtime: ServerRuntime): Promise<Caller> {
  return systemCaller(runtime.rt);
}
