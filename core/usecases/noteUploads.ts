/**
 * noteUploads (issue 13, CloudBase): the app tells the function the files it has just uploaded straight to cloud
 * storage (`wx.cloud.uploadFile` into `uploads/<OPENID>/…`, src/api/upload.ts), which the function otherwise never
 * learns of. Each is recorded (Files.notes: the file's real size read from storage, its kind, whose it is, when),
 * which gives CloudBase what the local disk has: `Files.list`, so findOrphans, the cleanup pass and storageUsage
 * (storage.ts, cleanup.ts) work there unchanged; and the per-person quota (uploadQuota.ts, the local server's rule)
 * holds at note time: over it, or over 10 MB a file, the fresh files are deleted and the call refused.
 *
 * Only the caller's own uploads may be noted (Files.ownedBy: in the caller's upload folder of this environment, and
 * stored); anything else is refused FORBIDDEN (`notOwnUpload`) before anything is recorded. A file noted again (the
 * app retrying) keeps its first note and is not counted twice. On the local server every upload went through its
 * upload route (quota and record there): the call only checks ownership.
 *
 * submitReport does not require its photos to have been noted: it notes those that were not (`noteUnnoted`, without
 * the quota). Requiring it would refuse reports from app versions older than the note, which WeChat replaces only on a
 * later cold start, and drafts holding photos uploaded before the update; and it would protect nothing, since cloud
 * storage takes an upload before any function sees it (a client that skips the note skips it for every upload, used
 * or not). What the report still requires is what it always did: each photo the caller's own (Files.ownedBy).
 *
 * Not audited: uploads are not (on either runtime); a report that uses them is.
 * Permission: PERMISSIONS.noteUploads, any bound person, for their own files (the ownership check is the scope).
 */
import { z } from 'zod';
import { emptyFile, notOwnUpload } from '../errors';
import type { NotedUpload } from '../ports/files';
import { defineUseCase } from './define';
import type { BoundContext } from './runtime';
import { MAX_UPLOAD_BYTES, quotaUsedBy, quotaWindowStart, uploadQuotaRefusal, uploadTooLarge } from './uploadQuota';

/** Files noted at once: a report's photos (≤ 9) and some room. */
const MAX_NOTED = 20;

export const noteUploads = defineUseCase({
  action: 'noteUploads',
  schema: z.object({ fileIds: z.array(z.string().min(1).max(500)).min(1).max(MAX_NOTED) }),
  async run(ctx, input) {
    const { files } = ctx.rt;
    const principal = ctx.caller.principal ?? ctx.user.principal;
    const ids = [...new Set(input.fileIds)];
    for (const fileId of ids) {
      if (!(await files.ownedBy(fileId, principal))) throw notOwnUpload({ fileId });
    }
    const notes = files.notes;
    if (!notes) return { noted: ids };
    const fresh = await unnoted(ctx, ids);
    if (!fresh.length) return { noted: ids };
    const nowMs = Date.parse(ctx.now);
    const empty = fresh.find((f) => f.bytes === 0);
    const refusal = empty
      ? emptyFile(empty.kind === 'document' ? 'document' : 'photo')
      : fresh.some((f) => f.bytes > MAX_UPLOAD_BYTES)
        ? uploadTooLarge()
        : uploadQuotaRefusal(
            quotaUsedBy(await notes.since(ctx.user.id, new Date(quotaWindowStart(nowMs)).toISOString()), nowMs),
            { count: fresh.length, bytes: fresh.reduce((n, f) => n + f.bytes, 0) },
            nowMs,
          );
    if (refusal) {
      // the files are the caller's and not recorded: they go now, not at the next cleanup
      await files.remove?.(fresh.map((f) => f.fileId));
      throw refusal;
    }
    await notes.add(fresh);
    return { noted: ids };
  },
});

/** The notes `fileIds` (the caller's own, checked) would get, leaving out those noted already. */
async function unnoted(ctx: BoundContext, fileIds: string[]): Promise<NotedUpload[]> {
  const notes = ctx.rt.files.notes;
  if (!notes || !fileIds.length) return [];
  const known = new Set((await notes.get(fileIds)).map((n) => n.fileId));
  const fresh: NotedUpload[] = [];
  for (const fileId of fileIds.filter((id) => !known.has(id))) {
    const found = await notes.inspect(fileId);
    if (!found) throw notOwnUpload({ fileId });
    fresh.push({ fileId, ...found, storedAt: ctx.now, userId: ctx.user.id, unitId: ctx.user.unitId });
  }
  return fresh;
}

/**
 * submitReport's photos that were never noted (an app older than the note, a draft from before it): noted now, as
 * the caller's, without the quota (they are used, not waiting); `fileIds` are the caller's own, checked already.
 */
export async function noteUnnoted(ctx: BoundContext, fileIds: string[]): Promise<void> {
  const fresh = await unnoted(ctx, fileIds);
  if (fresh.length) await ctx.rt.files.notes?.add(fresh);
}
