/**
 * getTask: a task with the assignments the caller may see (lead units first, each with its light; an assignment
 * split into parts with its rollup and, after it, its parts), the reports, extensions and urges the caller may see,
 * and what the caller may do here. A contact outside the lead unit gets the task's other units counted
 * (`others`; listTaskUnits lists them): which ones is taskSight.ts's rule, shared with listTaskUnits.
 * Permission (PERMISSIONS.getTask): contacts only for tasks their unit has an assignment in; supervisors, admins
 * and viewers any within their reach (a district's: the assignments its subtree holds). What is visible inside:
 * a contact sees its own unit's reports, extensions and urges and those of the parts its unit split; a lead unit's
 * contact also those of the task's other assignments of the table; an overseer those within its reach. A part's
 * contact never sees its siblings.
 */
import { z } from 'zod';
import type { ActionName, TaskDetail, TaskUnitsSummary } from '../api/contract';
import { allowed, type LifecycleEvent } from '../assign/lifecycle';
import { rollUp } from '../lights/lights';
import { unitsBelow } from '../org/levels';
import type { Assignment, Light } from '../model';
import { partsOf, targetOf } from './access';
import { defineUseCase } from './define';
import { inScope, scopeOf } from './permissions';
import { mayReview } from './reviewReport';
import {
  assignmentView,
  extensionView,
  partPaths,
  reportViews,
  returnedNote,
  unitNames,
  urgeView,
  userNames,
} from './views';
import {
  currentPeriod,
  describePeriod,
  describeRule,
  firstReportIn,
  periodStatus,
  periodWindow,
} from '../cycle/period';
import { beijingDate } from '../time';
import { cycleSource, instructionViews, reportDueOf, taskCycle } from './cycles';
import { ownCycleView } from './setCycle';
import { taskSight, unitsSummary } from './taskSight';

/** The lights a summary counted, one per unit (for the task's own light). */
const lightsOf = (s: TaskUnitsSummary): Light[] => (Object.keys(s.lights) as Light[]).filter((l) => s.lights[l] > 0);

