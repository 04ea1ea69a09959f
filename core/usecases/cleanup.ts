/**
 * What is cleaned up, and when, on both runtimes: import previews older than PREVIEW_KEEP_DAYS (a 50,000-row preview
 * was 28 MB, kept for ever). The local server runs it hourly beside the reminder scheduler
 * (server/scheduler/cleanup.ts); CloudBase after each timed reminder pass (the `remind` function).
 */
import type { Runtime } from './runtime';

export const PREVIEW_KEEP_DAYS = 7;

/** One cleanup pass at the runtime's present: how many previews it removed. */
export async function cleanupOnce(rt: Pick<Runtime, 'store' | 'clock'>): Promise<{ previews: number }> {
  const before = new Date(Date.parse(rt.clock.now()) - PREVIEW_KEEP_DAYS * 86_400_000).toISOString();
  return { previews: await rt.store.purgePreviewsBefore(before) };
}
