/**
 * listAudit (留痕): every change, newest first, paged: who, when, what, and the unit and task it concerns.
 * The use cases record those as `detail.unitId` / `detail.taskId` (access.ts `audit`, `concerning`); an entry whose
 * target is a unit (`unit:<id>`) or a task (`task:<id>`) names it by its target. Names are looked up in one read of
 * the units and one read per task of the page.
 * Permission: admin only (PERMISSIONS.listAudit).
 */
import { z } from 'zod';
import type { AuditView } from '../api/contract';
import type { AuditEntry, Task } from '../model';
import { MAX_PAGE } from '../ports/store';
import { defineUseCase } from './define';
import { unitNames, userNames } from './views';

/** The id the entry records in `detail[field]`, or the id of its target when the target is of that kind. */
function concerns(e: AuditEntry, field: 'unitId' | 'taskId', targetKind: 'unit' | 'task'): string | null {
  const v = e.detail[field];
  if (typeof v === 'string' && v) return v;
  const prefix = `${targetKind}:`;
  return e.target.startsWith(prefix) ? e.target.slice(prefix.length) : null;
}

export const listAudit = defineUseCase({
  action: 'listAudit',
  schema: z.object({
    page: z.number().int().min(1).max(100000).optional(),
    pageSize: z.number().int().min(1).max(MAX_PAGE).optional(),
  }),
  async run(ctx, input) {
    const page = input.page ?? 1;
    const pageSize = input.pageSize ?? 50;
    const result = await ctx.rt.store.listAudit({ offset: (page - 1) * pageSize, limit: pageSize });
    const taskIds = [
      ...new Set(result.items.map((e) => concerns(e, 'taskId', 'task')).filter((id): id is string => id !== null)),
    ];
    const [names, units, tasks] = await Promise.all([
      userNames(
        ctx.rt,
        result.items.map((e) => e.actorId),
      ),
      unitNames(ctx.rt),
      Promise.all(taskIds.map((id) => ctx.rt.store.getTask(id))),
    ]);
    const taskById = new Map(tasks.filter((t): t is Task => t !== null).map((t) => [t.id, t]));
    const items: AuditView[] = result.items.map((e) => {
      const unitId = concerns(e, 'unitId', 'unit');
      const taskId = concerns(e, 'taskId', 'task');
      const task = taskId ? taskById.get(taskId) : undefined;
      return {
        id: e.id,
        at: e.at,
        actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
        action: e.action,
        target: e.target,
        unitName: unitId ? (units.get(unitId) ?? null) : null,
        task: task ? { id: task.id, seq: task.seq, content: task.content } : null,
        detail: e.detail,
      };
    });
    return { items, total: result.total, page, pageSize };
  },
});
