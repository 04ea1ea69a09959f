/**
 * What each person uploaded to the local server, for the per-user upload quota (the rule and its limits:
 * core/usecases/uploadQuota.ts, shared with CloudBase). Checked after the caller is authenticated and before the
 * body is read (the declared Content-Length counts against the day); the bytes actually stored are recorded
 * afterwards. Kept in memory: a restart forgets it, which only ever lets more through, never less.
 */
import { uploadQuotaRefusal, UPLOAD_QUOTA } from '../../core/usecases/uploadQuota';
import { beijingDate } from '../../core/time';

export { DAILY_UPLOAD_BYTES, UPLOADS_PER_MINUTE } from '../../core/usecases/uploadQuota';

export class UploadQuota {
  private readonly recent = new Map<string, number[]>();
  private readonly daily = new Map<string, { day: string; bytes: number }>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly perMinute = UPLOAD_QUOTA.perMinute,
    private readonly perDay = UPLOAD_QUOTA.perDay,
  ) {}

  /** Refuses (429) an upload of about `declaredBytes` by `who` now; otherwise counts it in the minute. */
  admit(who: string, declaredBytes: number): void {
    const now = this.nowMs();
    const times = (this.recent.get(who) ?? []).filter((t) => t > now - 60_000);
    const used = { lastMinute: times.length, today: this.usedToday(who, now) };
    const refusal = uploadQuotaRefusal(used, { count: 1, bytes: declaredBytes }, now, {
      perMinute: this.perMinute,
      perDay: this.perDay,
    });
    if (refusal) throw refusal;
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
