/**
 * The reporting cycle and leaders' instructions as the use cases (and the circular) read them: the one home of
 * "which units missed this period" and "which 批示 are open", over the store, returning plain rows.
 *
 * - `reportDueOf`: 本期待报送 for one open assignment (cards, the task page), from its latest report alone.
 * - `missedThisPeriod(rt, { planId?, now })` / `reportingThisPeriod`: for each open assignment whose task reports on
 *   a cycle, the last period whose due day has passed, and the units that were missing or late in it (first report
 *   of the period after the due day). Assignments of a plan imported after that due day are not asked. The store
 *   filters and counts per period (reportGapCounts / reportGapRows); both stores keep the counts of each period
 *   asked up to date as assignments change (gapCounts.ts), so the dashboard's counts do not grow with the data.
 * - `openInstructions(rt, { planId?, limit? })`: 批示 not yet acted on by every unit concerned, newest first.
 * - `instructionViews`: what a 批示 shows (the units concerned and who recorded 落实).
 */
import type { Frozen } from '../frozen';
import type { CycleSource, InstructionView, MissedPeriodRow, MissedReportRow, MissedUnitRow } from '../api/contract';
import type { Assignment, CalendarDate, Instant, Instruction, Plan, Report, Settings, Task } from '../model';
import { MAX_PAGE, SCAN_PAGE, type ReportGapQuery, type TaskHead } from '../ports/store';
import { REMINDED_STATUSES } from '../remind/planner';
import {
  currentPeriod,
  cycleFor,
  DEFAULT_CYCLE_ID,
  describePeriod,
  lastDuePeriod,
  periodStatus,
  periodWindow,
  reportedInPeriod,
  type Period,
} from '../cycle/period';
import type { ReportCycle } from '../model';
import { beijingDate } from '../time';
import type { Runtime } from './runtime';
import { unitName, unitNames } from './views';

/** Whether an assignment is one a cycle asks to report (its unit has to act: not claimed, not closed). */
export function asksToReport(a: Pick<Assignment, 'status'>): boolean {
  return REMINDED_STATUSES.includes(a.status);
}

/** What a cycle applies by: the task, its plan, its stage. */
type CycleTask = Pick<Task, 'id' | 'planId' | 'stage'>;

const cycleTarget = (t: CycleTask) => ({ taskId: t.id, planId: t.planId, stage: t.stage });

/** The cycle a task reports on (core/cycle: the task's, its stage's, its plan's, the settings' report day). */
export function taskCycle(settings: Frozen<Settings>, task: CycleTask): ReportCycle | null {
  return cycleFor(settings, cycleTarget(task));
}

/** Where a cycle in force comes from (cycleFor's order): 本任务 / 阶段 / 方案 / 默认 (the settings' report day). */
export function cycleSource(cycle: ReportCycle): CycleSource {
  if (cycle.id === DEFAULT_CYCLE_ID) return 'default';
  return cycle.taskId ? 'task' : cycle.stage !== null ? 'stage' : 'plan';
}

/** 本期待报送: the current period of the task's cycle, when this open assignment has not reported in it. */
export function reportDueOf(
  settings: Frozen<Settings>,
  task: Task,
  a: Assignment,
  today: CalendarDate,
): { periodName: string; due: CalendarDate } | null {
  if (!asksToReport(a)) return null;
  const cycle = taskCycle(settings, task);
  if (!cycle) return null;
  const p = currentPeriod(cycle, today);
  if (!p || reportedInPeriod(p, a.lastReportAt)) return null;
  return { periodName: describePeriod(cycle.rule, p), due: p.due };
}

/**
 * The period a task's open assignments are judged on (本期未按时报送): its cycle's last period whose due day has
 * passed, or null when it has none or its plan was imported after that due day (it could not have been reported on
 * in time). The one home of this rule for the circular, the dashboard and the unit page.
 */
