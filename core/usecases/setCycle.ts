/**
 * The reporting cycle (定期报送) of a plan, a stage of it or a task: listCycles (with the plans and stages to pick
 * from), setCycle (one cycle per plan, stage or task: setting it again replaces it), removeCycle.
 * Cycles are kept in the settings (Settings.cycles), where the reminder pass reads them; the period arithmetic is
 * core/cycle.
 * Permission: listCycles supervisors and admins; setCycle and removeCycle admins, and the contacts of a task's lead
 * unit on that task's own cycle only (the lead unit answers for the whole task: PERMISSIONS `ledTasks`, checked
 * here by `requireCycleScope`). A task's own cycle may name its task alone: the plan is the task's.
 */
import type { Frozen } from '../frozen';
import { z } from 'zod';
import type { CycleView } from '../api/contract';
import { describeRule } from '../cycle/period';
import { badInput, notFound } from '../errors';
import type { Plan, ReportCycle, Settings, Task } from '../model';
import { MAX_PAGE } from '../ports/store';
import { isCalendarDate } from '../time';
import { reaches } from '../org/levels';
import { audit, callerReach, leads } from './access';
import type { BoundContext } from './runtime';
import { defineUseCase, noInput } from './define';
import { requireScope } from './permissions';
import type { Runtime } from './runtime';

const date = z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD');

const rule = z.discriminatedUnion('every', [
  z.object({ every: z.literal('week'), weekday: z.number().int().min(1).max(7) }),
  z.object({ every: z.literal('month'), day: z.number().int().min(1).max(31) }),
  z.object({ every: z.literal('quarter'), day: z.number().int().min(1).max(31) }),
]);

async function tasksOf(rt: Runtime): Promise<Task[]> {
  const out: Task[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await rt.store.listTasks({ offset, limit: MAX_PAGE });
    out.push(...page.items);
    if (page.items.length < MAX_PAGE || out.length >= page.total) return out;
  }
}

function cycleView(c: ReportCycle, plans: Map<string, Plan>, tasks: Map<string, Task>): CycleView {
  const task = c.taskId ? tasks.get(c.taskId) : undefined;
  const content = task ? task.content.replace(/\s+/g, ' ').trim() : '';
  return {
    id: c.id,
    planId: c.planId,
    planTitle: plans.get(c.planId)?.title ?? '（已删除的方案）',
    stage: c.stage,
    taskId: c.taskId,
    taskLabel: task ? `第${task.seq}项 ${content.length > 16 ? `${content.slice(0, 16)}…` : content}` : null,
    rule: c.rule,
    ruleText: describeRule(c.rule),
    start: c.start,
    end: c.end,
  };
}

/**
 * The scope check of setCycle / removeCycle on the record acted on: a task's own cycle is the task's (its lead unit
 * may), a plan's or a stage's is no task's (a lead unit may not; an admin within its reach may).
 */
async function requireCycleScope(
  ctx: BoundContext,
  action: 'setCycle' | 'removeCycle',
  taskId: string | null,
): Promise<void> {
  const reach = await callerReach(ctx);
  if (taskId === null) {
    requireScope(action, ctx.user, { unitId: null, leadsTask: false, inReach: reach.all });
    return;
  }
  const all = await ctx.rt.store.listAssignmentsOfTask(taskId);
  requireScope(action, ctx.user, {
    unitId: null,
    leadsTask: leads(all, ctx.user.unitId),
    inReach: all.some((a) => reaches(reach, a.unitId)),
  });
}

/** The task's own cycle as the task page shows it (null when the task reports on its stage's, plan's or none). */
export async function ownCycleView(rt: Runtime, settings: Frozen<Settings>, task: Task): Promise<CycleView | null> {
  const own = (settings.cycles ?? []).find((c) => c.taskId === task.id);
  if (!own) return null;
  const plan = await rt.store.getPlan(task.planId);
  return cycleView(own, new Map(plan ? [[plan.id, plan]] : []), new Map([[task.id, task]]));
}

