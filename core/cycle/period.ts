/**
 * The reporting cycle (定期报送): periods, their due days, and in / late / missing per period. Pure, on the Beijing
 * calendar (core/time.ts), whatever the process time zone.
 *
 * A period is the natural span of the rule: the week Monday–Sunday (每周X), the calendar month (每月N日前), the
 * quarter (每季度末月N日前). Its due day is day X of the week, day N of the month (the month's last day when the
 * month is shorter), day N of the quarter's last month. A cycle's `start` and `end` clip the periods; a period whose
 * due day falls outside them is not asked for.
 *
 * For one assignment and one period, from the first report made within the period:
 * - in: reported on or before the due day;
 * - late: reported after the due day, still within the period;
 * - missing: the due day has passed and nothing came;
 * - pending (待报送): nothing yet, the due day not passed.
 * A 本期无新进展 report counts like any other: the cycle asks that the unit report, not that it type.
 */
import { deepFreeze, derivedFrom, type Frozen } from '../frozen';
import type { CalendarDate, CycleRule, Instant, ReportCycle, Settings } from '../model';
import { addDays, beijingDate, endOfMonth } from '../time';

export interface Period {
  /** The first day the period counts reports from (clipped by the cycle's start). */
  start: CalendarDate;
  /** The day by which the report is due. */
  due: CalendarDate;
  /** The last day of the period (clipped by the cycle's end). */
  end: CalendarDate;
}

export type PeriodStatus = 'in' | 'late' | 'missing' | 'pending';

/** A `YYYY-MM-DD` date's numbers, sliced (split and map cost 1.6% of listMyTasks: a few per card). */
const ymd = (date: CalendarDate): [number, number, number] => [
  Number(date.slice(0, 4)),
  Number(date.slice(5, 7)),
  Number(date.slice(8, 10)),
];
const pad = (n: number): string => String(n).padStart(2, '0');

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: CalendarDate): number {
  const [y, m, d] = ymd(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

function dayOfMonth(year: number, month: number, day: number): CalendarDate {
  const eom = endOfMonth(year, month);
  const last = Number(eom.slice(8, 10));
  return `${year}-${pad(month)}-${pad(Math.min(Math.max(1, day), last))}`;
}

/** The natural period of a rule that contains `date` (not clipped by any cycle). */
export function naturalPeriod(rule: CycleRule, date: CalendarDate): Period {
  const [y, m] = ymd(date);
  switch (rule.every) {
    case 'week': {
      const start = addDays(date, 1 - weekdayOf(date));
      const weekday = Math.min(7, Math.max(1, Math.floor(rule.weekday)));
      return { start, due: addDays(start, weekday - 1), end: addDays(start, 6) };
    }
    case 'month':
      return { start: `${y}-${pad(m)}-01`, due: dayOfMonth(y, m, rule.day), end: endOfMonth(y, m) };
    case 'quarter': {
      const first = m - ((m - 1) % 3);
      return { start: `${y}-${pad(first)}-01`, due: dayOfMonth(y, first + 2, rule.day), end: endOfMonth(y, first + 2) };
    }
  }
}

/** The natural period before the one that contains `date`. */
function previousNatural(rule: CycleRule, p: Period): Period {
  return naturalPeriod(rule, addDays(p.start, -1));
}

/** A natural period clipped by the cycle; null when its due day falls outside the cycle (not asked for). */
function clip(cycle: Pick<ReportCycle, 'start' | 'end'>, p: Period): Period | null {
  if (p.due < cycle.start) return null;
  if (cycle.end !== null && p.due > cycle.end) return null;
  return {
    start: p.start < cycle.start ? cycle.start : p.start,
    due: p.due,
    end: cycle.end !== null && p.end > cycle.end ? cycle.end : p.end,
  };
}

/**
 * Each frozen cycle's current period, for the day it was worked out on: a page of cards asks it of the same few
 * cycles (the settings', shared while they stand: SqliteStore.getSettings) once per card. Frozen, as it is shared.
 */
const currentOf = new WeakMap<object, { today: CalendarDate; period: Period | null }>();

/** The period of the cycle that contains `today` (本期), or null when none does. */
export function currentPeriod(cycle: Pick<ReportCycle, 'rule' | 'start' | 'end'>, today: CalendarDate): Period | null {
  const kept = Object.isFrozen(cycle) ? currentOf.get(cycle) : undefined;
  if (kept?.today === today) return kept.period;
  const p = clip(cycle, naturalPeriod(cycle.rule, today));
  const period = p && p.start <= today && today <= p.end ? p : null;
  if (Object.isFrozen(cycle)) currentOf.set(cycle, { today, period: period && Object.freeze(period) });
  return period;
}

/**
 * The latest period whose due day has passed (due < today): the one a unit can have missed. Null when the cycle
 * has none yet.
 */
export function lastDuePeriod(cycle: Pick<ReportCycle, 'rule' | 'start' | 'end'>, today: CalendarDate): Period | null {
  let p = naturalPeriod(cycle.rule, today);
  if (p.due >= today) p = previousNatural(cycle.rule, p);
  // a cycle that ended: walk back to its last period (a few steps at most for any sensible end)
  for (let i = 0; i < 200 && cycle.end !== null && p.due > cycle.end; i++) p = previousNatural(cycle.rule, p);
  return clip(cycle, p);
}

/** Every period of the cycle whose due day is in [from, to], oldest first. */
export function periodsBetween(
  cycle: Pick<ReportCycle, 'rule' | 'start' | 'end'>,
  from: CalendarDate,
  to: CalendarDate,
): Period[] {
  const out: Period[] = [];
  let p = naturalPeriod(cycle.rule, from);
  for (let i = 0; i < 1000 && p.start <= to; i++) {
    const c = clip(cycle, p);
    if (c && c.due >= from && c.due <= to) out.push(c);
    p = naturalPeriod(cycle.rule, addDays(p.end, 1));
  }
  return out;
}

/** The instants a period's reports are counted between: [from, to). */
export function periodWindow(p: Period): { from: Instant; to: Instant } {
  return { from: beijingStart(p.start), to: beijingStart(addDays(p.end, 1)) };
}

function beijingStart(date: CalendarDate): Instant {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d) - 8 * 3600 * 1000).toISOString();
}

