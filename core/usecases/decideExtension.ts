/**
 * decideExtension (审批延期): approving moves only that assignment's due date; the old date stays in the
 * extension record. A request is decided once.
 * Permission: supervisors only (PERMISSIONS.decideExtension), checked against the assignment like every other
 * action on a record (requireScope).
 */
import { z } from 'zod';
import { conflict, notFound } from '../errors';
import { audit, concerning, leads, loadAssignment } from './access';
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
    requireScope('decideExtension', ctx.user, {
      unitId: assignment.unitId,
      leadsTask: leads(await store.listAssignmentsOfTask(assignment.taskId), ctx.user.unitId),
    });
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
