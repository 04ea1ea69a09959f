/**
 * listTaskUnits: the units of a task that getTask counted rather than listed (TaskDetail.others), a page at a time,
 * as assignment views. Which ones, and who may ask, is getTask's own rule (taskSight.ts): nothing here is visible
 * that getTask does not count, and for a caller getTask lists in full it is empty.
 * Permission (PERMISSIONS.listTaskUnits, as getTask's): contacts only for tasks their unit has an assignment in;
 * supervisors, admins and viewers any within their reach.
 */
import { z } from 'zod';
import { defineUseCase } from './define';
import { taskSight, unitsPage } from './taskSight';
import { unitNames } from './views';

export const listTaskUnits = defineUseCase({
  action: 'listTaskUnits',
  schema: z.object({ taskId: z.string().min(1).max(100), after: z.string().min(1).max(200).optional() }),
  async run(ctx, input) {
    const [sight, names] = await Promise.all([
      taskSight(ctx, 'listTaskUnits', input.taskId, 'rows'),
      unitNames(ctx.rt),
    ]);
    return unitsPage(sight, input.after, names, ctx.now, sight.settings.yellowDays);
  },
});