/**
 * The first of an assignment's reports made in a period's window ([from, to)), among reports already read (every one
 * of that assignment's must be there): what `Store.firstReportsBetween` answers for it, without asking the store.
 */
export function firstReportIn(
  reports: readonly { assignmentId: string; createdAt: Instant }[],
  assignmentId: string,
  w: { from: Instant; to: Instant },
): Instant | null {
  let first: Instant | null = null;
  for (const r of reports) {
    if (r.assignmentId === assignmentId && r.createdAt >= w.from && r.createdAt < w.to) {
      if (first === null || r.createdAt < first) first = r.createdAt;
    }
  }
  return first;
}

/**
 * In / late / missing / pending for one period, from the first report made within it (null: none) and today.
 */
export function periodStatus(p: Period, firstReportAt: Instant | null, today: CalendarDate): PeriodStatus {
  if (firstReportAt) {
    const day = beijingDate(firstReportAt);
    if (day >= p.start && day <= p.end) return day <= p.due ? 'in' : 'late';
  }
  return today > p.due ? 'missing' : 'pending';
}

/**
 * Whether the unit has reported within the current period, from its latest report only (an assignment's
 * `lastReportAt`): enough for 本期待报送 and reminders, which look at the current period.
 */
export function reportedInPeriod(p: Period, lastReportAt: Instant | null): boolean {
  return lastReportAt !== null && beijingDate(lastReportAt) >= p.start;
}

/** What a task is, for finding its cycle. */
export interface CycleTarget {
  taskId: string;
  planId: string;
  stage: string | null;
}

/** The settings' monthly report day (periodicReportDay), as a cycle on every task without one of its own. */
export const DEFAULT_CYCLE_ID = 'default';

/**
 * The cycle a task reports on: its own, else its stage's, else its plan's, else the settings' monthly report day
 * (`periodicReportDay`, every task, no start or end); null when none applies.
 */
