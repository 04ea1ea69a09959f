/**
 * reviewQueue: what waits for the caller's decision, oldest first (at most 100 of each): completion claims to
 * review and, for supervisors, extension requests to decide.
 * Permission (PERMISSIONS.reviewQueue): a lead unit's contact sees the claims of the responsible units of the tasks
 * its unit leads (never its own unit's); supervisors see all claims and all extension requests.
 */
import type { ActionOutput } from '../api/contract';
import { MAX_PAGE } from '../ports/store';
import { z } from 'zod';
import { defineUseCase } from './define';
import { requireScope } from './permissions';
import type { BoundContext } from './runtime';
import { extensionView, reportViews, unitNames } from './views';

/**
 * The claims waiting for the caller's review, as the store's scope: all for a supervisor; for a lead unit's contact
 * the responsible units' claims on the tasks its unit leads (never its own unit's). Refuses anyone else.
 * The inbox counts the same.
 */
export async function pendingReportScope(ctx: BoundContext): Promise<{ leadUnitId?: string; excludeUnitId?: string }> {
  const leadsAny = ctx.user.role === 'contact' && (await ctx.rt.store.unitLeadsAnyTask(ctx.user.unitId));
  const scope = requireScope('reviewQueue', ctx.user, { unitId: null, leadsTask: leadsAny });
  return scope === 'all' ? {} : { leadUnitId: ctx.user.unitId, excludeUnitId: ctx.user.unitId };
}

/** Whether the caller decides extension requests (the reviewQueue shows them, the inbox counts them). */
export function decidesExtensions(ctx: BoundContext): boolean {
  return ctx.user.role === 'supervisor';
}

export const reviewQueue = defineUseCase({
  action: 'reviewQueue',
  schema: z.object({ planId: z.string().min(1).max(100).optional() }),
  async run(ctx, input): Promise<ActionOutput<'reviewQueue'>> {
    const { store } = ctx.rt;
    const ofPlan = (task: { planId: string }) => !input.planId || task.planId === input.planId;
    const all = await store.listPendingReports(await pendingReportScope(ctx), { offset: 0, limit: MAX_PAGE });
    const pending = { ...all, items: all.items.filter((i) => ofPlan(i.task)) };
    const names = await unitNames(ctx.rt);
    const unitOf = new Map(pending.items.map((i) => [i.assignment.id, i.assignment.unitId]));
    const views = await reportViews(
      ctx.rt,
      pending.items.map((i) => i.report),
      (id) => unitOf.get(id),
      names,
    );
    const reports = pending.items.map((i, n) => ({
      report: views[n],
      taskId: i.task.id,
      seq: i.task.seq,
      content: i.task.content,
    }));
    const canDecide = decidesExtensions(ctx);
    const extensions = canDecide
      ? (await store.listPendingExtensions({ offset: 0, limit: MAX_PAGE })).items.filter((e) => ofPlan(e.task))
      : [];
    return {
      reports,
      extensions: extensions.map((e) => ({
        ...extensionView(e.extension, names.get(e.assignment.unitId) ?? ''),
        taskId: e.task.id,
        seq: e.task.seq,
        content: e.task.content,
      })),
    };
  },
});
