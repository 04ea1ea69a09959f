/**
 * The evidence step of submitReport (rules in core/evidence/evidence.ts): for each photo, its perceptual hash, its
 * EXIF capture time, a display copy with the receive time and the unit burned in (the original is kept), and the
 * earlier photo it repeats, if any. A photo the image library cannot decode is kept as uploaded, without stamp or
 * hash; one it refuses (too many pixels to decode within its memory) refuses the report. In a 仅允许现场拍摄 plan, a photo taken long before it was received, or a repeat, is refused.
 */
import { captureGap, findReuse, stampLines, type PhotoEvidence } from '../evidence/evidence';
import { dHash, HASH_HEIGHT, HASH_WIDTH, hashBands } from '../evidence/phash';
import { forbidden, isDubanError } from '../errors';
import type { Assignment } from '../model';
import type { BoundContext } from './runtime';

/** How many earlier photos sharing a band a new one is compared with. */
const CANDIDATES = 500;

export async function examinePhotos(
  ctx: BoundContext,
  input: { reportId: string; assignment: Assignment; photos: string[]; unitName: string; cameraOnly: boolean },
): Promise<PhotoEvidence[]> {
  const { files, photos: library, store } = ctx.rt;
  const out: PhotoEvidence[] = [];
  for (const [i, fileId] of input.photos.entries()) {
    const bytes = await files.read(fileId);
    let hash: string | null = null;
    let takenAt: string | null = null;
    let displayId: string | null = null;
    try {
      hash = dHash(await library.grey(bytes, HASH_WIDTH, HASH_HEIGHT));
      takenAt = await library.takenAt(bytes);
    } catch (e) {
      // a photo the library refuses (over its pixel limit: photoTooLarge) is refused, so that a reused photo
      // cannot pass unhashed by being made huge
      if (isDubanError(e)) throw e;
      hash = null; // not decodable by the image library: kept as uploaded
    }
    const reuseOf = hash ? findReuse(hash, await store.photosSharingBands(hashBands(hash), CANDIDATES), input) : null;
    const gap = captureGap(takenAt, ctx.now);
    if (input.cameraOnly && gap !== null && takenAt !== null && takenAt < ctx.now) {
      throw forbidden(`第${i + 1}张照片拍摄于约${gap}小时前，本计划仅允许现场拍摄，请在现场重新拍照后提交。`, {
        photo: fileId,
        takenAt,
      });
    }
    if (input.cameraOnly && reuseOf) {
      throw forbidden(`第${i + 1}张照片与之前汇报中的照片相同，本计划仅允许现场拍摄，请在现场重新拍照后提交。`, {
        photo: fileId,
        reportId: reuseOf.reportId,
      });
    }
    if (hash) {
      try {
        displayId = await files.savePhotoCopy(await library.stamp(bytes, stampLines(ctx.now, input.unitName)));
      } catch {
        displayId = null;
      }
    }
    out.push({
      reportId: input.reportId,
      fileId,
      displayId,
      hash,
      takenAt,
      receivedAt: ctx.now,
      unitId: input.assignment.unitId,
      taskId: input.assignment.taskId,
      assignmentId: input.assignment.id,
      reuseOf,
    });
  }
  // two copies of one photo in the same report
  for (const [i, e] of out.entries()) {
    if (e.reuseOf || !e.hash) continue;
    const earlier = findReuse(e.hash, out.slice(0, i), { reportId: '' });
    if (earlier) e.reuseOf = earlier;
  }
  return out;
}
