/**
 * One worker thread for the local server's heavy work (heavyWorker.ts), so a request never holds the event loop
 * for long: document reading (the PlanReader port) and whole-database actions (HEAVY_ACTIONS). The worker has its
 * own heap cap and each job a time limit (core/importer/limits.ts DOCUMENT_LIMITS.workerHeapMb / workerMs; a heavy
 * action ACTION_MS): a job over either ends the worker, is answered with a Chinese 4xx (IMPORT_TOO_LARGE for a
 * document) and the next job gets a fresh worker. Jobs run one at a time, in order.
 *
 * A heavy action is admitted on the request thread (core/usecases `admit`: permission row, schema) and the
 * caller's reach resolved there; the worker gets the admitted input, the bound user and that reach (never a
 * token) and runs the same use case (`runAdmitted`) on a read-only connection to the same database file. The few
 * writes such an action makes (WORKER_WRITES: the circular's issue number, its audit row) are sent back here and
 * made by the request thread's store, the database's one writer.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DubanError, importTooLarge, internal, type ErrorCode } from '../../core/errors';
import { DOCUMENT_LIMITS } from '../../core/importer/limits';
import type { PlanFile } from '../../core/importer';
import type { Directory, ParsedPlan } from '../../core/model';
import type { PlanReader } from '../../core/ports/planReader';
import type { ImportOverride } from '../../core/importer/table';
import type { Admitted, Caller } from '../../core/usecases';
import type { Reach } from '../../core/org/levels';

/**
 * The worker's young generation. What a heavy job allocates is mostly short-lived (an export's pages of
 * assignments, rows, XML), and every megabyte the young generation may grow to stays in the process's RSS beside
 * the request thread's: at 64 MB the province's circular at 2× peaked at 349 MB (Word) and 264 MB (annex), at 16 MB
 * 272 and 209 MB, for the same CPU time (docs/bench-issue14.md).
 */
export const WORKER_YOUNG_MB = 16;

/** Actions that read the whole database, run in the worker by its own runtime. */
export const HEAVY_ACTIONS: ReadonlySet<string> = new Set(['exportCircular']);

/** The Store methods a heavy action may write through: made by the request thread's store for the worker. */
export const WORKER_WRITES: ReadonlySet<string> = new Set(['circularIssue', 'appendAudit']);

/** Where the worker's writes go (the request thread's store). */
export type WriteHost = Record<string, unknown>;

export interface WorkerConfig {
  dbPath: string;
  filesDir: string;
  secret: string;
  baseUrl?: string;
  urlTtlSeconds?: number;
  demo: boolean;
}

export type HeavyJob =
  | { id: number; kind: 'readPlan'; file: PlanFile; directory: Directory; override: ImportOverride }
  | { id: number; kind: 'action'; admitted: Admitted; caller: Caller; reach?: Reach; now: string };

/** A write the worker asks the request thread to make, and its answer. */
export interface WriteCall {
  kind: 'write';
  callId: number;
  method: string;
  args: unknown[];
}
export type WriteAnswer =
  | { kind: 'written'; callId: number; ok: true; value: unknown }
  | { kind: 'written'; callId: number; ok: false; message: string };

export type HeavyReply =
  | { id: number; ok: true; value: unknown }
  | {
      id: number;
      ok: false;
      error: { code: string; message: string; detail?: Record<string, unknown> };
      dubanError: boolean;
    };

type Job = HeavyJob extends infer J ? (J extends HeavyJob ? Omit<J, 'id'> : never) : never;

interface Pending {
  job: HeavyJob;
  resolve(value: unknown): void;
  reject(e: unknown): void;
}

export interface PoolOptions {
  heapMb?: number;
  jobMs?: number;
  /**
   * The time limit of a heavy action (default ACTION_MS): longer than a document's, since an admitted export of the
   * whole province is not hostile input and takes a minute on a loaded machine at 2×.
   */
  actionMs?: number;
}

/** Default time limit of a heavy action in the worker. */
export const ACTION_MS = 300_000;

export class HeavyWorkPool implements PlanReader {
  private worker: Worker | null = null;
  private queue: Pending[] = [];
  private current: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  private readonly heapMb: number;
  private readonly jobMs: number;
  private readonly actionMs: number;

  constructor(
    private readonly config: WorkerConfig,
    options: PoolOptions = {},
    /** The store the worker's writes (WORKER_WRITES) are made by. */
    private readonly writes: WriteHost | null = null,
  ) {
    this.heapMb = options.heapMb ?? DOCUMENT_LIMITS.workerHeapMb;
    this.jobMs = options.jobMs ?? DOCUMENT_LIMITS.workerMs;
    this.actionMs = options.actionMs ?? ACTION_MS;
  }

