/**
 * The worker thread of the local server (server/worker/pool.ts): the heavy work that must not hold the event loop
 * of the requests: reading a document to import (under core's limits, in this thread's own capped heap) and the
 * actions that read the whole database (exportCircular), run by `dispatch` on a runtime of its own on the same
 * database and files, at the instant the request came in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDubanError } from '../../core/errors';
import type { Caller } from '../../core/usecases';
import { dispatch } from '../../core/usecases';
import { readPlanUnderLimits } from '../../core/ports/planReader';
import { createRuntime, type ServerRuntime } from '../runtime';
import type { HeavyJob, HeavyReply, WorkerConfig } from './pool';

const config = workerData as WorkerConfig;
let runtime: ServerRuntime | null = null;
let now = new Date().toISOString();

function ownRuntime(): ServerRuntime {
  runtime ??= createRuntime({
    dbPath: config.dbPath,
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
  const caller: Caller = job.caller;
  return dispatch(ownRuntime().rt, caller, job.action, job.payload);
}

parentPort?.on('message', (job: HeavyJob) => {
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
