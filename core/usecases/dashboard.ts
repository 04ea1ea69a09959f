/**
 * dashboard: counts by light (红黄绿灯), by stage and by unit (units ranked by overdue), what falls due this week
 * (Beijing days 0–6 from today) and the overdue assignments (the 100 most overdue; the count is in `counts.red`).
 * Also the units that missed the last period due of their task's reporting cycle (本期未按时报送) and the open
 * leaders' instructions (批示), both from core/usecases/cycles.ts, the helpers the circular uses too.
 * Nothing scores activity: units are ranked by outcomes (overdue, then near due, then the share done), never by
 * how many reports they filed.
 * Permission: supervisors, admins and viewers (PERMISSIONS.dashboard). Levels: one bound at the city counts the
 * table's own assignments (units at the top); one bound to a district its subtree's (core/org/levels.ts
 * `countsCover`), lists included.
 */
import type { Frozen } from '../frozen';
import type { Dashboard, DashboardRow, LightCounts } from '../api/contract';
import type { Settings } from '../model';
import type { AssignmentWithTask, LightCountRow, LightTally } from '../ports/store';
import { addTally } from '../ports/lightTotals';
import { MAX_PAGE } from '../ports/store';
import { daysLeft, lightOf } from '../lights/lights';
import { addDays, beijingDate } from '../time';
import { z } from 'zod';
import { defineUseCase } from './define';
import { lightBands, lightQuery } from './lightBands';
import type { Runtime } from './runtime';
import { unitNames } from './views';
import { openInstructions, reportingThisPeriod } from './cycles';
import { callerReach } from './access';
import { countedUnitFilter, countsCover } from '../org/levels';

export const NO_STAGE = '（未分阶段）';

const zero = (): LightCounts => ({ green: 0, yellow: 0, red: 0, done: 0, total: 0 });

/** The totals of count rows (the dashboard's tiles; `duban rebuild-counts` prints them). */
export function sumLightCounts(rows: LightCountRow[]): LightCounts {
  const total = zero();
  for (const r of rows) add(total, r);
  return total;
}

function add(into: LightCounts, r: LightTally): void {
  addTally(into, r);
  into.total += r.green + r.yellow + r.red + r.done;
}

export function dashboardRow(
  { assignment: a, task }: AssignmentWithTask,
  names: ReadonlyMap<string, string>,
  now: string,
  settings: Frozen<Settings>,
): DashboardRow {
  return {
    assignmentId: a.id,
    taskId: task.id,
    unitName: names.get(a.unitId) ?? '',
    role: a.role,
    dueDate: a.dueDate,
    daysLeft: daysLeft(a.dueDate, now),
    light: lightOf(a, now, settings.yellowDays),
  };
}

/** Ranks units already ordered by overdue (most first): equal overdue counts share a rank (1, 2, 2, 4…). */
export function rankByOverdue<T extends { counts: LightCounts }>(units: T[]): (T & { rank: number })[] {
  let rank = 0;
  return units.map((u, i) => {
    if (i === 0 || units[i - 1].counts.red !== u.counts.red) rank = i + 1;
    return { ...u, rank };
  });
}

/** Counts per light overall, per stage (the kept counts' order) and per unit (most overdue first). */
export async function lightSummary(
  rt: Runtime,
  now: string,
  settings: Frozen<Settings>,
  names: ReadonlyMap<string, string>,
  /** One plan's counts; without it, every assignment not withdrawn (archived plans' included none). */
  planId?: string,
  /** The units the caller's level counts (core/org/levels.ts countedUnitFilter); every unit when absent. */
  unitIds?: readonly string[],
): Promise<Pick<Dashboard, 'counts' | 'byStage' | 'byUnit'>> {
  const today = beijingDate(now);
  // summed by the store (SQLite in SQL over its kept counts): the ~1,800 (stage, unit) rows are never read into JS
  const totals = await rt.store.lightTotals(lightBands(today, settings.yellowDays), { planId, unitIds });
  const counted = ({ green, yellow, red, done }: LightTally): LightCounts => ({
    green,
    yellow,
    red,
    done,
    total: green + yellow + red + done,
  });
  const counts = zero();
  const units = totals.byUnit.map((u) => {
    add(counts, u);
    return { unitId: u.unitId, unitName: names.get(u.unitId) ?? '', counts: counted(u) };
  });
  units.sort(
    (a, b) =>
      b.counts.red - a.counts.red ||
      b.counts.yellow - a.counts.yellow ||
      a.counts.done / a.counts.total - b.counts.done / b.counts.total ||
      a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
  return {
    counts,
    byStage: totals.byStage.map((s) => ({ stage: s.stage ?? NO_STAGE, counts: counted(s) })),
    byUnit: rankByOverdue(units),
  };
}

export const dashboard = defineUseCase({
  action: 'dashboard',
  schema: z.object({ planId: z.string().min(1).max(100).optional() }),
  async run(ctx, input): Promise<Dashboard> {
    const planId = input.planId;
    const { store } = ctx.rt;
    const settings = await store.getSettings();
    // the directory read once for the names, the caller's reach and what its level counts
    const unitsRead = store.listUnits();
    const allUnits = await unitsRead;
    const names = await unitNames(ctx.rt, allUnits);
    const today = beijingDate(ctx.now);
    const reach = await callerReach(ctx, unitsRead);
    const covers = countsCover(allUnits, reach);
    const unitIds = reach.all ? undefined : [...reach.unitIds];
    const [summary, week, overdue, missed, instructions] = await Promise.all([
      lightSummary(ctx.rt, ctx.now, settings, names, planId, countedUnitFilter(allUnits, reach)),
      // counted: the tile says how many fall due this week, not how many are shown
      store.listAssignments(
        { open: true, due: { from: today, to: addDays(today, 6) }, planId, unitIds },
        { offset: 0, limit: MAX_PAGE },
      ),
      // how many are overdue is counts.red: the list needs no count of its own
      store.listAssignments(
        { ...lightQuery('red', today, settings.yellowDays), planId, unitIds },
        { offset: 0, limit: MAX_PAGE },
        { count: false },
      ),
      // counted by the store per period; no rows are read (the circular lists them)
      reportingThisPeriod(ctx.rt, { now: ctx.now, planId, rowLimit: 0, names }),
      openInstructions(ctx.rt, { planId, names }),
    ]);
    const urges = await store.urgeStats(overdue.items.map((i) => i.assignment.id));
    const shown = [...week.items, ...overdue.items].filter((i) => covers(i.assignment.unitId));
    const tasks = new Map(shown.map(({ task: t }) => [t.id, { taskId: t.id, seq: t.seq, content: t.content }]));
    return {
      generatedAt: ctx.now,
      ...summary,
      dueThisWeek: week.items
        .filter((i) => covers(i.assignment.unitId))
        .map((i) => dashboardRow(i, names, ctx.now, settings)),
      dueThisWeekCount: week.total,
      overdue: overdue.items
        .filter((i) => covers(i.assignment.unitId))
        .map((i) => ({
          ...dashboardRow(i, names, ctx.now, settings),
          urges: urges[i.assignment.id] ?? null,
        })),
      tasks: [...tasks.values()].sort((x, y) => x.seq - y.seq),
      missedReports: { total: missed.total, units: missed.units, periods: missed.periods },
      openInstructions: instructions,
    };
  },
});
