/**
 * The reporting cycle (定期报送) of a plan, a stage of it or a task: listCycles (with the plans and stages to pick
 * from), setCycle (one cycle per plan, stage or task: setting it again replaces it), removeCycle.
 * Cycles are kept in the settings (Settings.cycles), where the reminder pass reads them; the period arithmetic is
 * core/cycle.
 * Permission: listCycles supervisors and admins; setCycle and removeCycle admins (PERMISSIONS).
 */
import { z } from 'zod';
import type { CycleView } from '../api/contract';
import { describeRule } from '../cycle/period';
import { badInput, notFound } from '../errors';
import type { Plan, ReportCycle, Task } from '../model';
import { MAX_PAGE } from '../ports/store';
import { isCalendarDate } from '../time';
import { audit } from './access';
import { defineUseCase, noInput } from './define';
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
    planId: z.string().min(1).max(100),
    stage: z.string().trim().min(1).max(200).nullable().optional(),
    taskId: z.string().min(1).max(100).nullable().optional(),
    rule,
    start: date,
    end: date.nullable().optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const plan = await store.getPlan(input.planId);
    if (!plan) throw notFound('这个方案', { planId: input.planId });
    const stage = input.stage ?? null;
    const taskId = input.taskId ?? null;
    if (stage !== null && taskId !== null) throw badInput('报送周期设在一个阶段或一项任务上，请只选其一。');
    const tasks = await tasksOf(ctx.rt);
    let task: Task | undefined;
    if (taskId !== null) {
      task = tasks.find((t) => t.id === taskId && t.planId === plan.id);
      if (!task) throw notFound('这项任务', { taskId });
    }
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
