/**
 * writeInstruction (领导批示): a leader (viewer) or the supervision office writes an instruction on a task (for
 * every unit of it) or on one unit's assignment: the text, the leader's name (the writer's own by default) and the
 * time. It shows at the top of the task for every unit concerned (getTask), is queued for their contacts as an
 * `instruction` message, and the units record 落实 as a followUp report naming it (submitReport).
 * Content check on the text and the name (requireCleanText).
 * Permission: viewers and supervisors (PERMISSIONS.writeInstruction); the assignment must be of the task.
 */
import { z } from 'zod';
import { badInput, conflict, notFound } from '../errors';
import type { Instruction } from '../model';
import { audit, loadTask } from './access';
import { instructionViews } from './cycles';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { requireCleanText } from './contentGuard';
import { unitNames } from './views';

export const MAX_INSTRUCTION_TEXT = 500;

export const writeInstruction = defineUseCase({
  action: 'writeInstruction',
  schema: z.object({
    taskId: z.string().min(1).max(100),
    assignmentId: z.string().min(1).max(100).nullable().optional(),
    text: z.string().trim().min(1).max(MAX_INSTRUCTION_TEXT),
    leaderName: z.string().trim().min(1).max(20).optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const task = await loadTask(ctx, input.taskId);
    const assignments = await store.listAssignmentsOfTask(task.id);
    const on = input.assignmentId ? assignments.find((a) => a.id === input.assignmentId) : null;
    if (input.assignmentId && !on) throw notFound('这项任务的这个单位', { assignmentId: input.assignmentId });
    const leaderName = input.leaderName ?? ctx.user.name?.trim() ?? '';
    if (!leaderName) throw badInput('请填写批示领导的姓名后再提交。');
    const concerned = on ? [on] : assignments.filter((a) => a.status !== 'closed');
    if (concerned.length === 0) throw conflict('这项任务的单位都已办结，无需再作批示。');
    await requireCleanText(ctx, '批示内容', input.text);
    await requireCleanText(ctx, '领导姓名', leaderName);
    const instruction: Instruction = {
      id: ctx.rt.ids.id(),
      taskId: task.id,
      assignmentId: on?.id ?? null,
      text: input.text,
      leaderName,
      authorId: ctx.user.id,
      createdAt: ctx.now,
    };
    await store.addInstruction(instruction);
    await audit(ctx, 'writeInstruction', `instruction:${instruction.id}`, {
      taskId: task.id,
      ...(on ? { assignmentId: on.id, unitId: on.unitId } : {}),
      leaderName,
      text: instruction.text,
    });
    for (const a of concerned) {
      await queueEvent(ctx, {
        kind: 'instruction',
        assignmentId: a.id,
        refId: instruction.id,
        note: instruction.text,
        from: leaderName,
      });
    }
    const [view] = instructionViews([instruction], assignments, [], await unitNames(ctx.rt));
    return view;
  },
});
