/**
 * dashboard: counts by light (红黄绿灯), by stage and by unit (units ranked by overdue), what falls due this week
 * (Beijing days 0–6 from today) and the overdue assignments (the 100 most overdue; the count is in `counts.red`).
 * Permission: supervisors, admins and viewers (PERMISSIONS.dashboard). Levels: one bound at the city counts the
 * table's own assignments (units at the top); one bound to a district its subtree's (core/org/levels.ts
 * `countsCover`), lists included.
 */
import type { Dashboard, DashboardRow, LightCounts } from '../api/contract';
import type { Settings } from '../model';
import type { AssignmentWithTask, LightCountRow } from '../ports/store';
import { MAX_PAGE } from '../ports/store';
import { daysLeft, lightOf } from '../lights/lights';
import { addDays, beijingDate } from '../time';
import { defineUseCase, noInput } from './define';
import { lightBands, lightQuery } from './lightBands';
import type { Runtime } from './runtime';
import { unitNames } from './views';
import { callerReach } from './access';
import { countsCover } from '../org/levels';

export const NO_STAGE = '（未分阶段）';

const zero = (): LightCounts => ({ green: 0, yellow: 0, red: 0, done: 0, total: 0 });

/** The totals of count rows (the dashboard's tiles; `duban rebuild-counts` prints them). */
export function sumLightCounts(rows: LightCountRow[]): LightCounts {
  const total = zero();
  for (const r of rows) add(total, r);
  return total;
}

function add(into: LightCounts, r: LightCountRow): void {
  into.green += r.green;
  into.yellow += r.yellow;
  into.red += r.red;
  into.done += r.done;
  into.total += r.green + r.yellow + r.red + r.done;
}

export function dashboardRow(
  { assignment: a, task }: AssignmentWithTask,
  names: Map<string, string>,
  now: string,
  settings: Settings,
): DashboardRow {
  return {
    assignmentId: a.id,
    taskId: task.id,
    seq: task.seq,
    content: task.content,
    unitName: names.get(a.unitId) ?? '',
    role: a.role,
    dueDate: a.dueDate,
    daysLeft: daysLeft(a.dueDate, now),
    light: lightOf(a, now, settings.yellowDays),
  };
}

/** Counts per light overall, per stage (document order of first appearance) and per unit (most overdue first). */
export async function lightSummary(
  rt: Runtime,
  now: string,
  settings: Settings,
  names: Map<string, string>,
  covers: (unitId: string) => boolean = () => true,
): Promise<Pick<Dashboard, 'counts' | 'byStage' | 'byUnit'>> {
  const today = beijingDate(now);
  const rows = (await rt.store.lightCounts(lightBands(today, settings.yellowDays))).filter((r) => covers(r.unitId));
  const counts = zero();
  const byStage = new Map<string, LightCounts>();
  const byUnit = new Map<string, LightCounts>();
  for (const r of rows) {
    add(counts, r);
    const stage = r.stage ?? NO_STAGE;
    if (!byStage.has(stage)) byStage.set(stage, zero());
    add(byStage.get(stage)!, r);
    if (!byUnit.has(r.unitId)) byUnit.set(r.unitId, zero());
    add(byUnit.get(r.unitId)!, r);
  }
  const units = [...byUnit.entries()].map(([unitId, c]) => ({ unitId, unitName: names.get(unitId) ?? '', counts: c }));
  units.sort(
    (a, b) =>
      b.counts.red - a.counts.red ||
      b.counts.yellow - a.counts.yellow ||
      a.counts.done / a.counts.total - b.counts.done / b.counts.total ||
      a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
  return {
    counts,
    byStage: [...byStage.entries()].map(([stage, c]) => ({ stage, counts: c })),
    byUnit: units,
  };
}

export const dashboard = defineUseCase({
  action: 'dashboard',
  schema: noInput,
  async run(ctx): Promise<Dashboard> {
    const { store } = ctx.rt;
    const settings = await store.getSettings();
    const names = await unitNames(ctx.rt);
    const today = beijingDate(ctx.now);
    const reach = await callerReach(ctx);
    const covers = countsCover(await store.listUnits(), reach);
    const unitIds = reach.all ? undefined : [...reach.unitIds];
    const [summary, week, overdue] = await Promise.all([
      lightSummary(ctx.rt, ctx.now, settings, names, covers),
      store.listAssignments(
        { open: true, due: { from: today, to: addDays(today, 6) }, unitIds },
        { offset: 0, limit: MAX_PAGE },
        { count: false },
      ),
      // how many are overdue is counts.red: the list needs no count of its own
      store.listAssignments(
        { ...lightQuery('red', today, settings.yellowDays), unitIds },
        { offset: 0, limit: MAX_PAGE },
        { count: false },
      ),
    ]);
    return {
      generatedAt: ctx.now,
      ...summary,
      dueThisWeek: week.items
        .filter((i) => covers(i.assignment.unitId))
        .map((i) => dashboardRow(i, names, ctx.now, settings)),
      overdue: overdue.items
        .filter((i) => covers(i.assignment.unitId))
        .map((i) => dashboardRow(i, names, ctx.now, settings)),
    };
  },
});
