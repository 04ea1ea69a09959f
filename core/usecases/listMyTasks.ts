/**
 * listMyTasks: the caller's unit's assignments, most urgent first (red by most overdue, then yellow, then green by
 * due date, open-ended ones, done last), filtered by light ('due' = yellow 临期, 'overdue' = red 逾期), role, stage
 * and text, paged. A part split down to the unit (分解下达) is a task like any other, with the units it came down
 * through (`path`: 市 → 区 → 本单位).
 * Permission: any bound user, about its own unit (PERMISSIONS.listMyTasks).
 */
import { z } from 'zod';
import type { Light } from '../model';
import { MAX_PAGE } from '../ports/store';
import { beijingDate } from '../time';
import { defineUseCase } from './define';
import { lightQuery } from './lightBands';
import { assignmentCard, partPaths, returnedNote, unitNames } from './views';
import { reportDueOf } from './cycles';

const LIGHT_FILTER: Record<string, Light> = {
  green: 'green',
  yellow: 'yellow',
  red: 'red',
  done: 'done',
  due: 'yellow',
  overdue: 'red',
};

export const listMyTasks = defineUseCase({
  action: 'listMyTasks',
  schema: z.object({
    light: z.enum(['green', 'yellow', 'red', 'done', 'due', 'overdue']).optional(),
    role: z.enum(['lead', 'responsible']).optional(),
    stage: z.string().trim().min(1).max(200).optional(),
    q: z.string().trim().max(100).optional(),
    page: z.number().int().min(1).max(100000).optional(),
    pageSize: z.number().int().min(1).max(MAX_PAGE).optional(),
    planId: z.string().min(1).max(100).optional(),
  }),
  async run(ctx, input) {
    const settings = await ctx.rt.store.getSettings();
    const page = input.page ?? 1;
    const pageSize = input.pageSize ?? 20;
    const band = input.light ? lightQuery(LIGHT_FILTER[input.light], beijingDate(ctx.now), settings.yellowDays) : {};
    const result = await ctx.rt.store.listAssignments(
      {
        ...band,
        unitIds: [ctx.user.unitId],
        role: input.role,
        stage: input.stage,
        q: input.q || undefined,
        planId: input.planId,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    const names = await unitNames(ctx.rt);
    // 被退回: the latest report of an assignment back in progress (one indexed lookup per card on the page)
    const [latest, paths] = await Promise.all([
      ctx.rt.store.latestReports(
        result.items.filter((i) => i.assignment.status === 'in_progress').map((i) => i.assignment.id),
      ),
      partPaths(
        ctx.rt,
        result.items.map((i) => i.assignment),
        names,
      ),
    ]);
    return {
      items: result.items.map(({ assignment, task }) => ({
        ...assignmentCard(
          assignment,
          task,
          names,
          ctx.now,
          settings.yellowDays,
          reportDueOf(settings, task, assignment, beijingDate(ctx.now)),
          paths.get(assignment.id) ?? [],
        ),
        returned: returnedNote(latest[assignment.id]),
      })),
      total: result.total,
      page,
      pageSize,
    };
  },
});
