/**
 * The server secret signs bearer tokens and file URLs. It comes from DUBAN_SECRET, or from a file generated
 * on first run next to the database, so that tokens survive a restart without any configuration.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MIN_LENGTH = 16;

/** Where the generated secret lives for a database at `dbPath`. */
export function secretPathFor(dbPath: string): string {
  return join(dirname(dbPath), 'duban.secret');
}

/** The secret for a database: DUBAN_SECRET if set, else the file beside the database (created when missing). */
export function loadSecret(dbPath: string, env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.DUBAN_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_LENGTH)
      throw new Error(`DUBAN_SECRET 太短：请设置至少 ${MIN_LENGTH} 个字符的随机字符串。`);
    return fromEnv;
  }
  const file = secretPathFor(dbPath);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= MIN_LENGTH) return stored;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
