/**
 * Status lights (红黄绿灯): what supervisors sort by. Computed on the Beijing calendar.
 * green 正常: open, due more than `yellowDays` days away (or ongoing, with no due date);
 * yellow 临期: open and due within `yellowDays` days (today included); red 逾期: open and past due;
 * done 已办结: closed.
 */
import type { LightCounts } from '../api/contract';
import type { AssignmentStatus, CalendarDate, Instant, Light } from '../model';
import { beijingDate, daysBetween } from '../time';

/** Every light is shown with its word, never by colour alone. */
export const LIGHT_WORDS: Record<Light, string> = {
  green: '正常',
  yellow: '临期',
  red: '逾期',
  done: '已办结',
};

/** Beijing calendar days from today to the due date: 0 on the due day, negative once overdue; null without a due date. */
export function daysLeft(dueDate: CalendarDate | null, now: Instant): number | null {
  if (dueDate === null) return null;
  return daysBetween(beijingDate(now), dueDate);
}

export function lightOf(
  a: { status: AssignmentStatus; dueDate: CalendarDate | null },
  now: Instant,
  yellowDays: number,
): Light {
  if (a.status === 'closed') return 'done';
  const left = daysLeft(a.dueDate, now);
  if (left === null) return 'green';
  if (left < 0) return 'red';
  if (left <= yellowDays) return 'yellow';
  return 'green';
}

const SEVERITY: Record<Light, number> = { done: 0, green: 1, yellow: 2, red: 3 };

/**
 * The light of a task or a unit from its assignments' lights: the worst open light;
 * done only when every assignment is done. Nothing to roll up counts as green (nothing is late).
 */
export function rollUp(lights: readonly Light[]): Light {
  if (lights.length === 0) return 'green';
  let worst: Light = 'done';
  for (const l of lights) if (SEVERITY[l] > SEVERITY[worst]) worst = l;
  return worst;
}

/** rollUp over counts of each light (a task's assignments counted by the store): the same rule. */
export function rollUpCounts(c: { green: number; yellow: number; red: number; done: number }): Light {
  if (c.red > 0) return 'red';
  if (c.yellow > 0) return 'yellow';
  if (c.green > 0 || c.done === 0) return 'green';
  return 'done';
}

export function countLights(lights: readonly Light[]): LightCounts {
  const counts: LightCounts = { green: 0, yellow: 0, red: 0, done: 0, total: 0 };
  for (const l of lights) {
    counts[l] += 1;
    counts.total += 1;
  }
  return counts;
}

/**
 * The rollup of an assignment's parts (分解下达): parts done of all parts, and the worst light among the open ones
 * (red before yellow before green; null when every part is done).
 */
export function partsRollup(lights: readonly Light[]): {
  done: number;
  total: number;
  worstOpen: Exclude<Light, 'done'> | null;
} {
  const open = lights.filter((l): l is Exclude<Light, 'done'> => l !== 'done');
  const worstOpen = open.includes('red') ? 'red' : open.includes('yellow') ? 'yellow' : open.length ? 'green' : null;
  return { done: lights.length - open.length, total: lights.length, worstOpen };
}
