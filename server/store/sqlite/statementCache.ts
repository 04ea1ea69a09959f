/**
 * Prepared statements kept per connection: the store prepares its SQL where it runs it (`db.prepare(sql).get(…)`),
 * and preparing costs more than running most of its queries (~25 µs against a few µs for a lookup by key; getTask
 * prepares eight). `keepPreparedStatements` makes the connection's `prepare` return the statement it prepared
 * before for the same text, reset to its default row shape (objects: not plucked, raw or expanded), unless that one
 * is busy (an iteration still open), in which case a fresh one is prepared. SQL built with a varying number of
 * placeholders would grow the map without end: past `limit` texts it starts again.
 */
import type Database from 'better-sqlite3';

const KEPT = Symbol('duban.keptStatements');

export function keepPreparedStatements(db: Database.Database, limit = 500): Database.Database {
  const tagged = db as Database.Database & { [KEPT]?: true };
  if (tagged[KEPT]) return db;
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    const hit = kept.get(source);
    if (hit && !hit.busy) {
      if (hit.reader) hit.pluck(false).raw(false).expand(false);
      return hit;
    }
    const statement = prepare(source);
    if (!hit) {
      if (kept.size >= limit) kept.clear();
      kept.set(source, statement);
    }
    return statement;
  };
  Object.defineProperty(db, 'prepare', { value: cached, configurable: true, writable: true });
  tagged[KEPT] = true;
  return db;
}