export const getTask = defineUseCase({
  action: 'getTask',
  schema: z.object({ taskId: z.string().min(1).max(100) }),
  async run(ctx, input): Promise<TaskDetail> {
    const { store } = ctx.rt;
    // what the caller sees of the task's assignments, and which of them it gets counted: taskSight.ts, one rule; the
    // directory read once for the caller's reach, the names and the units below (on CloudBase each read is requests)
    const directory = store.listUnits();
    const [sight, units] = await Promise.all([
      taskSight(ctx, 'getTask', input.taskId, 'summary', directory),
      directory,
    ]);
    const { task, index: taskIndex, reach, mine, leadsTask, overseer, inReach, assignments, seesWithdrawn } = sight;
    const all = taskIndex.all;
    const visibleIds = new Set(assignments.filter(sight.seesReports).map((a) => a.id));
    // the history of an assignment a revision withdrew stays the task's: the city's overseers and the lead unit see it
    const allIds = new Set(all.map((a) => a.id));
    const visible = (assignmentId: string) =>
      visibleIds.has(assignmentId) || (seesWithdrawn && !allIds.has(assignmentId));
    // a 批示's list of units: whole for overseers and the lead unit, else the caller's own unit only
    const seesAll = overseer || leadsTask;

    const { settings } = sight;
    const [names, reports, extensions, urges, instructions] = await Promise.all([
      unitNames(ctx.rt, units),
      // a contact sees only the reports of the assignments it may: filtered by the store
      store.listReportsOfTask(task.id, seesWithdrawn ? undefined : { assignmentIds: [...visibleIds] }),
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
      // its own reports are all among those just read (the caller sees its own unit's): its first in the period
      // is taken from them rather than asked of the store again
      const first =
        seesWithdrawn || visibleIds.has(mine.id)
          ? firstReportIn(reports, mine.id, w)
          : ((await store.firstReportsBetween([mine.id], w.from, w.to))[0]?.at ?? null);
      return periodStatus(period, first, today);
    };
    // read receipts: a contact of the urged unit opening the task reads its urges (已读)
    if (mine && ctx.user.role === 'contact' && urges.some((u) => u.assignmentId === mine.id && !u.readAt)) {
      await store.markUrgesRead([mine.id], ctx.now);
      for (const u of urges) if (u.assignmentId === mine.id && !u.readAt) u.readAt = ctx.now;
    }
    const myLatest = mine ? reports.find((r) => r.assignmentId === mine.id) : undefined;
    const unitOf = new Map(all.map((a) => [a.id, a.unitId]));
    // the history of an assignment a revision withdrew is still the task's: its unit is named from the record (of
    // those the caller sees: `all` lacks the units a contact outside the lead unit gets counted)
    const withdrawnIds = [...reports, ...extensions, ...urges]
      .map((r) => r.assignmentId)
      .filter((id) => !unitOf.has(id) && visible(id));
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
    // how the caller stands to each assignment: worked out once per assignment, asked by several `can` checks
    const targets = new Map<string, ReturnType<typeof targetOf>>();
    const target = (a: Assignment) => {
      let t = targets.get(a.id);
      if (!t) targets.set(a.id, (t = targetOf(ctx.user, a, taskIndex, reach)));
      return t;
    };
    // `can`: the permission table's scope on the record (inScope, as requireScope checks it) and the lifecycle's
    // precondition (allowed), the very checks the use cases make
    const onMine = (action: ActionName, event: LifecycleEvent) =>
      mine !== null && inScope(action, ctx.user, target(mine)) && allowed(mine, event);
    const urgeIds = assignments
      .filter((a) => inScope('urge', ctx.user, target(a)) && allowed(a, 'urge'))
      .map((a) => a.id);
    const touched = new Set([...reports, ...extensions, ...urges].map((r) => r.assignmentId));
    const withdrawIds = assignments
      .filter(
        (a) =>
          inScope('withdrawPart', ctx.user, target(a)) &&
          !touched.has(a.id) &&
          a.lastReportAt === null &&
          partsOf(taskIndex, a.id).length === 0,
      )
      .map((a) => a.id);
    const candidates = mine && !overseer ? [...unitsBelow(units, ctx.user.unitId)] : [];
    // offered: those below with no assignment of the task yet (among those it sees: the table's and its parts)
    const taken = new Set(assignments.map((a) => a.unitId));
    const myPath = mine?.parentId ? ((await partPaths(ctx.rt, [mine], names)).get(mine.id) ?? []) : [];
    // a contact outside the lead unit: the task's other units counted by the store (not read), not listed
    const views = assignments.map((a) =>
      assignmentView(a, names, ctx.now, settings.yellowDays, partsOf(taskIndex, a.id)),
    );
    const others = unitsSummary(sight.others, names);
    return {
      task: {
        id: task.id,
        seq: task.seq,
        stage: task.stage,
        content: task.content,
        deadline: task.deadline,
        leadNames: task.leadNames,
        responsibleNames: task.responsibleNames,
        light: rollUp([...views.map((v) => v.light), ...(others ? lightsOf(others) : [])]),
        relevantGroupIds: task.relevantGroupIds ?? [],
        cameraOnly: settings.cameraOnlyPlanIds.includes(task.planId),
      },
      assignments: views,
      others,
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
              source: cycleSource(cycle),
            }
          : null,
      ownCycle: await ownCycleView(ctx.rt, settings, task),
      myReturned: returnedNote(myLatest),
      can: {
        acknowledge: onMine('acknowledge', 'acknowledge'),
        report: onMine('submitReport', 'report'),
        claim: onMine('submitReport', 'claim'),
        requestExtension: onMine('requestExtension', 'requestExtension'),
        review: assignments.some((a) => mayReview(ctx.user, a, taskIndex, reach)),
        decideExtension: assignments.some((a) => inScope('decideExtension', ctx.user, target(a))),
        urge: urgeIds.length > 0,
        narrow: scopeOf('narrowTaskGroup', ctx.user, leadsTask) !== 'none' && reach.all,
        split: candidates.length > 0 && onMine('splitAssignment', 'split'),
        reportNoChange:
          onMine('submitReport', 'report') && mine !== null && reportDueOf(settings, task, mine, today) !== null,
        instruct:
          scopeOf('writeInstruction', ctx.user, leadsTask) !== 'none' && assignments.some((a) => a.status !== 'closed'),
        // the task's own cycle: as setCycle's requireCycleScope checks it
        setCycle: inScope('setCycle', ctx.user, { unitId: null, leadsTask, inReach }),
      },
      urgeIds,
      withdrawIds,
      splitCandidates: candidates
        .filter((id) => !taken.has(id))
        .map((id) => ({ id, name: names.get(id) ?? '', aliases: [...(units.find((u) => u.id === id)?.aliases ?? [])] }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      myPath,
    };
  },
});
