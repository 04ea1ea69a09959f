/**
 * What is cleaned up, and when, on both runtimes: import previews older than PREVIEW_KEEP_DAYS (a 50,000-row preview
 * was 28 MB, kept for ever), and uploaded photos no report refers to, older than ORPHAN_KEEP_HOURS (storage.ts:
 * `findOrphans`; only where the runtime can list its storage). The local server runs it hourly beside the reminder
 * scheduler (server/scheduler/cleanup.ts); CloudBase after the first timed reminder pass of each hour (the `remind`
 * function), where `Files.list` is the record of uploads the app noted (noteUploads.ts).
 */
import type { Runtime } from './runtime';
import { findOrphans } from './storage';

export const PREVIEW_KEEP_DAYS = 7;

/** One cleanup pass at the runtime's present: how many previews and orphan uploads (and their bytes) it removed. */
export async function cleanupOnce(
  rt: Pick<Runtime, 'store' | 'clock' | 'files'>,
): Promise<{ previews: number; orphans: number; orphanBytes: number }> {
  const before = new Date(Date.parse(rt.clock.now()) - PREVIEW_KEEP_DAYS * 86_400_000).toISOString();
  const previews = await rt.store.purgePreviewsBefore(before);
  const orphans = await findOrphans(rt);
  const due = orphans?.due ?? [];
  const removed = due.length && rt.files.remove ? await rt.files.remove(due.map((f) => f.fileId)) : 0;
  return { previews, orphans: removed, orphanBytes: removed ? due.reduce((n, f) => n + f.bytes, 0) : 0 };
}
