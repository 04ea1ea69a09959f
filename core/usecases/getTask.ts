/**
 * getTask: a task with all its assignments (lead units first, each with its light), the reports, extensions and
 * urges the caller may see, and what the caller may do here.
 * Permission (PERMISSIONS.getTask): contacts only for tasks their unit has an assignment in; supervisors, admins
 * and viewers any. What is visible inside: a contact sees its own unit's reports, extensions and urges; a lead
 * unit's contact, supervisors, admins and viewers see all of them.
 */
import { z } from 'zod';
import type { ActionName, TaskDetail } from '../api/contract';
import { allowed, type LifecycleEvent } from '../assign/lifecycle';
import { lightOf, rollUp } from '../lights/lights';
import { leads, loadTask } from './access';
import { defineUseCase } from './define';
import { inScope, requireScope, scopeOf } from './permissions';
import { mayReview } from './reviewReport';
import { assignmentView, extensionView, reportViews, returnedNote, unitNames, urgeView, userNames } from './views';
import { currentPeriod, describePeriod, describeRule, periodStatus, periodWindow } from '../cycle/period';
import { beijingDate } from '../time';
import { instructionViews, reportDueOf, taskCycle } from './cycles';

export const getTask = defineUseCase({
  action: 'getTask',
  schema: z.object({ taskId: z.string().min(1).max(100) }),
  async run(ctx, input): Promise<TaskDetail> {
    const { store } = ctx.rt;
    const task = await loadTask(ctx, input.taskId);
    const assignments = await store.listAssignmentsOfTask(task.id);
    const mine = assignments.find((a) => a.unitId === ctx.user.unitId) ?? null;
    const leadsTask = leads(assignments, ctx.user.unitId);
    requireScope('getTask', ctx.user, { unitId: mine ? ctx.user.unitId : null, leadsTask });
    const seesAll = ctx.user.role !== 'contact' || leadsTask;
    const visible = (assignmentId: string) => seesAll || assignmentId === mine?.id;

    const [settings, names, reports, extensions, urges, instructions] = await Promise.all([
      store.getSettings(),
      unitNames(ctx.rt),
      // a contact outside the lead unit sees only its own assignment's reports: filtered by the store
      store.listReportsOfTask(task.id, seesAll ? undefined : { assignmentIds: mine ? [mine.id] : [] }),
      store.listExtensionsOfTask(task.id),
      store.listUrgesOfTask(task.id),
      store.listInstructionsOfTask(task.id),
    ]);
    // 批示: the whole task's, and those on a unit the caller may see
    const shownInstructions = instructions.filter((i) => i.assignmentId === null || visible(i.assignmentId));
    const cycle = taskCycle(settings, task);
    const today = beijingDate(ctx.now);
    const period = cycle ? currentPeriod(cycle, today) : null;
    const minePeriod = async () => {
      if (!mine || !period) return null;
      const w = periodWindow(period);
      const first = await store.firstReportsBetween([mine.id], w.from, w.to);
      return periodStatus(period, first[0]?.at ?? null, today);
    };
    // read receipts: a contact of the urged unit opening the task reads its urges (已读)
    if (mine && ctx.user.role === 'contact' && urges.some((u) => u.assignmentId === mine.id && !u.readAt)) {
      await store.markUrgesRead([mine.id], ctx.now);
      for (const u of urges) if (u.assignmentId === mine.id && !u.readAt) u.readAt = ctx.now;
    }
    const myLatest = mine ? reports.find((r) => r.assignmentId === mine.id) : undefined;
    const unitOf = new Map(assignments.map((a) => [a.id, a.unitId]));
    // the history of an assignment a revision withdrew is still the task's: its unit is named from the record
    const withdrawnIds = [...reports, ...extensions, ...urges]
      .map((r) => r.assignmentId)
      .filter((id) => !unitOf.has(id));
    for (const id of new Set(withdrawnIds)) {
      const a = await store.getAssignment(id);
      if (a) unitOf.set(id, a.unitId);
    }
    const unitNameOf = (assignmentId: string) => names.get(unitOf.get(assignmentId) ?? '') ?? '';
    const shownUrges = urges.filter((u) => visible(u.assignmentId));
    const urgers = await userNames(
      ctx.rt,
      shownUrges.map((u) => u.urgerId),
    );
    // `can`: the permission table's scope on the record (inScope, as requireScope checks it) and the lifecycle's
    // precondition (allowed), the very checks the use cases make
    const onMine = (action: ActionName, event: LifecycleEvent) =>
      mine !== null && inScope(action, ctx.user, { unitId: mine.unitId, leadsTask }) && allowed(mine, event);
    const onAny = (action: ActionName) =>
      assignments.some((a) => inScope(action, ctx.user, { unitId: a.unitId, leadsTask }));
    return {
      task: {
        id: task.id,
        seq: task.seq,
        stage: task.stage,
        content: task.content,
        deadline: task.deadline,
        leadNames: task.leadNames,
        responsibleNames: task.responsibleNames,
        light: rollUp(assignments.map((a) => lightOf(a, ctx.now, settings.yellowDays))),
        relevantGroupIds: task.relevantGroupIds ?? [],
        cameraOnly: settings.cameraOnlyPlanIds.includes(task.planId),
      },
      assignments: assignments.map((a) => assignmentView(a, names, ctx.now, settings.yellowDays)),
      reports: await reportViews(
        ctx.rt,
        reports.filter((r) => visible(r.assignmentId)),
        (id) => unitOf.get(id),
        names,
      ),
      extensions: extensions
        .filter((e) => visible(e.assignmentId))
        .map((e) => extensionView(e, unitNameOf(e.assignmentId))),
      urges: shownUrges.map((u) => urgeView(u, unitNameOf(u.assignmentId), urgers.get(u.urgerId) ?? null)),
      myAssignmentId: mine?.id ?? null,
      // a contact outside the lead unit knows its own 落实 only: it sees its own unit in each 批示's list
      instructions: instructionViews(shownInstructions, assignments, reports, names).map((v) =>
        seesAll ? v : { ...v, units: v.units.filter((u) => u.assignmentId === mine?.id) },
      ),
      cycle:
        cycle && period
          ? {
              ruleText: describeRule(cycle.rule),
              periodName: describePeriod(cycle.rule, period),
              due: period.due,
              mine: await minePeriod(),
            }
          : null,
      myReturned: returnedNote(myLatest),
      can: {
        acknowledge: onMine('acknowledge', 'acknowledge'),
        report: onMine('submitReport', 'report'),
        claim: onMine('submitReport', 'claim'),
        requestExtension: onMine('requestExtension', 'requestExtension'),
        review: assignments.some((a) => mayReview(ctx.user, a, assignments)),
        decideExtension: onAny('decideExtension'),
        urge: assignments.some((a) => inScope('urge', ctx.user, { unitId: a.unitId, leadsTask }) && allowed(a, 'urge')),
        narrow: scopeOf('narrowTaskGroup', ctx.user, leadsTask) !== 'none',
        reportNoChange:
          onMine('submitReport', 'report') && mine !== null && reportDueOf(settings, task, mine, today) !== null,
        instruct:
          scopeOf('writeInstruction', ctx.user, leadsTask) !== 'none' && assignments.some((a) => a.status !== 'closed'),
      },
    };
  },
});
