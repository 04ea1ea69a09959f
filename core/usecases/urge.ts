/**
 * urge (催办): a supervisor's message to the units of one or several open assignments. Always recorded (with its
 * text, in the task's history and the audit). Queued for the reminder pass, which sends it to each unit's contacts
 * with the settings' 'urge' template (exactly once, within credits and sending hours).
 * Permission: supervisors only (PERMISSIONS.urge).
 */
import { z } from 'zod';
import { DubanError } from '../errors';
import type { Assignment, Urge } from '../model';
import { audit } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';

export const urge = defineUseCase({
  action: 'urge',
  schema: z.object({
    assignmentIds: z.array(z.string().min(1).max(100)).min(1).max(200),
    message: z.string().trim().min(1).max(200),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const ids = [...new Set(input.assignmentIds)];
    const byId = new Map<string, Assignment>();
    for (const id of ids) {
      const a = await store.getAssignment(id);
      if (!a)
        throw new DubanError('NOT_FOUND', '找不到要催办的任务分配，可能已被调整，请刷新后重试。', { assignmentId: id });
      if (a.status !== 'closed') byId.set(id, a);
    }
    if (byId.size === 0) throw new DubanError('CONFLICT', '所选任务都已办结，无需催办。');
    const urges: Urge[] = [...byId.keys()].map((assignmentId) => ({
      id: ctx.rt.ids.id(),
      assignmentId,
      urgerId: ctx.user.id,
      message: input.message,
      createdAt: ctx.now,
    }));
    await store.addUrges(urges);
    for (const u of urges) {
      await audit(ctx, 'urge', `assignment:${u.assignmentId}`, { urgeId: u.id, message: u.message });
    }
    for (const u of urges) {
      await queueEvent(ctx, { kind: 'urge', assignmentId: u.assignmentId, refId: u.id, note: u.message });
    }
    return { urged: urges.length };
  },
});
