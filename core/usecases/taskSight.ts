/**
 * What a caller sees of one task's assignments: THE one rule of it, for getTask (what it lists and what it counts)
 * and listTaskUnits (the counted ones, a page at a time), so the two can never disagree.
 *
 * - Who may look: PERMISSIONS (getTask / listTaskUnits share a row): a contact only a task its unit has an assignment
 *   in; an overseer a task with an assignment within its reach.
 * - Which assignments: an overseer those within its reach; a contact the table's own ones, its own, and the parts its
 *   unit split (at any depth below). A part's contact never sees its siblings.
 * - Whose reports (extensions, urges): an overseer's within its reach; a contact its own and its parts'; a lead unit's
 *   contact also those of the table's assignments.
 * - Listed in full or counted (issue 14): a contact whose unit does not lead the task gets in full its own
 *   assignment, the parts its unit split, the assignment it came down from and the lead units'; the task's other
 *   units are counted (TaskDetail.others) and listed on demand. Everyone else (a lead unit reviews and urges every
 *   unit; an overseer narrows, urges and writes 批示 per unit) gets every assignment it sees in full.
 */
import type { ActionName, AssignmentView, TaskUnitsSummary } from '../api/contract';
import type { Frozen } from '../frozen';
import type { Assignment, Instant, Settings, Task, Unit } from '../model';
import { inFullFor, type TaskForUnit } from '../ports/taskForUnit';
import { beijingDate } from '../time';
import { lightBands } from './lightBands';
import { reaches, type Reach } from '../org/levels';
import { callerReach, indexTask, leads, loadTask, partsOf, type TaskAssignments } from './access';
import { requireScope } from './permissions';
import type { BoundContext } from './runtime';
import { assignmentView } from './views';

/** How many of the counted units the summary names. With this many or fewer, they are all listed in full. */
export const SUMMARY_NAMES = 3;
/** A page of listTaskUnits. */
export const TASK_UNITS_PAGE = 50;

export interface TaskSight {
  task: Task;
  /** The task's live assignments, indexed once. */
  index: TaskAssignments;
  reach: Reach;
  /** The caller's own unit's assignment on the task, if any. */
  mine: Assignment | null;
  leadsTask: boolean;
  overseer: boolean;
  /** Whether any of the task's assignments is within the caller's reach as an overseer. */
  inReach: boolean;
  /** Every assignment the caller may see, in the order the task page lists them (the table's, each with its parts). */
  assignments: Assignment[];
  /**
   * `rows`: of those, the ones counted rather than listed (TaskDetail.others; listTaskUnits lists them); empty for
   * most callers, and in `summary`, where the store counted them instead (`others`) and `assignments` lacks them.
   */
  counted: Assignment[];
  /** `summary`: the counted ones as the store counted them (null: none counted). */
  others: TaskForUnit['others'] | null;
  settings: Frozen<Settings>;
  /** Whether the caller sees the reports, extensions and urges of an assignment. */
  seesReports(a: Assignment): boolean;
  /** Whether the caller sees the history of assignments a revision withdrew (the city's overseers, the lead unit). */
  seesWithdrawn: boolean;
}

/** Assignments in the order the task page lists them: each of the table's, then the parts split from it. */
function inTreeOrder(assignments: Assignment[]): Assignment[] {
  const shown = indexTask(assignments);
  const out: Assignment[] = [];
  const visit = (a: Assignment) => {
    out.push(a);
    for (const p of partsOf(shown, a.id)) visit(p);
  };
  for (const a of assignments) if (!a.parentId || !shown.byId.has(a.parentId)) visit(a);
  return out;
}

/**
 * Loads the task and decides what the caller sees of it; refuses (requireScope) a caller who may not look.
 * `summary` (getTask): for a contact outside the lead unit the store reads only the assignments it gets in full
 * and counts the rest (`others`); `rows` (listTaskUnits): every assignment, the counted ones in `counted`.
 */
