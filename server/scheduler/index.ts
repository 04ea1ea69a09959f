/**
 * The local runtime's reminder scheduler: a reminder pass every few minutes beside the server, on the runtime's
 * clock, store and Messenger (the outbox). A pass still running when the next is due is not doubled: the next tick
 * waits for it (and even two schedulers on one database send nothing twice: the pass claims every key).
 */
import { runReminderPass, type PassResult } from '../../core/remind/pass';
import type { Runtime } from '../../core/usecases';
import type { Messenger } from '../../core/ports/messenger';
import type { SqliteStore } from '../store/sqlite';
import { SqliteReminderStore } from '../store/sqlite/reminders';
import { OutboxMessenger } from '../outbox';
import type { BackgroundJob } from '../http/serve';
import { cleanupJob } from './cleanup';

export const DEFAULT_EVERY_MS = 5 * 60_000;
/** SQLite reads 500 assignments a batch cheaply (CloudBase: 100 at most, the pass's default). */
export const LOCAL_BATCH = 500;

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  /** Time between passes (default 5 minutes). */
  everyMs?: number;
  /** Budget of one pass (default 60 s: a local pass has no cloud function timeout, but stays bounded). */
  budgetMs?: number;
  log?: SchedulerLog;
  /** Called after each pass (tests). */
  onPass?: (result: PassResult) => void;
}

export interface Scheduler {
  /** Runs a pass now (waits for one in progress first); what the timer does. */
  tick(): Promise<PassResult | null>;
  stop(): Promise<void>;
}

export function startScheduler(rt: Runtime, options: SchedulerOptions = {}): Scheduler {
  const { reminders } = rt;
  const everyMs = options.everyMs ?? DEFAULT_EVERY_MS;
  let running: Promise<PassResult | null> = Promise.resolve(null);
  let stopped = false;

  const once = async (): Promise<PassResult | null> => {
    if (stopped) return null;
    try {
      const result = await runReminderPass(
        { reminders, messenger: rt.messenger },
        { now: rt.clock.now(), budgetMs: options.budgetMs ?? 60_000, batchSize: LOCAL_BATCH },
      );
      if (result.sent + result.skipped + result.failed > 0)
        options.log?.info({ reminders: result }, '提醒：本轮发送完成');
      options.onPass?.(result);
      return result;
    } catch (e) {
      options.log?.error({ err: e }, '提醒：本轮出错，下一轮会重试');
      return null;
    }
  };
  const tick = (): Promise<PassResult | null> => {
    running = running.then(once, once);
    return running;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref?.();
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** The scheduler as one of the server's background jobs (serveDuban's `jobs`). */
export function reminderJob(options: Omit<SchedulerOptions, 'log'> = {}): BackgroundJob {
  return {
    name: 'reminders',
    start(rt, log) {
      const scheduler = startScheduler(rt, { ...options, log });
      return { stop: () => scheduler.stop() };
    },
  };
}

/**
 * What the local server needs for reminders, to spread into serveDuban's options: the Messenger (WeChat's when
 * the deployment has WeChat settings, server/wechat; the outbox otherwise), the reminder store on the same
 * database, and the scheduler job.
 */
export function localReminders(
  options: Omit<SchedulerOptions, 'log'> = {},
  wechat: Messenger | null = null,
): {
  messenger: (store: SqliteStore) => Messenger;
  reminders: (store: SqliteStore) => SqliteReminderStore;
  jobs: BackgroundJob[];
} {
  return {
    messenger: (store) => wechat ?? new OutboxMessenger(store.db),
    reminders: (store) => new SqliteReminderStore(store),
    // the hourly cleanup runs beside it (server/scheduler/cleanup.ts)
    jobs: [reminderJob(options), cleanupJob()],
  };
}
