/**
 * withdrawPart (撤回分解): the unit that split an assignment takes one part back, while that part has no reports
 * (nor extension requests or urges: its history is never deleted) and no parts of its own.
 * Permission: the contact of the unit that split it (PERMISSIONS.withdrawPart: `parts`).
 */
import { z } from 'zod';
import { conflict } from '../errors';
import { audit, authorizeOnAssignment, concerning, partsOf } from './access';
import { defineUseCase } from './define';

export const withdrawPart = defineUseCase({
  action: 'withdrawPart',
  schema: z.object({ assignmentId: z.string().min(1).max(100) }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const { assignment, taskAssignments } = await authorizeOnAssignment(ctx, 'withdrawPart', input.assignmentId);
    if (partsOf(taskAssignments, assignment.id).length) {
      throw conflict('这个单位已把任务再分解给了下级单位，请先由它撤回，再撤回这一项。');
    }
    const removed = await store.removeUntouchedAssignments(assignment.taskId, [assignment.id]);
    if (!removed.length) {
      throw conflict('这个单位已经报送过进展（或有延期申请、催办记录），不能撤回：请改为催办或审核其汇报。');
    }
    await audit(ctx, 'withdrawPart', `assignment:${assignment.id}`, {
      ...concerning(assignment),
      parentId: assignment.parentId ?? null,
    });
    return { ok: true as const };
  },
});
