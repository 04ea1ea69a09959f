/**
 * urge (催办): a supervisor's message to the units of one or several open assignments. Always recorded (with its
 * text, in the task's history and the audit). Sent to each unit's contacts: through the reminder engine's queue
 * when the runtime has it (exactly once, within credits and sending hours), otherwise straight through the
 * Messenger with the settings' 'urge' template (when one is configured), formatted by core/remind.
 * Permission: supervisors only (PERMISSIONS.urge), checked against each assignment (requireScope); only open
 * assignments are urged (lifecycle.ts).
 */
import { z } from 'zod';
import { allowed } from '../assign/lifecycle';
import { conflict, notFound } from '../errors';
import type { Assignment, Urge } from '../model';
import { buildMessage } from '../remind/format';
import { daysLeft } from '../lights/lights';
import { audit, concerning, leads } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { requireScope } from './permissions';
import type { BoundContext } from './runtime';

async function sendNow(ctx: BoundContext, urges: Urge[], byId: Map<string, Assignment>): Promise<number> {
  const { store, messenger } = ctx.rt;
  const template = (await store.getSettings()).templates.urge;
  if (!template) return 0;
  let sent = 0;
  for (const u of urges) {
    const a = byId.get(u.assignmentId)!;
    const [task, unit, contacts] = await Promise.all([
      store.getTask(a.taskId),
      store.getUnit(a.unitId),
      store.listUsersOfUnit(a.unitId, 'contact'),
    ]);
    if (!task) continue;
    for (const c of contacts) {
      const message = buildMessage(
        'urge',
        {
          key: `urge:${a.id}:${u.id}:${c.id}`,
          taskId: task.id,
          task: task.content,
          unit: unit?.name ?? '',
          due: a.dueDate,
          deadline: task.deadline.text,
          daysLeft: daysLeft(a.dueDate, ctx.now),
          stage: task.stage,
          seq: task.seq,
          note: u.message,
          from: ctx.user.name,
          at: ctx.now,
        },
        template,
        { principal: c.principal, name: c.name },
      );
      try {
        await messenger.send(message);
        sent += 1;
      } catch {
        // A refused message (no credit, bad data) does not undo the urge: it is recorded and shows in the task.
      }
    }
  }
  return sent;
}

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
    const leadsTask = new Map<string, boolean>(); // per task: several assignments of one task are urged at once
    for (const id of ids) {
      const a = await store.getAssignment(id);
      if (!a) throw notFound('要催办的任务分配', { assignmentId: id });
      if (!leadsTask.has(a.taskId)) {
        leadsTask.set(a.taskId, leads(await store.listAssignmentsOfTask(a.taskId), ctx.user.unitId));
      }
      requireScope('urge', ctx.user, { unitId: a.unitId, leadsTask: leadsTask.get(a.taskId)! });
      if (allowed(a, 'urge')) byId.set(id, a);
    }
    if (byId.size === 0) throw conflict('所选任务都已办结，无需催办。');
    const urges: Urge[] = [...byId.keys()].map((assignmentId) => ({
      id: ctx.rt.ids.id(),
      assignmentId,
      urgerId: ctx.user.id,
      message: input.message,
      createdAt: ctx.now,
    }));
    await store.addUrges(urges);
    for (const u of urges) {
      await audit(ctx, 'urge', `assignment:${u.assignmentId}`, {
        ...concerning(byId.get(u.assignmentId)!),
        urgeId: u.id,
        message: u.message,
      });
    }
    if (ctx.rt.reminders) {
      for (const u of urges) {
        await queueEvent(ctx, { kind: 'urge', assignmentId: u.assignmentId, refId: u.id, note: u.message });
      }
    } else {
      await sendNow(ctx, urges, byId);
    }
    return { urged: urges.length };
  },
});
