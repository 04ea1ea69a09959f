/**
 * The per-person upload quota (issue 13), one rule for both runtimes: at most UPLOADS_PER_MINUTE uploads in any
 * minute, DAILY_UPLOAD_BYTES a Beijing calendar day, and MAX_UPLOAD_BYTES a file. The local server applies it in its
 * upload routes before the body is read (server/files/quota.ts keeps what each person uploaded, in memory);
 * CloudBase when the app notes an upload it made straight to cloud storage (noteUploads.ts, over the record of
 * uploads in cloudfunctions/shared/src/uploadNotes.ts).
 */
import { fileTooLarge, rateLimited, type DubanError } from '../errors';
import { addDays, beijingDate, beijingInstant } from '../time';

export const UPLOADS_PER_MINUTE = 30;
export const DAILY_UPLOAD_BYTES = 300 * 1024 * 1024;
/** One photo or document. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface QuotaLimits {
  perMinute: number;
  perDay: number;
}

export const UPLOAD_QUOTA: QuotaLimits = { perMinute: UPLOADS_PER_MINUTE, perDay: DAILY_UPLOAD_BYTES };

/** What a person uploaded already: uploads within the last minute, and bytes since the Beijing day began. */
export interface QuotaUsed {
  lastMinute: number;
  today: number;
}

/** The refusal (429) for `adding` uploads of `adding.bytes` in all by someone who used `used`, or null. */
export function uploadQuotaRefusal(
  used: QuotaUsed,
  adding: { count: number; bytes: number },
  nowMs: number,
  limits: QuotaLimits = UPLOAD_QUOTA,
): DubanError | null {
  if (used.lastMinute + adding.count > limits.perMinute) return rateLimited(1, '上传');
  if (used.today + adding.bytes > limits.perDay) {
    return rateLimited(minutesToMidnight(nowMs), `今天上传已超过 ${Math.round(limits.perDay / 1048576)} MB，上传`);
  }
  return null;
}

/** A file over MAX_UPLOAD_BYTES. */
export function uploadTooLarge(): DubanError {
  return fileTooLarge(MAX_UPLOAD_BYTES / (1024 * 1024));
}

/** The earliest instant the quota looks back to at `nowMs`: the Beijing day's start or a minute ago. */
export function quotaWindowStart(nowMs: number): number {
  return Math.min(Date.parse(beijingInstant(beijingDate(new Date(nowMs)))), nowMs - 60_000);
}

/** `used` from a person's earlier uploads (when each was stored, and its bytes). */
export function quotaUsedBy(earlier: { storedAt: string; bytes: number }[], nowMs: number): QuotaUsed {
  const dayStart = Date.parse(beijingInstant(beijingDate(new Date(nowMs))));
  let lastMinute = 0;
  let today = 0;
  for (const e of earlier) {
    const at = Date.parse(e.storedAt);
    if (at > nowMs - 60_000) lastMinute++;
    if (at >= dayStart) today += e.bytes;
  }
  return { lastMinute, today };
}

/** Minutes until the next Beijing midnight (when the day's bytes start again). */
function minutesToMidnight(nowMs: number): number {
  const midnight = beijingInstant(addDays(beijingDate(new Date(nowMs)), 1));
  return Math.max(1, Math.ceil((Date.parse(midnight) - nowMs) / 60_000));
}
