/**
 * withdrawImport: undoes an import. A plan none of whose assignments has a report, an extension or an urge is
 * deleted with its tasks and assignments (the audit entry of the import and of this withdrawal stay); a plan with
 * any such history is never deleted: the answer is a CONFLICT that says to archive it (archivePlan) instead.
 * Permission: admin only (PERMISSIONS.withdrawImport).
 */
import { z } from 'zod';
import { conflict, notFound } from '../errors';
import { audit } from './access';
import { defineUseCase } from './define';

export const withdrawImport = defineUseCase({
  action: 'withdrawImport',
  schema: z.object({ planId: z.string().min(1).max(100) }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const plan = await store.getPlan(input.planId);
    if (!plan) throw notFound('这份任务清单', { planId: input.planId });
    const tasks = await store.listTasksOfPlan(plan.id);
    let assignments = 0;
    for (const t of tasks) assignments += (await store.listAssignmentsOfTask(t.id)).length;
    const outcome = await store.deletePlanIfUntouched(plan.id);
    if (outcome === 'missing') throw notFound('这份任务清单', { planId: input.planId });
    if (outcome === 'touched') {
      throw conflict(
        `“${plan.title}”已有单位汇报、申请延期或被督办，不能撤销导入（记录须保留）：如工作已结束或不再执行，请将它归档。`,
        { planId: plan.id },
      );
    }
    await audit(ctx, 'withdrawImport', `plan:${plan.id}`, {
      title: plan.title,
      tasks: tasks.length,
      assignments,
    });
    return { planId: plan.id, tasks: tasks.length, assignments };
  },
});
