/**
 * acknowledge (签收): the unit confirms it received the assignment. Signing twice changes nothing: when the
 * lifecycle (core/assign/lifecycle.ts) does not allow 签收 any more, the answer is the current status.
 * Permission: contacts, on their own unit's assignments only (PERMISSIONS.acknowledge).
 */
import { z } from 'zod';
import { transition } from '../assign/lifecycle';
import { audit, authorizeOnAssignment, concerning } from './access';
import { defineUseCase } from './define';

export const acknowledge = defineUseCase({
  action: 'acknowledge',
  schema: z.object({ assignmentId: z.string().min(1).max(100) }),
  async run(ctx, input) {
    const { assignment } = await authorizeOnAssignment(ctx, 'acknowledge', input.assignmentId);
    const t = transition(assignment, 'acknowledge', ctx.now);
    if (!t.ok) return { status: assignment.status };
    const changed = await ctx.rt.store.updateAssignment(assignment.id, t.patch, [...t.from]);
    if (!changed) return { status: (await ctx.rt.store.getAssignment(assignment.id))?.status ?? assignment.status };
    await audit(ctx, 'acknowledge', `assignment:${assignment.id}`, concerning(assignment));
    return { status: changed.status };
  },
});
