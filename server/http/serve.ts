/**
 * Runs the server: the runtime on a database, the HTTP app on a port, and the background jobs (the reminder
 * scheduler) beside it. Used by `npx duban serve`, `npm start` and the tests.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/ports/clock';
import type { ContentCheck } from '../../core/ports/contentCheck';
import type { Messenger } from '../../core/ports/messenger';
import type { ReminderStore } from '../../core/ports/reminders';
import type { SqliteStore } from '../store/sqlite';
import type { Runtime } from '../../core/usecases';
import { createRuntime, type ServerRuntime } from '../runtime';
import type { PoolOptions } from '../worker/pool';
import { buildApp } from './app';
import { parseTrustProxy, type TrustProxy } from './trustProxy';

/** Something that runs beside the server (the reminder scheduler): started after listening, stopped on close. */
export interface BackgroundJob {
  name: string;
  start(rt: Runtime, log: FastifyInstance['log']): { stop(): void | Promise<void> };
}

export interface ServeOptions {
  dbPath: string;
  port: number;
  /** Default 127.0.0.1; 0.0.0.0 to be reachable from phones on the network. */
  host?: string;
  demo: boolean;
  /** The h5 build (dist-h5/), served at `/`. */
  staticDir?: string | null;
  /**
   * The Messenger, or how to make it from the store (the reminder engine's outbox). Without one, messages are
   * written to the server log as they would be sent (the local runtime has no WeChat to send them to).
   */
  messenger?: Messenger | ((store: SqliteStore) => Messenger);
  /** The reminder engine's store on the same database. */
  reminders?: (store: SqliteStore) => ReminderStore;
  jobs?: BackgroundJob[];
  /** Logs only warnings and errors (npm start prints its own banner); JSON logs of every request otherwise. */
  quiet?: boolean;
  /** No logs at all (tests). */
  silent?: boolean;
  secret?: string;
  filesDir?: string;
  baseUrl?: string;
  /** Which X-Forwarded-For entries to believe; DUBAN_TRUST_PROXY (server/http/trustProxy.ts) by default. */
  trustProxy?: TrustProxy;
  /** The clock of the use cases (tests built around a fixed present); the system clock by default. */
  clock?: Clock;
  /** The content check (WeChat's msgSecCheck when the deployment has WeChat settings); the word list by default. */
  contentCheck?: ContentCheck;
  /** Binding through `wx.login` codes (server/wechat/login.ts), when the deployment has WeChat settings. */
  login?: ((code: string) => Promise<string>) | null;
  /** Heavy work in a worker thread (server/worker/pool.ts); on by default. */
  worker?: boolean | PoolOptions;
}

export interface RunningServer {
  app: FastifyInstance;
  runtime: ServerRuntime;
  port: number;
  url: string;
  filesDir: string;
  close(): Promise<void>;
}

export async function serveDuban(options: ServeOptions): Promise<RunningServer> {
  let log: FastifyInstance['log'] | null = null;
  const logMessenger: Messenger = {
    async send(message) {
      log?.info({ message }, '消息（本地运行时不发送微信消息，记录在日志里）');
    },
  };
  const runtime = createRuntime({
    dbPath: options.dbPath,
    demo: options.demo,
    messenger: options.messenger ?? logMessenger,
    reminders: options.reminders,
    secret: options.secret,
    filesDir: options.filesDir,
    baseUrl: options.baseUrl,
    clock: options.clock,
    contentCheck: options.contentCheck,
    // DUBAN_WORKER=0 runs heavy work on the request thread (only to measure the difference: scripts/bench-export-loop.ts)
    worker: options.worker ?? process.env.DUBAN_WORKER !== '0',
  });
  const level = process.env.DUBAN_LOG_LEVEL || (options.quiet ? 'warn' : 'info');
  let app: FastifyInstance;
  try {
    app = await buildApp({
      backend: runtime.backend,
      files: runtime.files,
      secret: runtime.secret,
      demo: options.demo,
      staticDir: options.staticDir ?? null,
      logger: options.silent ? false : { level },
      trustProxy: options.trustProxy ?? parseTrustProxy(process.env.DUBAN_TRUST_PROXY),
      login: options.login ?? null,
    });
    log = app.log;
    await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  } catch (e) {
    runtime.close();
    throw e;
  }
  const running = (options.jobs ?? []).map((job) => ({ name: job.name, handle: job.start(runtime.rt, app.log) }));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  let closed = false;
  return {
    app,
    runtime,
    port,
    url: `http://${host}:${port}`,
    filesDir: runtime.files.dir,
    async close() {
      if (closed) return;
      closed = true;
      for (const job of running) await job.handle.stop();
      await app.close();
      await runtime.pool?.close();
      runtime.close();
    },
  };
}
