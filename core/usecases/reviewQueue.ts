/**
 * reviewQueue: what waits for the caller's decision, oldest first (at most 100 of each): completion claims to
 * review and, for supervisors, extension requests to decide.
 * Permission (PERMISSIONS.reviewQueue): a lead unit's contact sees the claims of the responsible units of the tasks
 * its unit leads (never its own unit's, nor the parts other units split from theirs); a unit with a subtree sees
 * the claims and extension requests of the parts it split (分解下达); supervisors see all claims and all extension
 * requests within their reach (a district's supervisor, its subtree's).
 */
import type { ActionOutput } from '../api/contract';
import type { Assignment } from '../model';
import { actsOn, unitsBelow } from '../org/levels';
import { MAX_PAGE, type ExtensionWithContext, type ReportWithContext } from '../ports/store';
import { callerReach } from './access';
import { z } from 'zod';
import { defineUseCase } from './define';
import { requireScope } from './permissions';
import type { BoundContext } from './runtime';
import { extensionView, reportViews, unitNames } from './views';

/** The open parts (in `status`) the caller's unit split from its own assignments, with their tasks. */
async function myParts(ctx: BoundContext, below: Set<string>, status: Assignment['status'][]) {
  const { store } = ctx.rt;
  if (!below.size) return [];
  const found = await store.listAssignments(
    { unitIds: [...below], status },
    { offset: 0, limit: MAX_PAGE },
    { count: false },
  );
  const out = [];
  for (const item of found.items) {
    const parent = item.assignment.parentId ? await store.getAssignment(item.assignment.parentId) : null;
    if (parent?.unitId === ctx.user.unitId) out.push(item);
  }
  return out;
}

/**
 * The table's claims waiting for the caller's review, as the store's scope: all for a supervisor; for a lead unit's
 * contact the responsible units' claims on the tasks its unit leads (never its own unit's). Refuses anyone else.
 * The inbox counts the same (the parts a unit split are counted by reviewQueue, not yet by the inbox).
 */
export async function pendingReportScope(ctx: BoundContext): Promise<{ leadUnitId?: string; excludeUnitId?: string }> {
  const leadsAny = ctx.user.role === 'contact' && (await ctx.rt.store.unitLeadsAnyTask(ctx.user.unitId));
  const scope = requireScope('reviewQueue', ctx.user, { unitId: null, leadsTask: leadsAny, inReach: true });
  return scope === 'all' ? {} : { leadUnitId: ctx.user.unitId, excludeUnitId: ctx.user.unitId };
}

/** Whether the caller decides the table's extension requests (the reviewQueue shows them, the inbox counts them). */
export function decidesExtensions(ctx: BoundContext): boolean {
  return ctx.user.role === 'supervisor';
}

export const reviewQueue = defineUseCase({
  action: 'reviewQueue',
  schema: z.object({ planId: z.string().min(1).max(100).optional() }),
  async run(ctx, input): Promise<ActionOutput<'reviewQueue'>> {
    const { store } = ctx.rt;
    const ofPlan = (task: { planId: string }) => !input.planId || task.planId === input.planId;
    const [units, reach] = await Promise.all([store.listUnits(), callerReach(ctx)]);
    const contact = ctx.user.role === 'contact';
    const below = contact ? unitsBelow(units, ctx.user.unitId) : new Set<string>();
    const leadsAny = contact && (await store.unitLeadsAnyTask(ctx.user.unitId));
    const scope = requireScope('reviewQueue', ctx.user, {
      unitId: null,
      leadsTask: leadsAny,
      splitByCaller: below.size > 0,
      inReach: true,
    });
    let items: ReportWithContext[] = [];
    if (scope === 'all' || leadsAny) {
      const pending = await store.listPendingReports(
        scope === 'all' ? {} : { leadUnitId: ctx.user.unitId, excludeUnitId: ctx.user.unitId },
        { offset: 0, limit: MAX_PAGE },
      );
      // a lead unit reviews the assignments of the table; the parts are their splitting unit's
      items = pending.items.filter((i) =>
        scope === 'all' ? actsOn(reach, i.assignment.unitId, !!i.assignment.parentId) : !i.assignment.parentId,
      );
    }
    if (contact && below.size) {
      for (const part of await myParts(ctx, below, ['claimed'])) {
        const reports = await store.listReportsOfTask(part.task.id, { assignmentIds: [part.assignment.id] });
        for (const r of reports.filter((x) => x.review === 'pending').reverse()) {
          items.push({ report: r, assignment: part.assignment, task: part.task });
        }
      }
    }
    items = items.filter((i) => ofPlan(i.task));
    const names = await unitNames(ctx.rt);
    const unitOf = new Map(items.map((i) => [i.assignment.id, i.assignment.unitId]));
    const views = await reportViews(
      ctx.rt,
      items.map((i) => i.report),
      (id) => unitOf.get(id),
      names,
    );
    const reports = items.map((i, n) => ({
      report: views[n],
      taskId: i.task.id,
      seq: i.task.seq,
      content: i.task.content,
    }));
    let extensions: ExtensionWithContext[] = [];
    if (ctx.user.role === 'supervisor') {
      extensions = (await store.listPendingExtensions({ offset: 0, limit: MAX_PAGE })).items.filter((e) =>
        actsOn(reach, e.assignment.unitId, !!e.assignment.parentId),
      );
    } else if (contact && below.size) {
      for (const part of await myParts(ctx, below, ['assigned', 'acknowledged', 'in_progress', 'claimed'])) {
        const pending = (await store.listExtensionsOfTask(part.task.id)).filter(
          (e) => e.assignmentId === part.assignment.id && e.status === 'pending',
        );
        for (const e of pending) extensions.push({ extension: e, assignment: part.assignment, task: part.task });
      }
    }
    extensions = extensions.filter((e) => ofPlan(e.task));
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
