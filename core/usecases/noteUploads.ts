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
 * Not audited: uploads are not (on either runtime); a report that uses them is.
 * Permission: PERMISSIONS.noteUploads, any bound person, for their own files (the ownership check is the scope).
 */
import { z } from 'zod';
import { emptyFile, notOwnUpload } from '../errors';
import type { NotedUpload } from '../ports/files';
import { defineUseCase } from './define';
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
    const known = new Set((await notes.get(ids)).map((n) => n.fileId));
    const fresh: NotedUpload[] = [];
    for (const fileId of ids.filter((id) => !known.has(id))) {
      const found = await notes.inspect(fileId);
      if (!found) throw notOwnUpload({ fileId });
      fresh.push({ fileId, ...found, storedAt: ctx.now, userId: ctx.user.id, unitId: ctx.user.unitId });
    }
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
