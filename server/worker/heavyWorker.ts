/**
 * The worker thread of the local server (server/worker/pool.ts): the heavy work that must not hold the event loop
 * of the requests: reading a document to import (under core's limits, in this thread's own capped heap) and the
 * actions that read the whole database (exportCircular). Such an action was admitted on the request thread, which
 * also resolved the caller's reach; here the same use case runs (`runAdmitted`) on a runtime of this thread's own:
 * a read-only connection to the same database file (WAL: it reads beside the writer), the same files directory, at
 * the instant the request came in. The writes the action makes (WORKER_WRITES) go back to the request thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDubanError } from '../../core/errors';
import { runAdmitted } from '../../core/usecases';
import { readPlanUnderLimits } from '../../core/ports/planReader';
import { createRuntime, type ServerRuntime } from '../runtime';
import { openSqliteStore, type SqliteStore } from '../store/sqlite';
import {
  WORKER_WRITES,
  type HeavyJob,
  type HeavyReply,
  type WorkerConfig,
  type WriteAnswer,
  type WriteCall,
} from './pool';

const config = workerData as WorkerConfig;
let runtime: ServerRuntime | null = null;
let now = new Date().toISOString();

/** Writes waiting for the request thread's answer. */
const writing = new Map<number, { resolve(value: unknown): void; reject(e: unknown): void }>();
let nextCall = 1;

function writeThroughParent(method: string, args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callId = nextCall++;
    writing.set(callId, { resolve, reject });
    parentPort?.postMessage({ kind: 'write', callId, method, args } satisfies WriteCall);
  });
}

/** The read-only store, its writes (WORKER_WRITES) made by the request thread's store. */
function readOnlyStore(): SqliteStore {
  const store = openSqliteStore(config.dbPath, { readonly: true });
  return new Proxy(store, {
    get(target, name, receiver) {
      if (typeof name === 'string' && WORKER_WRITES.has(name)) {
        return (...args: unknown[]) => writeThroughParent(name, args);
      }
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
}

function ownRuntime(): ServerRuntime {
  runtime ??= createRuntime({
    dbPath: config.dbPath,
    store: readOnlyStore(),
    filesDir: config.filesDir,
    secret: config.secret,
    baseUrl: config.baseUrl,
    urlTtlSeconds: config.urlTtlSeconds,
    demo: config.demo,
    // nothing this worker runs sends a message or checks a text
    messenger: { send: async () => undefined },
    contentCheck: { checkText: async () => 'pass' },
    clock: { now: () => now },
  });
  return runtime;
}

async function run(job: HeavyJob): Promise<unknown> {
  if (job.kind === 'readPlan') return readPlanUnderLimits(job.file, job.directory, job.override);
  now = job.now;
  return runAdmitted(ownRuntime().rt, job.caller, job.admitted, { reach: job.reach });
}

parentPort?.on('message', (message: HeavyJob | WriteAnswer) => {
  if (message.kind === 'written') {
    const pending = writing.get(message.callId);
    writing.delete(message.callId);
    if (message.ok) pending?.resolve(message.value);
    else pending?.reject(new Error(message.message));
    return;
  }
  const job = message;
  run(job).then(
    (value) => parentPort?.postMessage({ id: job.id, ok: true, value } satisfies HeavyReply),
    (e: unknown) => {
      const error = isDubanError(e)
        ? { code: e.code, message: e.message, detail: e.detail }
        : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
      parentPort?.postMessage({ id: job.id, ok: false, error, dubanError: isDubanError(e) } satisfies HeavyReply);
    },
  );
});