export const listCycles = defineUseCase({
  action: 'listCycles',
  schema: noInput,
  async run(ctx) {
    const [settings, plans, tasks] = await Promise.all([
      ctx.rt.store.getSettings(),
      ctx.rt.store.listPlans(),
      tasksOf(ctx.rt),
    ]);
    const planById = new Map(plans.map((p) => [p.id, p]));
    const taskById = new Map(tasks.map((t) => [t.id, t]));
    return {
      cycles: (settings.cycles ?? []).map((c) => cycleView(c, planById, taskById)),
      plans: plans.map((p) => ({
        id: p.id,
        title: p.title,
        stages: [...new Set(tasks.filter((t) => t.planId === p.id && t.stage).map((t) => t.stage as string))],
      })),
    };
  },
});

export const setCycle = defineUseCase({
  action: 'setCycle',
  schema: z.object({
    planId: z.string().min(1).max(100).optional(),
    stage: z.string().trim().min(1).max(200).nullable().optional(),
    taskId: z.string().min(1).max(100).nullable().optional(),
    rule,
    start: date,
    end: date.nullable().optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const stage = input.stage ?? null;
    const taskId = input.taskId ?? null;
    if (stage !== null && taskId !== null) throw badInput('报送周期设在一个阶段或一项任务上，请只选其一。');
    const own = taskId !== null ? await store.getTask(taskId) : null;
    if (taskId !== null && (!own || (input.planId !== undefined && own.planId !== input.planId))) {
      throw notFound('这项任务', { taskId });
    }
    const planId = input.planId ?? own?.planId;
    if (planId === undefined) throw badInput('请选择报送周期所属的方案。');
    const plan = await store.getPlan(planId);
    if (!plan) throw notFound('这个方案', { planId });
    await requireCycleScope(ctx, 'setCycle', taskId);
    const task = own ?? undefined;
    const tasks = stage !== null ? await tasksOf(ctx.rt) : [];
    if (stage !== null && !tasks.some((t) => t.planId === plan.id && t.stage === stage)) {
      throw notFound(`阶段“${stage}”`, { stage });
    }
    const end = input.end ?? null;
    if (end !== null && end < input.start) throw badInput('「结束日期」不能早于「开始日期」，请修改后重试。');
    const settings = await store.getSettings();
    const same = (c: ReportCycle) => c.planId === plan.id && c.stage === stage && c.taskId === taskId;
    const prior = (settings.cycles ?? []).find(same);
    const cycle: ReportCycle = {
      id: prior?.id ?? ctx.rt.ids.id(),
      planId: plan.id,
      stage,
      taskId,
      rule: input.rule,
      start: input.start,
      end,
    };
    await store.saveSettings({ ...settings, cycles: [...(settings.cycles ?? []).filter((c) => !same(c)), cycle] });
    await audit(ctx, 'setCycle', `cycle:${cycle.id}`, {
      planId: plan.id,
      stage,
      ...(task ? { taskId: task.id } : {}),
      rule: describeRule(cycle.rule),
      start: cycle.start,
      end,
    });
    return cycleView(cycle, new Map([[plan.id, plan]]), new Map(task ? [[task.id, task]] : []));
  },
});

export const removeCycle = defineUseCase({
  action: 'removeCycle',
  schema: z.object({ cycleId: z.string().min(1).max(100) }),
  async run(ctx, input) {
    const settings = await ctx.rt.store.getSettings();
    const cycle = (settings.cycles ?? []).find((c) => c.id === input.cycleId);
    if (!cycle) throw notFound('这个报送周期', { cycleId: input.cycleId });
    await requireCycleScope(ctx, 'removeCycle', cycle.taskId);
    await ctx.rt.store.saveSettings({ ...settings, cycles: settings.cycles.filter((c) => c.id !== cycle.id) });
    await audit(ctx, 'removeCycle', `cycle:${cycle.id}`, {
      planId: cycle.planId,
      stage: cycle.stage,
      ...(cycle.taskId ? { taskId: cycle.taskId } : {}),
      rule: describeRule(cycle.rule),
    });
    return { ok: true as const };
  },
});
