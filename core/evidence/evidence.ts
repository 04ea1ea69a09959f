/**
 * Evidence that can be trusted (现场照片): the rules for a report's photos, in one place.
 * - Each photo's display copy carries, burned in, the server's receive time (Beijing) and the unit (`stampLines`);
 *   the original is kept as uploaded.
 * - The photo's own capture time (EXIF) is shown beside it; more than CAPTURE_GAP_HOURS between it and the receive
 *   time is flagged (`captureGap`).
 * - A photo whose perceptual hash is within REUSE_DISTANCE of one in an earlier report (of any unit) is flagged to
 *   the reviewer with a link to that report (`findReuse`).
 * - 仅允许现场拍摄 (Settings.cameraOnlyPlanIds): the app offers only the camera. What the server can check is only
 *   what the photo says of itself: it refuses a photo whose capture time is more than CAPTURE_GAP_HOURS before it
 *   received it (an old album photo) and a reused photo. A photo without EXIF (WeChat's camera strips it) cannot be
 *   told from an album photo without EXIF: the server cannot know where a photo came from.
 */
import type { Instant } from '../model';
import { formatChineseDateTime } from '../time';
import { hammingDistance, REUSE_DISTANCE } from './phash';

/** What a photo of a report was found to be. */
export interface PhotoEvidence {
  reportId: string;
  /** The photo as uploaded (kept). */
  fileId: string;
  /** The stamped display copy; null when it could not be made (the original is shown). */
  displayId: string | null;
  /** dHash, 16 hex digits; null when the photo could not be decoded. */
  hash: string | null;
  /** EXIF capture time, or null when the photo has none. */
  takenAt: Instant | null;
  /** When the server received it (the report's time). */
  receivedAt: Instant;
  unitId: string;
  taskId: string;
  assignmentId: string;
  /** The earlier photo it matches, when it does. */
  reuseOf: ReuseMatch | null;
}

export interface ReuseMatch {
  reportId: string;
  fileId: string;
  taskId: string;
  unitId: string;
  at: Instant;
  distance: number;
}

/** A capture time more than this before (or after) the receive time is flagged. */
export const CAPTURE_GAP_HOURS = 24;

/** The two lines burned into the display copy. */
export function stampLines(receivedAt: Instant, unitName: string): string[] {
  return [`服务器接收 ${formatChineseDateTime(receivedAt)}（北京时间）`, unitName];
}

/** Hours between capture and receipt when more than CAPTURE_GAP_HOURS, else null. */
export function captureGap(takenAt: Instant | null, receivedAt: Instant): number | null {
  if (!takenAt) return null;
  const hours = Math.abs(Date.parse(receivedAt) - Date.parse(takenAt)) / 3_600_000;
  return hours > CAPTURE_GAP_HOURS ? Math.round(hours) : null;
}

/** The closest earlier photo within REUSE_DISTANCE (the oldest among equals), or null. */
export function findReuse(hash: string, candidates: PhotoEvidence[], self: { reportId: string }): ReuseMatch | null {
  let best: ReuseMatch | null = null;
  for (const c of candidates) {
    if (!c.hash || c.reportId === self.reportId) continue;
    const distance = hammingDistance(hash, c.hash);
    if (distance > REUSE_DISTANCE) continue;
    if (!best || distance < best.distance || (distance === best.distance && c.receivedAt < best.at)) {
      best = { reportId: c.reportId, fileId: c.fileId, taskId: c.taskId, unitId: c.unitId, at: c.receivedAt, distance };
    }
  }
  return best;
}

/**
 * An EXIF date (`2026:03:10 09:15:00`, the camera's wall clock) as an instant: with its offset when the photo
 * records one (OffsetTimeOriginal, `+08:00`), else read as Beijing time. null when unreadable.
 */
export function exifInstant(raw: string | null | undefined, offset?: string | null): Instant | null {
  const m = raw ? /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim()) : null;
  if (!m) return null;
  const tz = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '+08:00';
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${tz}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