export function judgedPeriod(
  settings: Frozen<Settings>,
  task: CycleTask,
  importedAt: Instant | undefined,
  today: CalendarDate,
): { cycle: ReportCycle; period: Period } | null {
  const cycle = taskCycle(settings, task);
  const period = cycle ? lastDuePeriod(cycle, today) : null;
  if (!cycle || !period) return null;
  if (importedAt !== undefined && beijingDate(importedAt) > period.due) return null;
  return { cycle, period };
}

/**
 * 本期未报送 for one assignment (the unit page): the judged period, when the assignment is asked to report and has
 * no report since that period began — what reportingThisPeriod counts as `missing` (periodStatus with no report).
 * A first report after the due day (`late`) needs the period's history, which only reportingThisPeriod reads.
 */
export function missedPeriodOf(
  settings: Frozen<Settings>,
  task: Task,
  a: Pick<Assignment, 'status' | 'lastReportAt'>,
  importedAt: Instant | undefined,
  today: CalendarDate,
): { periodName: string; due: CalendarDate } | null {
  if (!asksToReport(a)) return null;
  const judged = judgedPeriod(settings, task, importedAt, today);
  if (!judged) return null;
  if (a.lastReportAt && a.lastReportAt >= periodWindow(judged.period).from) return null;
  if (periodStatus(judged.period, null, today) !== 'missing') return null;
  return { periodName: describePeriod(judged.cycle.rule, judged.period), due: judged.period.due };
}

/**
 * The tasks of the plans asked (every plan, or one), a plan at a time and light (listTaskHeadsOfPlan: paging the
 * whole task list by offset re-sorted every task for each page, and read every column). An archived plan's are
 * left out: its assignments are withdrawn, counted nowhere.
 */
async function tasksOfPlans(rt: Runtime, plans: Plan[], planId: string | undefined): Promise<TaskHead[]> {
  const out: TaskHead[] = [];
  for (const p of plans) {
    if ((planId !== undefined && p.id !== planId) || p.archivedAt) continue;
    out.push(...(await rt.store.listTaskHeadsOfPlan(p.id)));
  }
  return out;
}

/**
 * The units that missed the last period due of their task's cycle (missing, or late), most recent period first,
 * then task order and unit. `planId` narrows to one plan.
 */
export async function missedThisPeriod(
  rt: Runtime,
  opts: { planId?: string; now: Instant },
): Promise<MissedReportRow[]> {
  return (await reportingThisPeriod(rt, opts)).rows;
}

/** The last period due as the circular and the dashboard state it. */
export interface PeriodReporting {
  /** Distinct units with an open assignment on a task whose period is judged. */
  expectedUnits: number;
  /** How many assignments were missing or late. */
  total: number;
  /** The same, counted per unit: most missing first, then most late, then by name. */
  units: MissedUnitRow[];
  /** The same, counted per period judged (those with a gap only), most recent first. */
  periods: MissedPeriodRow[];
  /** The missed rows (all of them, or the first `rowLimit` of the most recent periods), in missedThisPeriod's order. */
  rows: MissedReportRow[];
}

type Judged = { cycle: ReportCycle; period: Period; tasks: TaskHead[] };

/**
 * The last period due of every task on a cycle, as the circular and the dashboard state it. The tasks are grouped
 * by the period they are judged on; for each group the store filters and counts the open assignments without a
 * report in time (reportGapCounts, reportGapRows), and the period's rule here says what each gap is (periodStatus).
 * `rowLimit` caps the rows read (the dashboard's first page); the counts are always whole. `names`: the units'
 * names, when the caller has them.
 */
