/**
 * What the database commands of `npx duban` share: their options (`--db`), the default database
 * (DUBAN_DB or data/duban.db in the project), opening the local runtime with the directory seeded, and acting as
 * the system administrator.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
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

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments; an unknown or malformed option is one Chinese sentence with the usage. */
export function parseCommand<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    const what = e instanceof Error ? (/'([^']+)'/.exec(e.message)?.[1] ?? '') : '';
    throw new Error(`参数不对${what ? `（${what}）` : ''}：用法 ${usage}`);
  }
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
