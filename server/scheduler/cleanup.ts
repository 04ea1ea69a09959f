/**
 * The local runtime's cleanup, beside the reminder scheduler: every hour, core's cleanupOnce (import previews older
 * than PREVIEW_KEEP_DAYS, uploads no report refers to older than ORPHAN_KEEP_HOURS: core/usecases/cleanup.ts).
 * Logged when it removed anything.
 */
import { cleanupOnce } from '../../core/usecases/cleanup';
import type { BackgroundJob } from '../http/serve';

export { cleanupOnce, PREVIEW_KEEP_DAYS } from '../../core/usecases/cleanup';
export const CLEANUP_EVERY_MS = 3_600_000;

export function cleanupJob(everyMs = CLEANUP_EVERY_MS): BackgroundJob {
  return {
    name: 'cleanup',
    start(rt, log) {
      let running: Promise<void> = Promise.resolve();
      const tick = () => {
        running = running.then(async () => {
          try {
            const r = await cleanupOnce(rt);
            if (r.previews > 0 || r.orphans > 0)
              log.info({ cleanup: r }, '清理：已删除过期的导入预览和未用于汇报的照片');
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