export async function reportingThisPeriod(
  rt: Runtime,
  opts: { planId?: string; now: Instant; rowLimit?: number; names?: ReadonlyMap<string, string> },
): Promise<PeriodReporting> {
  const none: PeriodReporting = { expectedUnits: 0, total: 0, units: [], periods: [], rows: [] };
  const settings = await rt.store.getSettings();
  if ((settings.cycles ?? []).length === 0 && settings.periodicReportDay === null) return none;
  const today = beijingDate(opts.now);
  const planList = await rt.store.listPlans();
  const plans = new Map(planList.map((p) => [p.id, p]));
  const groups = new Map<string, Judged>();
  // the judged period depends on the task's cycle and its plan's import only: worked out once per pair
  const groupOf = new Map<string, Judged | null>();
  for (const task of await tasksOfPlans(rt, planList, opts.planId)) {
    const cycleId = taskCycle(settings, task)?.id;
    if (cycleId === undefined) continue;
    const memo = `${cycleId}\u0000${task.planId}`;
    let group = groupOf.get(memo);
    if (group === undefined) {
      const judged = judgedPeriod(settings, task, plans.get(task.planId)?.importedAt, today);
      if (judged) {
        const { cycle, period } = judged;
        const key = `${describePeriod(cycle.rule, period)}|${period.start}|${period.due}|${period.end}`;
        group = groups.get(key) ?? { cycle, period, tasks: [] };
        groups.set(key, group);
      } else group = null;
      groupOf.set(memo, group);
    }
    group?.tasks.push(task);
  }
  if (groups.size === 0) return none;
  // most recent period first, as the rows are shown
  const judged = [...groups.values()].sort((x, y) =>
    x.period.due < y.period.due ? 1 : x.period.due > y.period.due ? -1 : 0,
  );
  // the caller's names when it has read the directory already (the dashboard: on CloudBase each read is requests)
  const names = opts.names ?? (await unitNames(rt));
  const queryOf = (j: Judged): ReportGapQuery => {
    const w = periodWindow(j.period);
    return { taskIds: j.tasks.map((t) => t.id), statuses: REMINDED_STATUSES, ...w, by: dueDayEnd(j.period) };
  };
  // what a gap is, by the period's rule: no report in the window, or a first one after the due day
  const statusOf = (j: Judged, firstAt: Instant | null) => periodStatus(j.period, firstAt, today);
  const expected = new Set<string>();
  const byUnit = new Map<string, MissedUnitRow>();
  const periods: MissedPeriodRow[] = [];
  let total = 0;
  for (const j of judged) {
    const noneIs = statusOf(j, null);
    const afterIs = statusOf(j, dueDayEnd(j.period));
    const p: MissedPeriodRow = {
      periodName: describePeriod(j.cycle.rule, j.period),
      due: j.period.due,
      missing: 0,
      late: 0,
    };
    for (const c of await rt.store.reportGapCounts(queryOf(j))) {
      if (c.open > 0) expected.add(c.unitId);
      const u = byUnit.get(c.unitId) ?? { unitId: c.unitId, unitName: unitName(names, c.unitId), missing: 0, late: 0 };
      for (const [n, status] of [
        [c.none, noneIs],
        [c.after, afterIs],
      ] as const) {
        if (status === 'missing') u.missing += n;
        else if (status === 'late') u.late += n;
        else continue;
        p[status] += n;
        total += n;
      }
      if (u.missing + u.late > 0) byUnit.set(c.unitId, u);
    }
    if (p.missing + p.late > 0) periods.push(p);
  }
  const limit = opts.rowLimit ?? Infinity;
  const rows: MissedReportRow[] = [];
  for (const j of judged) {
    if (rows.length >= limit) break;
    const q = queryOf(j);
    const tasks = new Map(j.tasks.map((t) => [t.id, t]));
    for (let after: string | null = null; rows.length < limit;) {
      const page = await rt.store.reportGapRows(q, after, Math.min(SCAN_PAGE, limit - rows.length));
      for (const g of page) {
        const status = statusOf(j, g.firstAt);
        const task = tasks.get(g.taskId);
        if (!task || (status !== 'missing' && status !== 'late')) continue;
        rows.push({
          assignmentId: g.assignmentId,
          taskId: task.id,
          seq: task.seq,
          content: task.content,
          unitId: g.unitId,
          unitName: unitName(names, g.unitId),
          periodName: describePeriod(j.cycle.rule, j.period),
          due: j.period.due,
          status,
        });
      }
      if (page.length < SCAN_PAGE) break;
      after = page[page.length - 1].assignmentId;
    }
  }
  rows.sort(
    (x, y) =>
      (x.due < y.due ? 1 : x.due > y.due ? -1 : 0) ||
      x.seq - y.seq ||
      (x.status === y.status ? 0 : x.status === 'missing' ? -1 : 1) ||
      x.unitName.localeCompare(y.unitName, 'zh-Hans-CN'),
  );
  return { expectedUnits: expected.size, total, units: sortUnits([...byUnit.values()]), periods, rows };
}

