/**
 * narrowTaskGroup: for a task that names a collective with 相关 ("the relevant ones", e.g. 各相关区县（市）人民政府),
 * keep only the members that are really concerned. The other members' assignments are removed, but only those
 * untouched (no report, extension or urge yet): what has history stays. Units named on the task by their own name
 * are never removed.
 * Permission: supervisors and admins (PERMISSIONS.narrowTaskGroup).
 */
import { z } from 'zod';
import { conflict, notFound } from '../errors';
import { audit, loadTask } from './access';
import { defineUseCase } from './define';

export const narrowTaskGroup = defineUseCase({
  action: 'narrowTaskGroup',
  schema: z.object({
    taskId: z.string().min(1).max(100),
    groupId: z.string().min(1).max(100),
    keepUnitIds: z.array(z.string().min(1).max(100)).max(1000),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const task = await loadTask(ctx, input.taskId);
    const group = await store.getGroup(input.groupId);
    if (!group) throw notFound('这个集合', { groupId: input.groupId });
    if (!(task.relevantGroupIds ?? []).includes(group.id)) {
      throw conflict(`这项任务中的“${group.name}”没有标注“相关”，不能缩小范围。`);
    }
    const keep = new Set(input.keepUnitIds);
    const members = new Set(group.members);
    const units = new Map((await store.listUnits()).map((u) => [u.id, u]));
    const namedDirectly = new Set([...task.leadNames, ...task.responsibleNames]);
    const candidates = (await store.listAssignmentsOfTask(task.id)).filter((a) => {
      const unit = units.get(a.unitId);
      return members.has(a.unitId) && !keep.has(a.unitId) && !(unit && namedDirectly.has(unit.name));
    });
    const removed = await store.removeUntouchedAssignments(
      task.id,
      candidates.map((a) => a.id),
    );
    const kept = candidates.filter((a) => !removed.includes(a.id)).map((a) => a.unitId);
    await audit(ctx, 'narrowTaskGroup', `task:${task.id}`, {
      taskId: task.id,
      groupId: group.id,
      removedUnitIds: candidates.filter((a) => removed.includes(a.id)).map((a) => a.unitId),
      keptWithHistory: kept,
    });
    return { removed: removed.length };
  },
});
