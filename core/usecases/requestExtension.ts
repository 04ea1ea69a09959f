/**
 * requestExtension (申请延期): a unit asks for a later due date for its assignment, with a reason. One request at a
 * time per assignment.
 * Permission: contacts, on their own unit's assignments only (PERMISSIONS.requestExtension).
 */
import { z } from 'zod';
import { requireTransition } from '../assign/lifecycle';
import { badInput, conflict } from '../errors';
import type { Extension } from '../model';
import { beijingDate, formatChineseDate, isCalendarDate } from '../time';
import { audit, authorizeOnAssignment, concerning } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { extensionView, unitNames } from './views';
import { requireCleanText } from './contentGuard';

export const requestExtension = defineUseCase({
  action: 'requestExtension',
  schema: z.object({
    assignmentId: z.string().min(1).max(100),
    newDue: z.string().refine(isCalendarDate, '必须是日期，如 2026-06-30'),
    reason: z.string().trim().min(1).max(500),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const { assignment } = await authorizeOnAssignment(ctx, 'requestExtension', input.assignmentId);
    requireTransition(assignment, 'requestExtension', ctx.now);
    const floor = assignment.dueDate ?? beijingDate(ctx.now);
    if (input.newDue <= floor) {
      throw badInput(
        `「新的完成时间」必须晚于${assignment.dueDate ? '当前完成时间' : '今天'} ${formatChineseDate(floor)}，请修改后重试。`,
      );
    }
    const pending = (await store.listExtensionsOfTask(assignment.taskId)).find(
      (e) => e.assignmentId === assignment.id && e.status === 'pending',
    );
    if (pending) throw conflict('已有一份延期申请在等待督查室审批，请等待结果。');
    await requireCleanText(ctx, '延期理由', input.reason);
    const extension: Extension = {
      id: ctx.rt.ids.id(),
      assignmentId: assignment.id,
      requesterId: ctx.user.id,
      oldDue: assignment.dueDate,
      newDue: input.newDue,
      reason: input.reason,
      status: 'pending',
      deciderId: null,
      decisionNote: null,
      createdAt: ctx.now,
      decidedAt: null,
    };
    await store.addExtension(extension);
    await audit(ctx, 'requestExtension', `extension:${extension.id}`, {
      ...concerning(assignment),
      oldDue: extension.oldDue,
      newDue: extension.newDue,
    });
    // the request waits for a decision: the lead unit's contacts and the supervisors are told
    await queueEvent(ctx, {
      kind: 'extensionReview',
      assignmentId: assignment.id,
      refId: extension.id,
      note: extension.reason,
      newDue: extension.newDue,
    });
    const names = await unitNames(ctx.rt);
    return { extension: extensionView(extension, names.get(assignment.unitId) ?? '') };
  },
});
