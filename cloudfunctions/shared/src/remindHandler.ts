/**
 * The `remind` cloud function: its timer trigger runs one reminder pass (core/remind/pass.ts) over the CloudBase
 * adapters, within a time budget below the function's timeout; what is left is picked up by the next run
 * (the pass keeps its cursor in the database).
 *
 * Only the timer (or an operator's test run in the console) may start a pass: a call that carries a user's
 * OPENID — a mini program calling the function — is refused, so users cannot trigger passes.
 *
 * The cleanup (core/usecases/cleanup.ts: import previews older than 7 days, uploads no report uses older than
 * ORPHAN_KEEP_HOURS, deleted from storage 50 a call) rides on the same timer, once an hour (the pass whose trigger
 * time falls in the first 10 minutes of the hour): it reads the whole record of stored files (uploadNotes.ts).
 */
import { runReminderPass, type PassResult } from '../../../core/remind/pass';
import type { Clock } from '../../../core/ports/clock';
import { cleanupOnce } from '../../../core/usecases/cleanup';
import { sumLightCounts } from '../../../core/usecases/dashboard';
import { lightBands } from '../../../core/usecases/lightBands';
import { beijingDate } from '../../../core/time';
import type { LightCounts } from '../../../core/api/contract';
import { errTextOf, type CloudSdk } from './cloud';
import { createCloudRuntime, type CloudEnv } from './runtime';

export interface TimerEvent {
  Type?: string;
  TriggerName?: string;
  Time?: string;
  /**
   * An operator's maintenance run from the console (云函数 → 测试) instead of a pass: `rebuildLightCounts`
   * recounts the dashboard's kept light counts from the assignments (cloudfunctions/shared/src/lightCounts.ts).
   */
  action?: 'rebuildLightCounts' | 'cleanup';
}

/** Whether the timer's pass at `now` also cleans up: the first pass of each hour (the trigger runs every 10 minutes). */
export function cleanupDue(now: string): boolean {
  return new Date(now).getUTCMinutes() < 10;
}

export type CleanupResult = Awaited<ReturnType<typeof cleanupOnce>>;

/** What the Tencent SCF context tells about the function's limits. */
export interface FunctionContext {
  time_limit_in_ms?: number;
}

export type RemindAnswer =
  | { ok: true; data: PassResult & { budgetMs: number } }
  | { ok: true; data: { rebuilt: number; counts: LightCounts } }
  | { ok: true; data: CleanupResult }
  | { ok: false; error: { code: string; message: string } };

export interface RemindHandlerOptions {
  env?: CloudEnv;
  clock?: Clock;
  /** Milliseconds for the budget (tests move it). */
  timer?: () => number;
  log?: (message: string, error?: unknown) => void;
}

/** Budget: DUBAN_REMIND_BUDGET_MS, else the function's timeout less 5 s (at least 2 s), else 15 s; at most 50 s. */
export function budgetFor(env: CloudEnv, context?: FunctionContext): number {
  const set = Number(env.DUBAN_REMIND_BUDGET_MS);
  if (Number.isFinite(set) && set > 0) return Math.min(set, 50_000);
  const limit = Number(context?.time_limit_in_ms);
  if (Number.isFinite(limit) && limit > 0) return Math.min(Math.max(limit - 5_000, 2_000), 50_000);
  return 15_000;
}

export function createRemindHandler(cloud: CloudSdk, options: RemindHandlerOptions = {}) {
  const env = options.env ?? (process.env as CloudEnv);
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e));

  return async function main(event: TimerEvent, context?: FunctionContext): Promise<RemindAnswer> {
    const wx = cloud.getWXContext();
    if (wx.OPENID) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '提醒由定时触发器发送，不能从小程序调用。' } };
    }
    const { rt, reminders, store } = createCloudRuntime(cloud, { env, clock: options.clock, envId: wx.ENV });
    if (event?.action === 'rebuildLightCounts') {
      // as `duban rebuild-counts` on the server: recount, then the totals the dashboard will show
      try {
        const rebuilt = await store.rebuildLightCounts();
        const bands = lightBands(beijingDate(rt.clock.now()), (await store.getSettings()).yellowDays);
        const counts = sumLightCounts(await store.lightCounts(bands));
        console.log(`light counts rebuilt: ${rebuilt} documents, ${JSON.stringify(counts)}`);
        return { ok: true, data: { rebuilt, counts } };
      } catch (e) {
        log(`light counts rebuild failed: ${errTextOf(e)}`, e);
        return { ok: false, error: { code: 'INTERNAL', message: '重新统计红黄绿灯计数出错，请稍后再试。' } };
      }
    }
    if (event?.action === 'cleanup') {
      // an operator's run from the console (and the tests): the cleanup alone, now
      try {
        const cleaned = await cleanupOnce(rt);
        console.log(`cleanup: ${JSON.stringify(cleaned)}`);
        return { ok: true, data: cleaned };
      } catch (e) {
        log(`cleanup failed: ${errTextOf(e)}`, e);
        return { ok: false, error: { code: 'INTERNAL', message: '清理过期文件出错，下一次定时运行会再试。' } };
      }
    }
    const budgetMs = budgetFor(env, context);
    try {
      const result = await runReminderPass(
        { reminders, messenger: rt.messenger, timer: options.timer },
        { now: rt.clock.now(), budgetMs, batchSize: 100 },
      );
      console.log(`remind pass: ${JSON.stringify(result)}`);
      // the cleanup rides on the same timer, hourly; its failure does not fail the pass
      if (cleanupDue(rt.clock.now())) {
        await cleanupOnce(rt).then(
          (r) => (r.previews > 0 || r.orphans > 0) && console.log(`cleanup: ${JSON.stringify(r)}`),
          (e: unknown) => log(`cleanup failed: ${errTextOf(e)}`, e),
        );
      }
      return { ok: true, data: { ...result, budgetMs } };
    } catch (e) {
      log(`remind pass failed: ${errTextOf(e)}`, e);
      return { ok: false, error: { code: 'INTERNAL', message: '提醒发送出错，下一次定时运行会接着处理。' } };
    }
  };
}
