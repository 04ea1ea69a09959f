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

/**
 * Values of the calendar functions below kept for the dates and instants asked (a dataset holds a few thousand):
 * a request asks for the date of its one `now` once per light it computes, and for the dates of its cards' last
 * reports and their periods' month ends in between, so one kept value would be replaced at every other call
 * (listMyTasks spent ~90 µs of its 0.55 ms in `toISOString`). Past KEPT values, a map starts again.
 */
const KEPT = 4096;
const beijingDates = new Map<Instant, CalendarDate>();
const monthEnds = new Map<number, CalendarDate>();
const movedDates = new Map<CalendarDate, Map<number, CalendarDate>>();

function kept<K, V>(map: Map<K, V>, key: K, compute: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute(key);
    if (map.size >= KEPT) map.clear();
    map.set(key, value);
  }
  return value;
}

const dateOfMs = (ms: number): CalendarDate => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);

/** The Beijing calendar date of an instant. */
export function beijingDate(at: Instant | Date): CalendarDate {
  if (typeof at !== 'string') return dateOfMs(at.getTime());
  return kept(beijingDates, at, (instant) => dateOfMs(Date.parse(instant)));
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

/** UTC milliseconds at the start of a calendar date. */
function dayStartMs(date: CalendarDate): number {
  return kept(dayStarts, date, (d) => Date.parse(`${d}T00:00:00Z`));
}

/** `date` moved by `days` calendar days. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const from = kept(movedDates, date, () => new Map<number, CalendarDate>());
  return kept(from, days, (n) => new Date(dayStartMs(date) + n * 86400000).toISOString().slice(0, 10));
}

/** The last day of a month (month 1–12). */
export function endOfMonth(year: number, month: number): CalendarDate {
  return kept(monthEnds, year * 1000 + month, () => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10));
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
