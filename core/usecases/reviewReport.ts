/**
 * reviewReport (审核): accept a completion claim (通过: the assignment is closed, 办结) or return it with a reason
 * (退回: the assignment goes back to in progress and the unit sees the reason). A report is reviewed once.
 * Permission (PERMISSIONS.reviewReport): a lead unit's contact reviews the responsible units' claims on the tasks
 * its unit leads, never its own unit's nor a co-lead unit's, and the claims of the parts its unit split (分解下达);
 * a supervisor reviews any within its reach (a district's supervisor, its subtree's).
 */
import { z } from 'zod';
import { requireTransition } from '../assign/lifecycle';
import { conflict, forbidden, notFound } from '../errors';
import type { Assignment, User } from '../model';
import type { Reach } from '../org/levels';
import { audit, callerReach, concerning, loadAssignment, targetOf, type TaskAssignments } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { inScope, requireScope, type Scope } from './permissions';
import { reportViews, unitNames } from './views';
import { requireCleanText } from './contentGuard';

/**
 * Whether the caller may review a claim on `assignment` (scope and the co-lead rule); throws FORBIDDEN otherwise.
 * getTask's `can.review` asks `mayReview` the same.
 */
export function requireReviewScope(
  user: User,
  assignment: Assignment,
  taskAssignments: Assignment[],
  reach: Reach,
): Scope {
  const target = targetOf(user, assignment, taskAssignments, reach);
  const scope = requireScope('reviewReport', user, target);
  if (scope === 'ledTasks' && !target.splitByCaller && assignment.role !== 'responsible') {
    // a co-lead unit's claim is the supervisor's to review, as the review queue shows
    throw forbidden('牵头单位的办结申请由督查室审核。', { scope });
  }
  return scope;
}

/** `requireReviewScope` without the throw. */
export function mayReview(
  user: User,
  assignment: Assignment,
  taskAssignments: Assignment[] | TaskAssignments,
  reach: Reach,
): boolean {
  const target = targetOf(user, assignment, taskAssignments, reach);
  if (!inScope('reviewReport', user, target)) return false;
  if (target.splitByCaller) return true;
  return !(user.role === 'contact' && target.leadsTask && assignment.role !== 'responsible');
}

export const reviewReport = defineUseCase({
  action: 'reviewReport',
  schema: z
    .object({
      reportId: z.string().min(1).max(100),
      decision: z.enum(['accept', 'return']),
      reason: z.string().trim().max(500).optional(),
    })
    .superRefine((v, zctx) => {
      if (v.decision === 'return' && !v.reason) {
        zctx.addIssue({ code: 'custom', path: ['reason'], message: '退回时必须写明理由' });
      }
    }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const report = await store.getReport(input.reportId);
    if (!report) throw notFound('这条汇报', { reportId: input.reportId });
    const assignment = await loadAssignment(ctx, report.assignmentId);
    requireReviewScope(
      ctx.user,
      assignment,
      await store.listAssignmentsOfTask(assignment.taskId),
      await callerReach(ctx),
    );
    if (report.review !== 'pending') {
      throw conflict(report.review === 'none' ? '这条汇报不是办结申请，无需审核。' : '这条汇报已经审核过了。');
    }
    const accept = input.decision === 'accept';
    // a pending report is a claim, and its assignment waits in `claimed` (lifecycle.ts)
    const { patch } = requireTransition(assignment, accept ? 'accept' : 'return', ctx.now);
    await requireCleanText(ctx, accept ? '审核意见' : '退回原因', input.reason);
    const reviewed = await store.reviewReport(
      report.id,
      {
        review: accept ? 'accepted' : 'returned',
        reviewerId: ctx.user.id,
        reason: input.reason || null,
        at: ctx.now,
      },
      patch,
    );
    if (!reviewed) throw conflict('这条汇报已经审核过了。');
    await audit(ctx, accept ? 'acceptReport' : 'returnReport', `report:${report.id}`, {
      ...concerning(assignment),
      reason: reviewed.reviewReason,
    });
    await queueEvent(ctx, {
      kind: accept ? 'accepted' : 'returned',
      assignmentId: assignment.id,
      refId: report.id,
      note: reviewed.reviewReason,
    });
    const [view] = await reportViews(ctx.rt, [reviewed], () => assignment.unitId, await unitNames(ctx.rt));
    return { report: view };
  },
});
