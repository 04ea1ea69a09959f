/**
 * The reporting cycle and leaders' instructions as the use cases (and the circular) read them: the one home of
 * "which units missed this period" and "which 批示 are open", over the store, returning plain rows.
 *
 * - `reportDueOf`: 本期待报送 for one open assignment (cards, the task page), from its latest report alone.
 * - `missedThisPeriod(rt, { planId?, now })`: for each open assignment whose task reports on a cycle, the last
 *   period whose due day has passed, and the units that were missing or late in it (first report of the period
 *   after the due day). Assignments of a plan imported after that due day are not asked.
 * - `openInstructions(rt, { planId?, limit? })`: 批示 not yet acted on by every unit concerned, newest first.
 * - `instructionViews`: what a 批示 shows (the units concerned and who recorded 落实).
 */
import type { InstructionView, MissedReportRow, MissedUnitRow } from '../api/contract';
import type { Assignment, CalendarDate, Instant, Instruction, Report, Settings, Task } from '../model';
import { MAX_PAGE, SCAN_PAGE } from '../ports/store';
import { REMINDED_STATUSES } from '../remind/planner';
import {
  currentPeriod,
  cycleFor,
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

const cycleTarget = (t: Task) => ({ taskId: t.id, planId: t.planId, stage: t.stage });

/** The cycle a task reports on (core/cycle: the task's, its stage's, its plan's, the settings' report day). */
export function taskCycle(settings: Settings, task: Task): ReportCycle | null {
  return cycleFor(settings, cycleTarget(task));
}

/** 本期待报送: the current period of the task's cycle, when this open assignment has not reported in it. */
export function reportDueOf(
  settings: Settings,
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

/** Every task, in plan order (100 at a time). */
async function allTasks(rt: Runtime): Promise<Task[]> {
  const out: Task[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await rt.store.listTasks({ offset, limit: MAX_PAGE });
    out.push(...page.items);
    if (page.items.length < MAX_PAGE || out.length >= page.total) return out;
  }
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

/**
 * The last period due as the circular states it: how many units were due to report (`expectedUnits`, distinct
 * units with an open assignment on a task whose period is judged) and the missed rows (as missedThisPeriod).
 */
export async function reportingThisPeriod(
  rt: Runtime,
  opts: { planId?: string; now: Instant },
): Promise<{ expectedUnits: number; rows: MissedReportRow[] }> {
  const none = { expectedUnits: 0, rows: [] };
  const settings = await rt.store.getSettings();
  if ((settings.cycles ?? []).length === 0 && settings.periodicReportDay === null) return none;
  const today = beijingDate(opts.now);
  const plans = new Map((await rt.store.listPlans()).map((p) => [p.id, p]));
  const judged = new Map<string, { task: Task; cycle: ReportCycle; period: Period }>();
  for (const task of await allTasks(rt)) {
    if (opts.planId !== undefined && task.planId !== opts.planId) continue;
    const cycle = taskCycle(settings, task);
    const period = cycle ? lastDuePeriod(cycle, today) : null;
    if (!cycle || !period) continue;
    const plan = plans.get(task.planId);
    // a table imported after the due day could not have been reported on in time
    if (plan && beijingDate(plan.importedAt) > period.due) continue;
    judged.set(task.id, { task, cycle, period });
  }
  if (judged.size === 0) return none;
  const names = await unitNames(rt);
  const expected = new Set<string>();
  const rows: MissedReportRow[] = [];
  const row = (a: Assignment, j: { task: Task; cycle: ReportCycle; period: Period }, status: 'missing' | 'late') =>
    rows.push({
      assignmentId: a.id,
      taskId: j.task.id,
      seq: j.task.seq,
      content: j.task.content,
      unitId: a.unitId,
      unitName: unitName(names, a.unitId),
      periodName: describePeriod(j.cycle.rule, j.period),
      due: j.period.due,
      status,
    });
  // assignments that reported since the period began: the first report of the period decides in or late
  const toAsk = new Map<string, { from: Instant; to: Instant; items: Assignment[] }>();
  for (let after: string | null = null; ;) {
    const page = await rt.store.scanAssignments(after, SCAN_PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1].id;
    for (const a of page) {
      const j = judged.get(a.taskId);
      if (!j || !asksToReport(a)) continue;
      expected.add(a.unitId);
      if (!reportedInPeriod(j.period, a.lastReportAt)) {
        row(a, j, 'missing');
        continue;
      }
      const w = periodWindow(j.period);
      const key = `${w.from}|${w.to}`;
      const group = toAsk.get(key) ?? { ...w, items: [] };
      group.items.push(a);
      toAsk.set(key, group);
    }
    if (page.length < SCAN_PAGE) break;
  }
  for (const { from, to, items } of toAsk.values()) {
    for (let i = 0; i < items.length; i += MAX_PAGE) {
      const part = items.slice(i, i + MAX_PAGE);
      const first = new Map(
        (
          await rt.store.firstReportsBetween(
            part.map((a) => a.id),
            from,
            to,
          )
        ).map((r) => [r.assignmentId, r.at]),
      );
      for (const a of part) {
        const j = judged.get(a.taskId)!;
        const status = periodStatus(j.period, first.get(a.id) ?? null, today);
        if (status === 'missing' || status === 'late') row(a, j, status);
      }
    }
  }
  rows.sort(
    (x, y) =>
      (x.due < y.due ? 1 : x.due > y.due ? -1 : 0) ||
      x.seq - y.seq ||
      (x.status === y.status ? 0 : x.status === 'missing' ? -1 : 1) ||
      x.unitName.localeCompare(y.unitName, 'zh-Hans-CN'),
  );
  return { expectedUnits: expected.size, rows };
}

/** The missed rows counted per unit: most missing first, then most late, then by name. */
export function missedByUnit(rows: MissedReportRow[]): MissedUnitRow[] {
  const byUnit = new Map<string, MissedUnitRow>();
  for (const r of rows) {
    const u = byUnit.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, missing: 0, late: 0 };
    if (r.status === 'missing') u.missing += 1;
    else u.late += 1;
    byUnit.set(r.unitId, u);
  }
  return [...byUnit.values()].sort(
    (a, b) => b.missing - a.missing || b.late - a.late || a.unitName.localeCompare(b.unitName, 'zh-Hans-CN'),
  );
}

/** The units a 批示 asks to act, and when each recorded 落实 (its first followUp report naming it). */
export function instructionViews(
  instructions: Instruction[],
  assignments: Assignment[],
  reports: Report[],
  names: Map<string, string>,
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

/** 批示 not yet acted on by every unit concerned, newest first (of the latest 1,000). */
export async function openInstructions(
  rt: Runtime,
  opts: { planId?: string; limit?: number } = {},
): Promise<{ total: number; items: InstructionView[] }> {
  const limit = opts.limit ?? MAX_PAGE;
  const names = await unitNames(rt);
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
