/**
 * Calendar arithmetic on the Beijing calendar (Asia/Shanghai, UTC+8, no daylight saving).
 * Runtimes run in UTC (cloud functions) or anywhere (servers): never rely on the process time zone.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { CalendarDate, Instant } from './model';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

let lastInstant: Instant | null = null;
let lastDate: CalendarDate = '';

/**
 * The Beijing calendar date of an instant. The last instant asked and its date are kept: a request asks for the
 * date of its one `now` once per light it computes (a task's hundred assignments, twice each).
 */
export function beijingDate(at: Instant | Date): CalendarDate {
  if (typeof at === 'string' && at === lastInstant) return lastDate;
  const ms = (typeof at === 'string' ? Date.parse(at) : at.getTime()) + OFFSET_MS;
  const date = new Date(ms).toISOString().slice(0, 10);
  if (typeof at === 'string') {
    lastInstant = at;
    lastDate = date;
  }
  return date;
}

/** The Beijing hour (0–23) of an instant. */
export function beijingHour(at: Instant | Date): number {
  const ms = (typeof at === 'string' ? Date.parse(at) : at.getTime()) + OFFSET_MS;
  return new Date(ms).getUTCHours();
}

/** The instant at which a Beijing calendar day starts, plus `hour` hours. */
export function beijingInstant(date: CalendarDate, hour = 0, minute = 0): Instant {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a calendar date: ${date}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], hour, minute) - OFFSET_MS).toISOString();
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((dayStartMs(to) - dayStartMs(from)) / 86400000);
}

const dayStarts = new Map<CalendarDate, number>();

/** UTC milliseconds at the start of a calendar date, kept for the few thousand dates a dataset holds. */
function dayStartMs(date: CalendarDate): number {
  let ms = dayStarts.get(date);
  if (ms === undefined) {
    ms = Date.parse(`${date}T00:00:00Z`);
    if (dayStarts.size >= 4096) dayStarts.clear();
    dayStarts.set(date, ms);
  }
  return ms;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/** The last day of a month (month 1–12). */
export function endOfMonth(year: number, month: number): CalendarDate {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** `2026年3月31日`, as WeChat's date fields and officials write it. */
export function formatChineseDate(date: CalendarDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** `2026年3月31日 09:05` for an instant, in Beijing time. */
export function formatChineseDateTime(at: Instant): string {
  return dayjs(at).tz(TIME_ZONE).format('YYYY年M月D日 HH:mm');
}
