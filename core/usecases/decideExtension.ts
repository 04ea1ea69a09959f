/**
 * decideExtension (审批延期): approving moves only that assignment's due date; the old date stays in the
 * extension record. A request is decided once.
 * Permission: supervisors (within their reach) and, for a part (分解下达), the unit that split it
 * (PERMISSIONS.decideExtension), checked against the assignment like every other action on a record
 * (requireScope). The splitting unit decides within its own due date only: a later date it must first ask upward
 * for its own assignment (requestExtension), and until then the part's request waits.
 */
import { z } from 'zod';
import { conflict, forbidden, notFound } from '../errors';
import { formatChineseDate } from '../time';
import { audit, callerReach, concerning, loadAssignment, targetOf } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { requireScope } from './permissions';
import { extensionView, unitNames } from './views';
import { requireCleanText } from './contentGuard';

export const decideExtension = defineUseCase({
  action: 'decideExtension',
  schema: z.object({
    extensionId: z.string().min(1).max(100),
    approve: z.boolean(),
    note: z.string().trim().max(500).optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const extension = await store.getExtension(input.extensionId);
    if (!extension) throw notFound('这份延期申请', { extensionId: input.extensionId });
    const assignment = await loadAssignment(ctx, extension.assignmentId);
    const taskAssignments = await store.listAssignmentsOfTask(assignment.taskId);
    const target = targetOf(ctx.user, assignment, taskAssignments, await callerReach(ctx));
    requireScope('decideExtension', ctx.user, target);
    if (target.splitByCaller && input.approve) {
      const parent = taskAssignments.find((a) => a.id === assignment.parentId);
      if (parent?.dueDate && extension.newDue > parent.dueDate) {
        throw forbidden(
          `申请的日期晚于本单位的完成时间 ${formatChineseDate(parent.dueDate)}：请先为本单位的任务向上级申请延期，批准后再审批。`,
          { parentDue: parent.dueDate },
        );
      }
    }
    await requireCleanText(ctx, '审批意见', input.note);
    const decided = await store.decideExtension(extension.id, {
      status: input.approve ? 'approved' : 'rejected',
      deciderId: ctx.user.id,
      note: input.note || null,
      at: ctx.now,
    });
    if (!decided) throw conflict('这份延期申请已经审批过了。');
    await audit(ctx, input.approve ? 'approveExtension' : 'rejectExtension', `extension:${decided.id}`, {
      ...concerning(assignment),
      oldDue: decided.oldDue,
      newDue: decided.newDue,
    });
    await queueEvent(ctx, {
      kind: 'extension',
      assignmentId: assignment.id,
      refId: decided.id,
      note: decided.decisionNote,
      approved: input.approve,
      newDue: decided.newDue,
    });
    const names = await unitNames(ctx.rt);
    return { extension: extensionView(decided, names.get(assignment.unitId) ?? '') };
  },
});