  /** Whether the worker thread is up (it starts with the first job). */
  get started(): boolean {
    return this.worker !== null;
  }

  read(file: PlanFile, directory: Directory, override: ImportOverride = {}): Promise<ParsedPlan> {
    // the bytes are copied into the worker (the caller keeps its own)
    return this.submit({
      kind: 'readPlan',
      file: { fileName: file.fileName, bytes: file.bytes },
      directory,
      override,
    }) as Promise<ParsedPlan>;
  }

  /** Runs an admitted action in the worker: `reach` is the caller's, resolved on the request thread. */
  runAction(admitted: Admitted, caller: Caller, reach: Reach | undefined, now: string): Promise<unknown> {
    return this.submit({ kind: 'action', admitted, caller, reach, now });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue) p.reject(internal({ reason: 'server closing' }));
    this.queue = [];
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private submit(job: Job): Promise<unknown> {
    if (this.closed) return Promise.reject(internal({ reason: 'pool closed' }));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ } as HeavyJob, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Worker {
    const w = new Worker(join(__dirname, 'bootstrap.js'), {
      workerData: this.config,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    w.unref();
    w.on('message', (message: HeavyReply | WriteCall) => {
      if ('kind' in message && message.kind === 'write') void this.write(w, message);
      else this.settle(message as HeavyReply);
    });
    w.on('error', (e) => this.fail(w, e));
    w.on('exit', (code) => this.fail(w, new Error(`worker exited ${code}`)));
    return w;
  }

  private pump(): void {
    if (this.current || this.queue.length === 0 || this.closed) return;
    this.current = this.queue.shift() ?? null;
    if (!this.current) return;
    this.worker ??= this.spawn();
    const w = this.worker;
    const job = this.current.job;
    this.timer = setTimeout(
      () => {
        this.fail(w, tooSlow(job));
        void w.terminate();
      },
      job.kind === 'action' ? this.actionMs : this.jobMs,
    );
    w.postMessage(job);
  }

  private settle(reply: HeavyReply): void {
    const p = this.current;
    if (!p || p.job.id !== reply.id) return;
    this.finish();
    if (reply.ok) p.resolve(reply.value);
    else if (reply.dubanError)
      p.reject(new DubanError(reply.error.code as ErrorCode, reply.error.message, reply.error.detail));
    else p.reject(internal({ worker: reply.error.message }));
  }

  /** Makes a write the worker asked for, on the request thread's store; only WORKER_WRITES. */
  private async write(w: Worker, call: WriteCall): Promise<void> {
    let answer: WriteAnswer;
    try {
      const method = this.writes?.[call.method];
      if (!WORKER_WRITES.has(call.method) || typeof method !== 'function') {
        throw new Error(`write not allowed from the worker: ${call.method}`);
      }
      const value: unknown = await (method as (...args: unknown[]) => unknown).apply(this.writes, call.args);
      answer = { kind: 'written', callId: call.callId, ok: true, value };
    } catch (e) {
      answer = { kind: 'written', callId: call.callId, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    if (this.worker === w) w.postMessage(answer);
  }

  /** The worker died (heap cap, crash) or took too long: its job is answered, the next gets a fresh worker. */
  private fail(w: Worker, e: unknown): void {
    if (this.worker !== w) return;
    this.worker = null;
    const p = this.current;
    this.finish();
    if (p) {
      const out = e instanceof DubanError ? e : died(p.job, e);
      p.reject(out);
    }
    this.pump();
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
    setImmediate(() => this.pump());
  }
}

function tooSlow(job: HeavyJob): DubanError {
  return job.kind === 'readPlan'
    ? importTooLarge(
        `读取用时（超过 ${DOCUMENT_LIMITS.workerMs / 1000} 秒）`,
        '请删除多余的内容，或把表格拆成几个文件分别导入',
        {
          limit: 'workerMs',
        },
      )
    : internal({ action: job.admitted.action, reason: 'worker time limit' });
}

function died(job: HeavyJob, e: unknown): DubanError {
  const oom = (e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
  if (job.kind === 'readPlan') {
    return importTooLarge(
      oom ? `读取所需内存（超过 ${DOCUMENT_LIMITS.workerHeapMb} MB）` : '复杂程度',
      '请删除多余的内容，或把表格拆成几个文件分别导入',
      {
        limit: oom ? 'workerHeapMb' : 'worker',
      },
    );
  }
  return internal({ action: job.admitted.action, reason: oom ? 'worker out of memory' : String(e) });
}
