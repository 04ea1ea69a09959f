/**
 * splitAssignment (分解下达): the unit holding an assignment gives it on to units of its own subtree (a district
 * government to its 区直部门 and 街道), each part with an internal due date no later than its own (by default its
 * own) and an optional note. Parts can be added later, one call at a time; each is an ordinary assignment of its
 * unit (lights, 签收, reports with photos, claims, extensions, reminders) that the splitting unit reviews and urges
 * (permissions.ts: a part is "led" by the unit that split it).
 * Permission: contacts, on their own unit's assignment (PERMISSIONS.splitAssignment), while it is open and not
 * claimed (lifecycle.ts `split`).
 */
import { z } from 'zod';
import { newAssignment, requireTransition } from '../assign/lifecycle';
import { badInput, conflict, partTaken } from '../errors';
import type { Assignment } from '../model';
import { partIdOf, unitsBelow } from '../org/levels';
import { formatChineseDate, isCalendarDate } from '../time';
import { audit, authorizeOnAssignment, concerning } from './access';
import { requireCleanTexts } from './contentGuard';
import { defineUseCase } from './define';
import { assignmentView, unitNames } from './views';

export const MAX_PARTS = 100;

export const splitAssignment = defineUseCase({
  action: 'splitAssignment',
  schema: z.object({
    assignmentId: z.string().min(1).max(100),
    parts: z
      .array(
        z.object({
          unitId: z.string().min(1).max(100),
          role: z.enum(['lead', 'responsible']).optional(),
          due: z.string().refine(isCalendarDate, '必须是日期，如 2026-06-30').optional(),
          note: z.string().trim().max(200).optional(),
        }),
      )
      .min(1, '请至少选择一个单位')
      .max(MAX_PARTS),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const { assignment, taskAssignments } = await authorizeOnAssignment(ctx, 'splitAssignment', input.assignmentId);
    requireTransition(assignment, 'split', ctx.now);
    const [units, names] = await Promise.all([store.listUnits(), unitNames(ctx.rt)]);
    const below = unitsBelow(units, assignment.unitId);
    if (below.size === 0) throw conflict('本单位在单位名录中没有下级单位，无法分解下达。请联系管理员添加下级单位。');
    const seen = new Set<string>();
    for (const p of input.parts) {
      const name = names.get(p.unitId) ?? '';
      if (!below.has(p.unitId)) {
        throw badInput(`「${name || p.unitId}」不是本单位的下级单位，不能分解给它，请重新选择。`, { unitId: p.unitId });
      }
      if (seen.has(p.unitId)) throw badInput(`「${name}」选了两次，请删去一个后重试。`);
      seen.add(p.unitId);
      if (taskAssignments.some((a) => a.unitId === p.unitId)) {
        throw partTaken(name, { unitId: p.unitId });
      }
      if (p.due && assignment.dueDate && p.due > assignment.dueDate) {
        throw badInput(
          `「${name}」的完成时间不能晚于本单位的完成时间 ${formatChineseDate(assignment.dueDate)}，请修改后重试。`,
        );
      }
    }
    await requireCleanTexts(
      ctx,
      input.parts.filter((p) => p.note).map((p): [string, string] => ['分解说明', p.note!]),
    );
    const parts: Assignment[] = input.parts.map((p) =>
      newAssignment({
        id: partIdOf(assignment.id, p.unitId),
        taskId: assignment.taskId,
        unitId: p.unitId,
        role: p.role ?? 'responsible',
        dueDate: p.due ?? assignment.dueDate,
        parentId: assignment.id,
        note: p.note || null,
      }),
    );
    await store.addParts(parts);
    await audit(ctx, 'splitAssignment', `assignment:${assignment.id}`, {
      ...concerning(assignment),
      parts: parts.map((p) => ({ assignmentId: p.id, unitId: p.unitId, role: p.role, due: p.dueDate })),
    });
    const settings = await store.getSettings();
    return { parts: parts.map((p) => assignmentView(p, names, ctx.now, settings.yellowDays)) };
  },
});
