/**
 * Storage (issue 13): which uploads are orphans — photos a person uploaded that no report refers to — and what
 * the deployment stores. One home for the rule, used by the cleanup pass (cleanup.ts: orphans older than
 * ORPHAN_KEEP_HOURS are removed) and by `storageUsage` (what an admin sees).
 *
 * An orphan is only ever an upload (`StoredFile.kind === 'upload'`): stamped copies, documents and exports are never
 * removed here, and an upload a report refers to (Store.attachedFileIds) never is. The keep time is long enough for
 * a draft written on Friday and submitted on Monday (the draft keeps the photo's id, src/lib/draft.ts).
 * Where the runtime cannot list its storage (`Files.list` absent) there are no orphans to find; CloudBase lists the
 * record of what the app noted and the functions saved (cloudfunctions/shared/src/uploadNotes.ts).
 * Permission: storageUsage is an admin's of the whole deployment (PERMISSIONS.storageUsage; an admin bound to a
 * district is refused: the disk is not its subtree's).
 */
import type { ByteCount, StorageUsage } from '../api/contract';
import { outOfReach } from '../errors';
import type { StoredFile } from '../ports/files';
import { callerReach } from './access';
import { PREVIEW_KEEP_DAYS } from './cleanup';
import { defineUseCase, noInput } from './define';
import type { Runtime } from './runtime';

export const ORPHAN_KEEP_HOURS = 72;
/** Ids asked about at once (Store.attachedFileIds). */
const BATCH = 500;

/** The uploads no report refers to, split at `now - ORPHAN_KEEP_HOURS`; null where storage cannot be listed. */
export async function findOrphans(
  rt: Pick<Runtime, 'store' | 'files' | 'clock'>,
): Promise<{ due: StoredFile[]; waiting: StoredFile[] } | null> {
  if (!rt.files.list) return null;
  const uploads = (await rt.files.list()).filter((f) => f.kind === 'upload');
  const attached = new Set<string>();
  for (let i = 0; i < uploads.length; i += BATCH) {
    for (const id of await rt.store.attachedFileIds(uploads.slice(i, i + BATCH).map((f) => f.fileId))) attached.add(id);
  }
  const cutoff = Date.parse(rt.clock.now()) - ORPHAN_KEEP_HOURS * 3_600_000;
  const orphans = uploads.filter((f) => !attached.has(f.fileId));
  return {
    due: orphans.filter((f) => Date.parse(f.storedAt) < cutoff),
    waiting: orphans.filter((f) => Date.parse(f.storedAt) >= cutoff),
  };
}

function counted(files: StoredFile[]): ByteCount {
  return { count: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}

export const storageUsage = defineUseCase({
  action: 'storageUsage',
  schema: noInput,
  async run(ctx): Promise<StorageUsage> {
    if (!(await callerReach(ctx)).all) throw outOfReach({ action: 'storageUsage' });
    const { rt } = ctx;
    const all = rt.files.list ? await rt.files.list() : null;
    const orphans = await findOrphans(rt);
    const limits = rt.uploadLimits;
    return {
      files: all
        ? {
            photos: counted(all.filter((f) => f.kind === 'upload' || f.kind === 'copy')),
            documents: counted(all.filter((f) => f.kind === 'document')),
            exports: counted(all.filter((f) => f.kind === 'export')),
          }
        : null,
      previews: await rt.store.previewUsage(),
      orphans: orphans ? { due: counted(orphans.due), waiting: counted(orphans.waiting) } : null,
      limits: {
        maxUploadBytes: limits?.maxUploadBytes ?? 10 * 1024 * 1024,
        uploadsPerMinute: limits?.uploadsPerMinute ?? null,
        dailyUploadBytes: limits?.dailyUploadBytes ?? null,
        orphanKeepHours: ORPHAN_KEEP_HOURS,
        previewKeepDays: PREVIEW_KEEP_DAYS,
      },
      counted: rt.files.listsRecordedOnly ? 'recorded' : 'all',
    };
  },
});
