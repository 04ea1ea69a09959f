/**
 * acknowledge (签收): the unit confirms it received the assignment. Signing twice changes nothing.
 * Permission: contacts, on their own unit's assignments only (PERMISSIONS.acknowledge).
 */
import { z } from 'zod';
import { audit, authorizeOnAssignment } from './access';
import { defineUseCase } from './define';

export const acknowledge = defineUseCase({
  action: 'acknowledge',
  schema: z.object({ assignmentId: z.string().min(1).max(100) }),
  async run(ctx, input) {
    const { assignment } = await authorizeOnAssignment(ctx, 'acknowledge', input.assignmentId);
    const changed = await ctx.rt.store.updateAssignment(
      assignment.id,
      { status: 'acknowledged', acknowledgedAt: ctx.now },
      ['assigned'],
    );
    if (!changed) return { status: (await ctx.rt.store.getAssignment(assignment.id))?.status ?? assignment.status };
    await audit(ctx, 'acknowledge', `assignment:${assignment.id}`);
    return { status: changed.status };
  },
});