export function cycleFor(
  settings: Frozen<Pick<Settings, 'cycles' | 'periodicReportDay'>>,
  t: CycleTarget,
): ReportCycle | null {
  const index = cycleIndex(settings.cycles ?? []);
  const own = index.byTask.get(t.taskId);
  if (own) return own;
  const stage = t.stage === null ? undefined : index.byStage.get(stageKey(t.planId, t.stage));
  if (stage) return stage;
  const plan = index.byPlan.get(t.planId);
  if (plan) return plan;
  if (settings.periodicReportDay !== null && settings.periodicReportDay !== undefined) {
    // of frozen settings, one frozen default cycle per plan (so that its current period is worked out once too)
    const perPlan = derivedFrom(defaultsOf, settings, () => new Map<string, ReportCycle>());
    const kept = perPlan.get(t.planId);
    if (kept) return kept;
    const cycle: ReportCycle = {
      id: DEFAULT_CYCLE_ID,
      planId: t.planId,
      stage: null,
      taskId: null,
      rule: { every: 'month', day: settings.periodicReportDay },
      start: '1970-01-01',
      end: null,
    };
    // kept only for frozen settings: the map of others is made anew on every call
    perPlan.set(t.planId, deepFreeze(cycle));
    return cycle;
  }
  return null;
}

const defaultsOf = new WeakMap<object, Map<string, ReportCycle>>();

/** The cycles by what they are set on: the first of each (a task's own, a plan's stage, a plan), as `find` took it. */
interface CycleIndex {
  size: number;
  byTask: Map<string, ReportCycle>;
  byStage: Map<string, ReportCycle>;
  byPlan: Map<string, ReportCycle>;
}

const stageKey = (planId: string, stage: string) => `${planId}\u0000${stage}`;

/**
 * Indexed once per list of cycles (the settings a request read), not searched per task: a province of 2,000 tasks,
 * 200 of them on a cycle of their own, looked each task up in every cycle (the dashboard's missed reports, each
 * reminder pass's assignments). Settings are never changed in place; a list that grew is indexed again.
 */
const indexes = new WeakMap<readonly ReportCycle[], CycleIndex>();

function cycleIndex(cycles: readonly ReportCycle[]): CycleIndex {
  const kept = indexes.get(cycles);
  if (kept && kept.size === cycles.length) return kept;
  const index: CycleIndex = { size: cycles.length, byTask: new Map(), byStage: new Map(), byPlan: new Map() };
  const first = <K>(m: Map<K, ReportCycle>, k: K, c: ReportCycle) => {
    if (!m.has(k)) m.set(k, c);
  };
  for (const c of cycles) {
    if (c.taskId) first(index.byTask, c.taskId, c);
    else if (c.stage !== null) first(index.byStage, stageKey(c.planId, c.stage), c);
    else first(index.byPlan, c.planId, c);
  }
  indexes.set(cycles, index);
  return index;
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** 每周五 / 每月28日前 / 每季度末月20日前, as officials write it. */
export function describeRule(rule: CycleRule): string {
  switch (rule.every) {
    case 'week':
      return `每周${WEEKDAYS[Math.min(7, Math.max(1, rule.weekday)) - 1]}`;
    case 'month':
      return `每月${rule.day}日前`;
    case 'quarter':
      return `每季度末月${rule.day}日前`;
  }
}

/** The period's name: 2026年11月 / 2026年第四季度 / 11月23日—11月29日. */
export function describePeriod(rule: CycleRule, p: Period): string {
  const [y, m, d] = ymd(p.due);
  switch (rule.every) {
    case 'month':
      return `${y}年${m}月`;
    case 'quarter':
      return `${y}年第${['一', '二', '三', '四'][Math.floor((m - 1) / 3)]}季度`;
    case 'week': {
      const [, sm, sd] = ymd(p.start);
      const [, em, ed] = ymd(p.end);
      void d;
      return `${sm}月${sd}日—${em}月${ed}日`;
    }
  }
}