/** The first instant after the period's due day (Beijing): a first report at or after it came late. */
function dueDayEnd(p: Period): Instant {
  return periodWindow({ start: p.due, due: p.due, end: p.due }).to;
}

/** Most missing first, then most late, then by name. */
function sortUnits(units: MissedUnitRow[]): MissedUnitRow[] {
  return units.sort(
    (a, b) => b.missing - a.missing || b.late - a.late || a.unitName.localeCompare(b.unitName, 'zh-Hans-CN'),
  );
}

/** The units a 批示 asks to act, and when each recorded 落实 (its first followUp report naming it). */
export function instructionViews(
  instructions: Instruction[],
  assignments: Assignment[],
  reports: Report[],
  names: ReadonlyMap<string, string>,
): InstructionView[] {
  const byId = new Map(assignments.map((a) => [a.id, a]));
  return instructions.map((i) => {
    const acted = new Map<string, Instant>();
    for (const r of reports) {
      if (r.kind !== 'followUp' || r.instructionId !== i.id) continue;
      const prior = acted.get(r.assignmentId);
      if (!prior || r.createdAt < prior) acted.set(r.assignmentId, r.createdAt);
    }
    const concerned = i.assignmentId
      ? assignments.filter((a) => a.id === i.assignmentId)
      : assignments.filter((a) => a.taskId === i.taskId && (a.status !== 'closed' || acted.has(a.id)));
    const units = concerned.map((a) => ({
      assignmentId: a.id,
      unitName: unitName(names, a.unitId),
      actedAt: acted.get(a.id) ?? null,
    }));
    const on = i.assignmentId ? byId.get(i.assignmentId) : undefined;
    return {
      id: i.id,
      taskId: i.taskId,
      assignmentId: i.assignmentId,
      unitName: on ? unitName(names, on.unitId) : null,
      text: i.text,
      leaderName: i.leaderName,
      createdAt: i.createdAt,
      units,
      acted: units.every((u) => u.actedAt !== null),
    };
  });
}

/** 批示 not yet acted on by every unit concerned, newest first (of the latest 1,000); `names`: as reportingThisPeriod's. */
export async function openInstructions(
  rt: Runtime,
  opts: { planId?: string; limit?: number; names?: ReadonlyMap<string, string> } = {},
): Promise<{ total: number; items: InstructionView[] }> {
  const limit = opts.limit ?? MAX_PAGE;
  const names = opts.names ?? (await unitNames(rt));
  const open: InstructionView[] = [];
  const taskCache = new Map<string, { task: Task | null; assignments: Assignment[]; reports: Report[] }>();
  for (let offset = 0; offset < 10 * MAX_PAGE; offset += MAX_PAGE) {
    const page = await rt.store.listInstructions({ offset, limit: MAX_PAGE });
    for (const i of page.items) {
      let t = taskCache.get(i.taskId);
      if (!t) {
        const [task, assignments, reports] = await Promise.all([
          rt.store.getTask(i.taskId),
          rt.store.listAssignmentsOfTask(i.taskId),
          rt.store.listReportsOfTask(i.taskId),
        ]);
        t = { task, assignments, reports };
        taskCache.set(i.taskId, t);
      }
      if (!t.task || (opts.planId !== undefined && t.task.planId !== opts.planId)) continue;
      const [view] = instructionViews([i], t.assignments, t.reports, names);
      if (!view.acted) open.push(view);
    }
    if (page.items.length < MAX_PAGE) break;
  }
  return { total: open.length, items: open.slice(0, limit) };
}
