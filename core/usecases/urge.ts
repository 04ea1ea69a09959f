/**
 * urge (催办): a supervisor's message to the units of one or several open assignments. Always recorded (with its
 * text, in the task's history and the audit). Queued for the reminder pass, which sends it to each unit's contacts
 * with the settings' 'urge' template (exactly once, within credits and sending hours).
 * Permission (PERMISSIONS.urge): supervisors (within their reach) any assignment; a lead unit's contact the other
 * units of the tasks its unit leads; a unit the parts it split; checked against each assignment (requireScope); only
 * open assignments are urged (lifecycle.ts).
 * A repeat: an assignment urged within the last `urgeDedupeMinutes` (a setting, default 10) is answered as already
 * urged and neither recorded nor sent again (`urged` counts only the new urges, `alreadyUrged` the repeats).
 */
import { z } from 'zod';
import { allowed } from '../assign/lifecycle';
import { conflict, notFound } from '../errors';
import { DEFAULT_SETTINGS, type Assignment, type Urge } from '../model';
import { audit, callerReach, concerning, targetOf } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { requireScope } from './permissions';
import { requireCleanText } from './contentGuard';

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
    const ofTask = new Map<string, Assignment[]>(); // per task: several assignments of one task are urged at once
    const reach = await callerReach(ctx);
    for (const id of ids) {
      const a = await store.getAssignment(id);
      if (!a) throw notFound('要催办的任务分配', { assignmentId: id });
      if (!ofTask.has(a.taskId)) ofTask.set(a.taskId, await store.listAssignmentsOfTask(a.taskId));
      requireScope('urge', ctx.user, targetOf(ctx.user, a, ofTask.get(a.taskId)!, reach));
      if (allowed(a, 'urge')) byId.set(id, a);
    }
    if (byId.size === 0) throw conflict('所选任务都已办结，无需催办。');
    await requireCleanText(ctx, '催办内容', input.message);
    const settings = await store.getSettings();
    const windowMs = (settings.urgeDedupeMinutes ?? DEFAULT_SETTINGS.urgeDedupeMinutes ?? 0) * 60_000;
    const since = new Date(Date.parse(ctx.now) - windowMs).toISOString();
    const stats = windowMs > 0 ? await store.urgeStats([...byId.keys()]) : {};
    const fresh = [...byId.keys()].filter((id) => !(stats[id] && stats[id].lastAt > since));
    const urges: Urge[] = fresh.map((assignmentId) => ({
      id: ctx.rt.ids.id(),
      assignmentId,
      urgerId: ctx.user.id,
      message: input.message,
      createdAt: ctx.now,
      readAt: null,
    }));
    if (urges.length === 0) return { urged: 0, alreadyUrged: byId.size };
    await store.addUrges(urges);
    for (const u of urges) {
      await audit(ctx, 'urge', `assignment:${u.assignmentId}`, {
        ...concerning(byId.get(u.assignmentId)!),
        urgeId: u.id,
        message: u.message,
      });
    }
    for (const u of urges) {
      await queueEvent(ctx, { kind: 'urge', assignmentId: u.assignmentId, refId: u.id, note: u.message });
    }
    return { urged: urges.length, alreadyUrged: byId.size - urges.length };
  },
});
