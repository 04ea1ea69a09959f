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
import { inScope, requireScope, scopeOf } from './permissions';
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

/** What waits for the caller's review or decision (pendingReviews), with how many there are in all. */
export interface PendingReviews {
  /** Claims to review: the table's oldest first (at most a page), then the parts' (分解下达). */
  reports: ReportWithContext[];
  reportTotal: number;
  /** Extension requests to decide: the table's (a supervisor) oldest first, then the parts'. */
  extensions: ExtensionWithContext[];
  extensionTotal: number;
}

/**
 * THE one rule of what is the caller's to review (reviewQueue lists it, the inbox counts it):
 * - a supervisor: the table's claims and extension requests within its reach that it acts on (`actsOn`: at the
 *   city not a district's parts; a district's supervisor its subtree's);
 * - a lead unit's contact: the claims of the responsible units on the tasks its unit leads (never its own unit's,
 *   nor the parts other units split from theirs);
 * - a unit with a subtree: the claims and extension requests of the parts it split from its own assignments;
 * - anyone else: nothing (the inbox), or FORBIDDEN with `refuseOthers` (reviewQueue).
 * Counts are exact while the table's pending items fit in one page (MAX_PAGE); beyond it, the store's total less
 * what the first page left out.
 */
export async function pendingReviews(
  ctx: BoundContext,
  { planId, refuseOthers = false }: { planId?: string; refuseOthers?: boolean } = {},
): Promise<PendingReviews> {
  const { store } = ctx.rt;
  const ofPlan = (task: { planId: string }) => !planId || task.planId === planId;
  const [units, reach] = await Promise.all([store.listUnits(), callerReach(ctx)]);
  const contact = ctx.user.role === 'contact';
  const below = contact ? unitsBelow(units, ctx.user.unitId) : new Set<string>();
  const leadsAny = contact && (await store.unitLeadsAnyTask(ctx.user.unitId));
  const target = { unitId: null, leadsTask: leadsAny, splitByCaller: below.size > 0, inReach: true };
  const out: PendingReviews = { reports: [], reportTotal: 0, extensions: [], extensionTotal: 0 };
  if (refuseOthers) requireScope('reviewQueue', ctx.user, target);
  else if (!inScope('reviewQueue', ctx.user, target)) return out;
  const supervises = scopeOf('reviewQueue', ctx.user, leadsAny) === 'all';
  const page = { offset: 0, limit: MAX_PAGE };

  if (supervises || leadsAny) {
    const pending = await store.listPendingReports(
      supervises ? {} : { leadUnitId: ctx.user.unitId, excludeUnitId: ctx.user.unitId },
      page,
    );
    // a lead unit reviews the assignments of the table; the parts are their splitting unit's
    const kept = pending.items.filter((i) =>
      supervises ? actsOn(reach, i.assignment.unitId, !!i.assignment.parentId) : !i.assignment.parentId,
    );
    const shown = kept.filter((i) => ofPlan(i.task));
    out.reports.push(...shown);
    out.reportTotal += pending.total - (pending.items.length - shown.length);
  }
  if (supervises && decidesExtensions(ctx)) {
    const pending = await store.listPendingExtensions(page);
    const shown = pending.items.filter(
      (e) => actsOn(reach, e.assignment.unitId, !!e.assignment.parentId) && ofPlan(e.task),
    );
    out.extensions.push(...shown);
    out.extensionTotal += pending.total - (pending.items.length - shown.length);
  }
  if (contact && below.size) {
    for (const part of await myParts(ctx, below, ['assigned', 'acknowledged', 'in_progress', 'claimed'])) {
      if (!ofPlan(part.task)) continue;
      if (part.assignment.status === 'claimed') {
        const reports = await store.listReportsOfTask(part.task.id, { assignmentIds: [part.assignment.id] });
        for (const r of reports.filter((x) => x.review === 'pending').reverse()) {
          out.reports.push({ report: r, assignment: part.assignment, task: part.task });
          out.reportTotal++;
        }
      }
      const pending = (await store.listExtensionsOfTask(part.task.id)).filter(
        (e) => e.assignmentId === part.assignment.id && e.status === 'pending',
      );
      for (const e of pending) {
        out.extensions.push({ extension: e, assignment: part.assignment, task: part.task });
        out.extensionTotal++;
      }
    }
  }
  return out;
}

/** Whether the caller decides the table's extension requests (the reviewQueue shows them, the inbox counts them). */
export function decidesExtensions(ctx: BoundContext): boolean {
  return ctx.user.role === 'supervisor';
}

export const reviewQueue = defineUseCase({
  action: 'reviewQueue',
  schema: z.object({ planId: z.string().min(1).max(100).optional() }),
  async run(ctx, input): Promise<ActionOutput<'reviewQueue'>> {
    const { reports: items, extensions } = await pendingReviews(ctx, { planId: input.planId, refuseOthers: true });
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