export async function taskSight(
  ctx: BoundContext,
  action: ActionName,
  taskId: string,
  mode: 'summary' | 'rows',
  units?: Promise<readonly Frozen<Unit>[]>,
): Promise<TaskSight> {
  const { store } = ctx.rt;
  const unitId = ctx.user.unitId;
  const overseer = ctx.user.role !== 'contact';
  const [task, reach, settings] = await Promise.all([
    loadTask(ctx, taskId),
    callerReach(ctx, units),
    store.getSettings(),
  ]);
  let all: Assignment[] | null = null;
  let others: TaskForUnit['others'] | null = null;
  if (!overseer && mode === 'summary') {
    const bands = lightBands(beijingDate(ctx.now), settings.yellowDays);
    const seen = await store.assignmentsOfTaskFor(task.id, unitId, bands, SUMMARY_NAMES);
    // the lead unit gets the whole task; so does everyone when the rest would all be named anyway
    const leadsIt = seen.assignments.some((a) => a.unitId === unitId && a.role === 'lead' && !a.parentId);
    if (!leadsIt && seen.others.count > SUMMARY_NAMES) {
      all = seen.assignments;
      others = seen.others;
    }
  }
  all ??= await store.listAssignmentsOfTask(task.id);
  const index = indexTask(all);
  const mine = all.find((a) => a.unitId === unitId) ?? null;
  const leadsTask = leads(index, unitId);
  const inReach = all.some((a) => reaches(reach, a.unitId));
  requireScope(action, ctx.user, { unitId: mine ? unitId : null, leadsTask, inReach });
  const parentOf = (a: Assignment) => (a.parentId ? index.byId.get(a.parentId) : undefined);
  // a part of a part … of the caller's own unit's assignment
  const below = (a: Assignment): boolean => {
    for (let p = parentOf(a); p; p = parentOf(p)) if (p.unitId === unitId) return true;
    return false;
  };
  const assignments = inTreeOrder(
    all.filter((a) => (overseer ? reaches(reach, a.unitId) : !a.parentId || a.unitId === unitId || below(a))),
  );
  const seesReports = (a: Assignment) =>
    overseer ? reaches(reach, a.unitId) : a.id === mine?.id || below(a) || (leadsTask && !a.parentId);
  let counted: Assignment[] = [];
  if (!overseer && !leadsTask && others === null) {
    // the same rule the store applied for getTask (core/ports/taskForUnit.ts), over every assignment
    const inFull = inFullFor(all, unitId);
    counted = assignments.filter((a) => !inFull.has(a.id));
    if (counted.length <= SUMMARY_NAMES) counted = [];
  }
  return {
    task,
    settings,
    index,
    reach,
    mine,
    leadsTask,
    overseer,
    inReach,
    assignments,
    counted,
    others,
    seesReports,
    seesWithdrawn: overseer ? reach.all : leadsTask,
  };
}

/** The counted units as getTask shows them: how many, by light, and the first few names. */
export function unitsSummary(
  others: TaskForUnit['others'] | null,
  names: ReadonlyMap<string, string>,
): TaskUnitsSummary | null {
  if (!others || others.count === 0) return null;
  return { count: others.count, lights: others.lights, names: others.unitIds.map((id) => names.get(id) ?? '') };
}

/** One page of the counted assignments' views, after the assignment `after` (listTaskUnits). */
export function unitsPage(
  sight: TaskSight,
  after: string | undefined,
  names: ReadonlyMap<string, string>,
  now: Instant,
  yellowDays: number,
): { assignments: AssignmentView[]; next: string | null } {
  const from = after === undefined ? 0 : sight.counted.findIndex((a) => a.id === after) + 1;
  // an unknown cursor (the list changed since) starts nothing rather than the list again
  const page = after !== undefined && from === 0 ? [] : sight.counted.slice(from, from + TASK_UNITS_PAGE);
  const more = from + page.length < sight.counted.length && page.length > 0;
  return {
    assignments: page.map((a) => assignmentView(a, names, now, yellowDays, partsOf(sight.index, a.id))),
    next: more ? page[page.length - 1].id : null,
  };
}
