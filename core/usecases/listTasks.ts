/**
 * listTasks (the whole table): one row per task with its assignments rolled up (the worst open light; units, done,
 * overdue, due soon), searched across every task's content and stage, filtered by plan, stage, lead unit, a unit
 * that has an assignment in it and the rolled-up light, in plan order, 20 a page (`cursor`: where the next starts).
 * The counts and the filters run in the store (one grouped query on SQLite), never a scan per call here.
 * Permission (PERMISSIONS.listTasks): supervisors, admins and viewers all tasks; a lead unit's contact the tasks its
 * unit leads (deskScope, access.ts). The counts are those the caller's level counts (core/org/levels.ts
 * `countsCover`): a district's supervisor counts its subtree's assignments only (its own and its units' parts), the
 * city the table's own assignments (each district's parts show under its assignment, not as more units).
 */
import { z } from 'zod';
import type { TaskRow } from '../api/contract';
import type { TaskSummary } from '../ports/store';
import { rollUpCounts } from '../lights/lights';
import { beijingDate } from '../time';
import { callerReach, deskScope, taskQueryIn } from './access';
import { countedUnitIds } from '../org/levels';
import { NO_STAGE } from './dashboard';
import { defineUseCase } from './define';
import { lightBands } from './lightBands';

export const TASKS_PAGE = 20;

const id = z.string().trim().min(1).max(100);

export function taskRow({ task, counts }: TaskSummary): TaskRow {
  return {
    taskId: task.id,
    planId: task.planId,
    seq: task.seq,
    stage: task.stage,
    content: task.content,
    deadlineText: task.deadline.text,
    leadNames: task.leadNames,
    light: rollUpCounts(counts),
    counts: {
      units: counts.green + counts.yellow + counts.red + counts.done,
      done: counts.done,
      overdue: counts.red,
      dueSoon: counts.yellow,
    },
  };
}

export const listTasks = defineUseCase({
  action: 'listTasks',
  schema: z.object({
    q: z.string().trim().max(100).optional(),
    planId: id.optional(),
    stage: z.string().trim().min(1).max(200).optional(),
    leadUnitId: id.optional(),
    unitId: id.optional(),
    light: z.enum(['green', 'yellow', 'red', 'done']).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,7}$/, '必须是上一页给出的位置')
      .optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const [scope, units, reach] = await Promise.all([deskScope(ctx, 'listTasks'), store.listUnits(), callerReach(ctx)]);
    const offset = input.cursor ? Number(input.cursor) : 0;
    const query = taskQueryIn(scope, {
      q: input.q || undefined,
      planId: input.planId,
      stage: input.stage === NO_STAGE ? null : input.stage,
      leadUnitId: input.leadUnitId,
      unitId: input.unitId,
      light: input.light,
      countUnitIds: countedUnitIds(units, reach),
    });
    if (!query) return { items: [], total: 0, nextCursor: null };
    const settings = await store.getSettings();
    const page = await store.listTaskSummaries(query, lightBands(beijingDate(ctx.now), settings.yellowDays), {
      offset,
      limit: TASKS_PAGE,
    });
    const next = offset + page.items.length;
    return {
      items: page.items.map(taskRow),
      total: page.total,
      nextCursor: page.items.length > 0 && next < page.total ? String(next) : null,
    };
  },
});
