/**
 * The local / self-hosted runtime: the use cases' ports wired to SQLite, files on disk, the local content check,
 * the system clock and crypto ids. The Messenger is given by the caller: the reminder engine's outbox on the
 * server (it records each message exactly as it would be sent), a recording double in tests.
 */
import { DAILY_UPLOAD_BYTES, UPLOADS_PER_MINUTE } from './files/quota';
import { MAX_UPLOAD_BYTES } from './files/fileTypes';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Clock } from '../core/ports/clock';
import { systemClock } from '../core/ports/clock';
import type { ContentCheck } from '../core/ports/contentCheck';
import { cryptoIdsOf, type Ids } from '../core/ports/ids';
import type { Messenger } from '../core/ports/messenger';
import type { ReminderStore } from '../core/ports/reminders';
import type { User } from '../core/model';
import { admit, dispatch, type Caller, type Runtime } from '../core/usecases';
import { callerReach } from '../core/usecases/access';
import { loadSecret } from './auth/secret';
import { loadWordListCheck } from './contentCheck/wordListCheck';
import { DiskFiles } from './files/diskFiles';
import { SharpPhotos } from './photos/sharpPhotos';
import type { Backend } from './http/backend';
import { openSqliteStore, type SqliteStore } from './store/sqlite';
import { SqliteReminderStore } from './store/sqlite/reminders';
import { HEAVY_ACTIONS, HeavyWorkPool, type PoolOptions, type WriteHost } from './worker/pool';

/** Crypto-random ids and codes (core/ports/ids.ts). */
export const cryptoIds: Ids = cryptoIdsOf({ randomUUID, randomInt });

export interface RuntimeOptions {
  /**
   * The SQLite database file (created with its schema when missing), or ':memory:' (tests): a database in memory
   * has no second connection, so its heavy actions run on the request thread even with the worker on.
   */
  dbPath: string;
  /** A store already open on `dbPath` (the worker's read-only connection: server/worker/heavyWorker.ts). */
  store?: SqliteStore;
  /** Where photos and exports live; default `files/` beside the database. */
  filesDir?: string;
  demo?: boolean;
  /** Signs tokens and file URLs; default DUBAN_SECRET or `duban.secret` beside the database. */
  secret?: string;
  /** The Messenger, or how to make it from the store (the outbox writes into the same database). */
  messenger: Messenger | ((store: SqliteStore) => Messenger);
  /** The reminder engine's store (credits, message log, queued events); default: its SQLite tables in this database. */
  reminders?: (store: SqliteStore) => ReminderStore;
  contentCheck?: ContentCheck;
  clock?: Clock;
  ids?: Ids;
  /** Prefix of file URLs ('' = same origin). */
  baseUrl?: string;
  /** How long file URLs stay valid, seconds. */
  urlTtlSeconds?: number;
  /**
   * Heavy work in a worker thread (server/worker/pool.ts): document reading and whole-database actions
   * (exportCircular), so no request holds the event loop. The server turns it on; one-off commands need not.
   */
  worker?: boolean | PoolOptions;
}

export interface ServerRuntime {
  rt: Runtime;
  store: SqliteStore;
  files: DiskFiles;
  secret: string;
  dbPath: string;
  /** What the HTTP layer calls. */
  backend: Backend;
  /** The worker thread of heavy work, when on (server/worker/pool.ts). */
  pool: HeavyWorkPool | null;
  close(): void;
}

export function filesDirFor(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'files');
}

export function createRuntime(options: RuntimeOptions): ServerRuntime {
  const inMemory = options.dbPath === ':memory:';
  const dbPath = inMemory ? options.dbPath : resolve(options.dbPath);
  if (!inMemory) mkdirSync(dirname(dbPath), { recursive: true });
  const secret = options.secret ?? loadSecret(dbPath);
  const store = options.store ?? openSqliteStore(dbPath);
  const clock = options.clock ?? systemClock;
  const files = new DiskFiles({
    dir: options.filesDir ?? filesDirFor(dbPath),
    secret,
    baseUrl: options.baseUrl,
    urlTtlSeconds: options.urlTtlSeconds,
    nowMs: () => Date.parse(clock.now()),
  });
  const messenger = typeof options.messenger === 'function' ? options.messenger(store) : options.messenger;
  const rt: Runtime = {
    store,
    files,
    messenger,
    contentCheck: options.contentCheck ?? loadWordListCheck(),
    photos: new SharpPhotos(),
    clock,
    ids: options.ids ?? cryptoIds,
    demo: options.demo ?? false,
    // The reminder engine's tables live in the same database: always there on the local runtime.
    reminders: options.reminders ? options.reminders(store) : new SqliteReminderStore(store),
    // what storageUsage shows of the upload quota (server/files/quota.ts, applied by server/http/app.ts)
    uploadLimits: {
      maxUploadBytes: MAX_UPLOAD_BYTES,
      uploadsPerMinute: UPLOADS_PER_MINUTE,
      dailyUploadBytes: DAILY_UPLOAD_BYTES,
    },
  };
  const pool = options.worker
    ? new HeavyWorkPool(
        {
          dbPath,
          filesDir: files.dir,
          secret,
          baseUrl: options.baseUrl,
          urlTtlSeconds: options.urlTtlSeconds,
          demo: rt.demo,
        },
        options.worker === true ? {} : options.worker,
        store as unknown as WriteHost,
      )
    : null;
  if (pool) rt.planReader = pool;
  const backend: Backend = {
    call: async (caller: Caller, action: string, payload: unknown) => {
      if (!pool || inMemory || !HEAVY_ACTIONS.has(action)) return dispatch(rt, caller, action, payload);
      // admitted here (permission row, schema) and the caller's reach resolved here: the worker gets no token
      const admitted = admit(caller, action, payload);
      const now = clock.now();
      const reach = caller.user ? await callerReach({ rt, caller, now, user: caller.user }) : undefined;
      return pool.runAction(admitted, caller, reach, now);
    },
    userByPrincipal: (principal: string): Promise<User | null> => store.getUserByPrincipal(principal),
    whenRemoved: (principal: string) => store.whenRemoved(principal),
  };
  return {
    rt,
    store,
    files,
    secret,
    dbPath,
    backend,
    pool,
    close: () => {
      void pool?.close();
      store.close();
    },
  };
}
