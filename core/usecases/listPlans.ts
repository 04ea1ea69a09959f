/**
 * listPlans: the plans imported (each table one plan), oldest first, with how many tasks each has; archived ones
 * only with `archived: true` (then all). The lists, the dashboard and the circular are filtered by a plan's id
 * (`planId`).
 * Permission: any bound user (PERMISSIONS.listPlans): a contact picks a plan to filter its own list.
 */
import { z } from 'zod';
import type { PlanView } from '../api/contract';
import { defineUseCase } from './define';

export const listPlans = defineUseCase({
  action: 'listPlans',
  schema: z.object({ archived: z.boolean().optional() }),
  async run(ctx, input): Promise<PlanView[]> {
    const { store } = ctx.rt;
    const plans = (await store.listPlans()).filter((p) => input.archived || !p.archivedAt);
    const out: PlanView[] = [];
    for (const p of plans) {
      out.push({
        id: p.id,
        title: p.title,
        importedAt: p.importedAt,
        archivedAt: p.archivedAt ?? null,
        tasks: (await store.listTasksOfPlan(p.id)).length,
      });
    }
    return out;
  },
});
