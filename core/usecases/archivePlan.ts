/**
 * archivePlan: a plan whose work is over (or that may no longer be deleted) is archived: every assignment of it is
 * withdrawn (reason 'archived'): kept with its reports and history, hidden from the lists, the lights and counts,
 * the circular and the reminders. Archiving twice changes nothing more.
 * Permission: admin only (PERMISSIONS.archivePlan).
 */
import { z } from 'zod';
import { notFound } from '../errors';
import { audit } from './access';
import { defineUseCase } from './define';

export const archivePlan = defineUseCase({
  action: 'archivePlan',
  schema: z.object({ planId: z.string().min(1).max(100) }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const plan = await store.getPlan(input.planId);
    if (!plan) throw notFound('这份任务清单', { planId: input.planId });
    const withdrawn = await store.archivePlan(plan.id, ctx.now);
    if (!plan.archivedAt || withdrawn > 0) {
      await audit(ctx, 'archivePlan', `plan:${plan.id}`, { title: plan.title, withdrawn });
    }
    return { planId: plan.id, withdrawn };
  },
});
