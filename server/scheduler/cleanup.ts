/**
 * The local runtime's cleanup, beside the reminder scheduler: every hour, import previews older than
 * PREVIEW_KEEP_DAYS are removed (a 50,000-row preview was 28 MB kept for ever). Logged when it removed anything.
 */
import type { Runtime } from '../../core/usecases';
import type { BackgroundJob } from '../http/serve';

export const PREVIEW_KEEP_DAYS = 7;
export const CLEANUP_EVERY_MS = 3_600_000;

/** One cleanup pass at the runtime's present: how many previews it removed. */
export async function cleanupOnce(rt: Runtime): Promise<{ previews: number }> {
  const before = new Date(Date.parse(rt.clock.now()) - PREVIEW_KEEP_DAYS * 86_400_000).toISOString();
  return { previews: await rt.store.purgePreviewsBefore(before) };
}

export function cleanupJob(everyMs = CLEANUP_EVERY_MS): BackgroundJob {
  return {
    name: 'cleanup',
    start(rt, log) {
      let running: Promise<void> = Promise.resolve();
      const tick = () => {
        running = running.then(async () => {
          try {
            const r = await cleanupOnce(rt);
            if (r.previews > 0) log.info({ cleanup: r }, '清理：已删除过期的导入预览');
          } catch (e) {
            log.error({ err: e }, '清理：本轮出错，下一轮会重试');
          }
        });
      };
      const timer = setInterval(tick, everyMs);
      timer.unref?.();
      tick();
      return {
        async stop() {
          clearInterval(timer);
          await running;
        },
      };
    },
  };
}
