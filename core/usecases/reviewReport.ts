/**
 * reviewReport (审核): accept a completion claim (通过: the assignment is closed, 办结) or return it with a reason
 * (退回: the assignment goes back to in progress and the unit sees the reason). A report is reviewed once.
 * Permission (PERMISSIONS.reviewReport): a lead unit's contact reviews the responsible units' claims on the tasks
 * its unit leads, never its own unit's nor a co-lead unit's; a supervisor reviews any.
 */
import { z } from 'zod';
import { DubanError } from '../errors';
import type { AssignmentPatch } from '../ports/store';
import { audit, leads, loadAssignment } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { requireScope } from './permissions';
import { reportViews, unitNames } from './views';

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
    if (!report) throw new DubanError('NOT_FOUND', '找不到这条汇报，请刷新后重试。');
    const assignment = await loadAssignment(ctx, report.assignmentId);
    const taskAssignments = await store.listAssignmentsOfTask(assignment.taskId);
    const scope = requireScope('reviewReport', ctx.user, {
      unitId: assignment.unitId,
      leadsTask: leads(taskAssignments, ctx.user.unitId),
    });
    if (scope === 'ledTasks' && assignment.role !== 'responsible') {
      // a co-lead unit's claim is the supervisor's to review, as the review queue shows
      throw new DubanError('FORBIDDEN', '牵头单位的办结申请由督查室审核。', { scope });
    }
    if (report.review !== 'pending') {
      throw new DubanError(
        'CONFLICT',
        report.review === 'none' ? '这条汇报不是办结申请，无需审核。' : '这条汇报已经审核过了。',
      );
    }
    const accept = input.decision === 'accept';
    const patch: AssignmentPatch = {};
    if (report.claimDone && accept) Object.assign(patch, { status: 'closed', closedAt: ctx.now, percent: 100 });
    if (report.claimDone && !accept && assignment.status === 'claimed') patch.status = 'in_progress';
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
    if (!reviewed) throw new DubanError('CONFLICT', '这条汇报已经审核过了。');
    await audit(ctx, accept ? 'acceptReport' : 'returnReport', `report:${report.id}`, {
      assignmentId: assignment.id,
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
