/**
 * Per-user upload quotas of the local server: at most UPLOADS_PER_MINUTE uploads in any minute and
 * DAILY_UPLOAD_BYTES a Beijing calendar day. Checked after the caller is authenticated and before the body is read
 * (the declared Content-Length counts against the day); the bytes actually stored are recorded afterwards.
 * Kept in memory: a restart forgets it, which only ever lets more through, never less.
 */
import { rateLimited } from '../../core/errors';
import { addDays, beijingDate, beijingInstant } from '../../core/time';

export const UPLOADS_PER_MINUTE = 30;
export const DAILY_UPLOAD_BYTES = 300 * 1024 * 1024;

export class UploadQuota {
  private readonly recent = new Map<string, number[]>();
  private readonly daily = new Map<string, { day: string; bytes: number }>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly perMinute = UPLOADS_PER_MINUTE,
    private readonly perDay = DAILY_UPLOAD_BYTES,
  ) {}

  /** Refuses (429) an upload of about `declaredBytes` by `who` now; otherwise counts it in the minute. */
  admit(who: string, declaredBytes: number): void {
    const now = this.nowMs();
    const times = (this.recent.get(who) ?? []).filter((t) => t > now - 60_000);
    if (times.length >= this.perMinute) throw rateLimited(1, '上传');
    const used = this.usedToday(who, now);
    if (used + declaredBytes > this.perDay) {
      throw rateLimited(minutesToMidnight(now), `今天上传已超过 ${Math.round(this.perDay / 1048576)} MB，上传`);
    }
    times.push(now);
    this.recent.set(who, times);
    if (this.recent.size > 10_000) this.prune(now);
  }

  /** Records the bytes stored for `who`. */
  record(who: string, bytes: number): void {
    const now = this.nowMs();
    const day = beijingDate(new Date(now).toISOString());
    const cur = this.daily.get(who);
    this.daily.set(who, { day, bytes: (cur && cur.day === day ? cur.bytes : 0) + bytes });
  }

  private usedToday(who: string, now: number): number {
    const cur = this.daily.get(who);
    return cur && cur.day === beijingDate(new Date(now).toISOString()) ? cur.bytes : 0;
  }

  private prune(now: number): void {
    for (const [k, v] of this.recent) if (!v.some((t) => t > now - 60_000)) this.recent.delete(k);
  }
}

/** Minutes until the next Beijing midnight (when the day's bytes start again). */
function minutesToMidnight(nowMs: number): number {
  const midnight = beijingInstant(addDays(beijingDate(new Date(nowMs)), 1));
  return Math.max(1, Math.ceil((Date.parse(midnight) - nowMs) / 60_000));
}
