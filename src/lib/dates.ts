/** Display of calendar dates and instants on the Beijing calendar, whatever the phone's time zone. */
import { zh } from '../i18n/zh-CN';

const OFFSET_MS = 8 * 3600 * 1000;

/** `2026-03-31` → `2026年3月31日`. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return zh.date.full(y, m, d);
}

/** `2026-03-31` → `3月31日`, with the year only when it is not the current one. */
export function shortDate(date: string, now: Date = new Date()): string {
  const [y, m, d] = date.split('-').map(Number);
  return y === beijingParts(now).y ? zh.date.monthDay(m, d) : zh.date.full(y, m, d);
}

function beijingParts(at: Date): { y: number; m: number; d: number; hh: number; mm: number } {
  const t = new Date(at.getTime() + OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
  };
}

/** An instant as Beijing time: `3月31日 09:05` (this year) or `2025年3月31日 09:05`. */
export function chineseDateTime(at: string, now: Date = new Date()): string {
  const p = beijingParts(new Date(at));
  const hm = `${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`;
  return `${p.y === beijingParts(now).y ? zh.date.monthDay(p.m, p.d) : zh.date.full(p.y, p.m, p.d)} ${hm}`;
}

/** Today on the Beijing calendar, `YYYY-MM-DD`. */
export function todayBeijing(now: Date = new Date()): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}
