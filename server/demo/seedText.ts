/**
 * Moves the 2018 table to the present: each task's 完成时间 is rewritten so that, relative to `now`, the demo
 * shows a live mix. Most tasks keep their months with the year shifted forward (green); some get a month that has
 * just passed (overdue, or closed by accepted reports); some a date within the next week (yellow).
 * Deterministic for a given `now`.
 */
import type { CalendarDate, Instant } from '../../core/model';
import { addDays, beijingDate, endOfMonth } from '../../core/time';

export type DemoBand = 'done' | 'red' | 'yellow' | 'green';

/**
 * Which band each task (by its 1-based order in the table) falls in; the rest are green. Tasks 2, 21 and 29 are
 * small (2, 3 and 24 units): they are closed entirely; task 6 (72 units) is closed by the units that have demo
 * contacts and overdue for the others.
 */
const BANDS: Record<number, DemoBand> = {
  2: 'done',
  6: 'done',
  21: 'done',
  29: 'done',
  1: 'red',
  3: 'red',
  7: 'red',
  10: 'red',
  4: 'yellow',
  11: 'yellow',
  16: 'yellow',
  22: 'yellow',
};

/** Green tasks on which the units with demo contacts have already finished early. */
export const EARLY_DONE = [5, 8];

export function bandOf(seq: number): DemoBand {
  return BANDS[seq] ?? 'green';
}

function monthsBack(today: CalendarDate, k: number): { year: number; month: number } {
  const [y, m] = today.split('-').map(Number);
  const index = y * 12 + (m - 1) - k;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The deadline text for a task of the given band, from the text as written in 2018. */
export function movedDeadline(original: string, seq: number, now: Instant): string {
  const today = beijingDate(now);
  const band = bandOf(seq);
  if (band === 'done' || band === 'red') {
    const { year, month } = monthsBack(today, 1 + (seq % 3));
    return `${year}年${month}月`;
  }
  if (band === 'yellow') {
    const [y, m, d] = addDays(today, 1 + (seq % 6))
      .split('-')
      .map(Number);
    return `${y}年${m}月${d}日`;
  }
  if (!/2018/.test(original)) return original;
  // Green: the same months, in the first year in which they end more than two weeks from today.
  const months = [...original.matchAll(/(\d{1,2})\s*月/g)].map((m) => Number(m[1]));
  const dueMonth = months.length > 0 ? months[months.length - 1] : 12;
  const thisYear = Number(today.slice(0, 4));
  const year = endOfMonth(thisYear, dueMonth) > addDays(today, 14) ? thisYear : thisYear + 1;
  return original.replace(/2018\s*年/g, `${year}年`);
}

/**
 * The seed table with every task row's 完成时间 (its last tab-separated cell) moved. Task rows are the rows with
 * five cells that are not the repeated header.
 */
export function moveSeedTable(text: string, now: Instant): string {
  let seq = 0;
  return text
    .split('\n')
    .map((line) => {
      const cells = line.split('\t');
      if (cells.length < 5 || cells[0].trim() === '工作阶段') return line;
      seq += 1;
      const last = cells.length - 1;
      const ending = cells[last].endsWith('\r') ? '\r' : '';
      cells[last] = movedDeadline(cells[last].replace(/\r$/, ''), seq, now) + ending;
      return cells.join('\t');
    })
    .join('\n');
}
