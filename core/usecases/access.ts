/**
 * Loading the record a use case acts on and checking the caller's scope against it (permissions.ts).
 */
import type { ActionName } from '../api/contract';
import type { Frozen } from '../frozen';
import type { Assignment, AuditAction, Task, Unit, User } from '../model';
import { notFound, outOfReach } from '../errors';
import { actsOn, reachOf, reaches, type Reach } from '../org/levels';
import { requireScope, type Scope, type ScopeTarget } from './permissions';
import type { AssignmentQuery, TaskQuery } from '../ports/store';
import type { BoundContext } from './runtime';

/**
 * What the caller reaches as an overseer (core/org/levels.ts `reachOf`): the whole table for a supervisor, admin or
 * viewer bound at the city, the subtree of its district otherwise. ONE function for "which units may this caller
 * oversee": the dashboard, the lists, getTask, the circular, the review queue and the permission walk all ask it.
 */
export async function callerReach(ctx: BoundContext, units?: Promise<readonly Frozen<Unit>[]>): Promise<Reach> {
  // `units`: the directory the use case reads anyway (getTask), so that it is read once per request
  return ctx.reach ?? reachOf(await (units ?? ctx.rt.store.listUnits()), ctx.user.unitId);
}

/**
 * The unit ids a caller may see the assignments of as an overseer (null: all of them); the list-shaped form of
 * `callerReach` for store queries (`AssignmentQuery.unitIds`).
 */
export async function visibleUnitIds(ctx: BoundContext): Promise<string[] | null> {
  const reach = await callerReach(ctx);
  return reach.all ? null : [...reach.unitIds];
}

/**
 * Refuses an overseer (an administrator keeping the directory, a supervisor) acting on a unit outside its reach:
 * a district's administrator keeps its own subtree and issues its invite codes only.
 */
export async function requireUnitInReach(ctx: BoundContext, unitId: string): Promise<Reach> {
  const reach = await callerReach(ctx);
  if (!reaches(reach, unitId)) throw outOfReach({ unitId });
  return reach;
}

/** The assignments of the table itself (not parts split from them). */
export function topLevel(assignments: Assignment[]): Assignment[] {
  return assignments.filter((a) => !a.parentId);
}

/**
 * The assignments of one task indexed once (by id, parts by the assignment they were split from, the units that
 * lead): for a use case that asks `partsOf`, `targetOf` or `leads` about each of a task's ~100 assignments (getTask),
 * so that each question is a look-up rather than a pass over the whole list. Build it after the list is final.
 */
export interface TaskAssignments {
  all: Assignment[];
  byId: Map<string, Assignment>;
  parts: Map<string, Assignment[]>;
  leadUnitIds: Set<string>;
}

export function indexTask(all: Assignment[]): TaskAssignments {
  const byId = new Map<string, Assignment>();
  const parts = new Map<string, Assignment[]>();
  const leadUnitIds = new Set<string>();
  for (const a of all) {
    byId.set(a.id, a);
    if (a.parentId) {
      const list = parts.get(a.parentId);
      if (list) list.push(a);
      else parts.set(a.parentId, [a]);
    } else if (a.role === 'lead') leadUnitIds.add(a.unitId);
  }
  return { all, byId, parts, leadUnitIds };
}

const indexed = (assignments: Assignment[] | TaskAssignments): TaskAssignments =>
  Array.isArray(assignments) ? indexTask(assignments) : assignments;

/** The parts split from an assignment (分解下达), among the assignments of its task. */
export function partsOf(assignments: Assignment[] | TaskAssignments, parentId: string): Assignment[] {
  if (Array.isArray(assignments)) return assignments.filter((a) => a.parentId === parentId);
  return assignments.parts.get(parentId) ?? [];
}

/**
 * How the caller stands to one assignment of a task, as the permission table reads it (ScopeTarget): whether its
 * unit leads that record (leads the task, for an assignment of the table; split it, for a part) and whether the
 * record is within its reach as an overseer (at the city, a district's parts are read-only: `actsOn`).
 */
export function targetOf(
  user: User,
  a: Assignment,
  taskAssignments: Assignment[] | TaskAssignments,
  reach: Reach,
): ScopeTarget {
  const task = indexed(taskAssignments);
  const parent = a.parentId ? task.byId.get(a.parentId) : undefined;
  return {
    unitId: a.unitId,
    leadsTask: !a.parentId && leads(task, user.unitId),
    splitByCaller: parent !== undefined && parent.unitId === user.unitId,
    inReach: actsOn(reach, a.unitId, !!a.parentId),
  };
}

export async function loadAssignment(ctx: BoundContext, id: string): Promise<Assignment> {
  const a = await ctx.rt.store.getAssignment(id);
  if (!a) throw notFound('这项任务分配', { assignmentId: id });
  // withdrawn (a revision dropped it, or its plan was archived): kept in the record, no longer acted on
  if (a.withdrawnAt) throw notFound('这项任务分配', { assignmentId: id }, '它已撤回（任务清单已调整或归档）');
  return a;
}

export async function loadTask(ctx: BoundContext, id: string): Promise<Task> {
  const t = await ctx.rt.store.getTask(id);
  if (!t) throw notFound('这项任务', { taskId: id });
  return t;
}

/** Whether the unit leads the task (has a lead assignment of the table on it: a part's role leads only the part). */
export function leads(assignments: Assignment[] | TaskAssignments, unitId: string): boolean {
  if (!Array.isArray(assignments)) return assignments.leadUnitIds.has(unitId);
  return assignments.some((a) => a.role === 'lead' && a.unitId === unitId && !a.parentId);
}

/** Checks the caller may do `action` on an assignment; returns the assignment and the scope that let it through. */
export async function authorizeOnAssignment(
  ctx: BoundContext,
  action: ActionName,
  assignmentId: string,
): Promise<{ assignment: Assignment; scope: Scope; taskAssignments: Assignment[]; reach: Reach }> {
  const assignment = await loadAssignment(ctx, assignmentId);
  const [taskAssignments, reach] = await Promise.all([
    ctx.rt.store.listAssignmentsOfTask(assignment.taskId),
    callerReach(ctx),
  ]);
  const scope = requireScope(action, ctx.user, targetOf(ctx.user, assignment, taskAssignments, reach));
  return { assignment, scope, taskAssignments, reach };
}

/**
 * What an audit entry about an assignment records besides its own detail: the assignment, its unit and its task,
 * so that listAudit can name them (AuditView.unitName, .task).
 */
export function concerning(a: Pick<Assignment, 'id' | 'unitId' | 'taskId'>): {
  assignmentId: string;
  unitId: string;
  taskId: string;
} {
  return { assignmentId: a.id, unitId: a.unitId, taskId: a.taskId };
}

/**
 * Appends an audit entry for a change the caller made. `detail` names the unit (`unitId`) and the task (`taskId`)
 * the change concerns whenever there are such (`concerning` for an assignment): listAudit shows them.
 */
export async function audit(
  ctx: BoundContext | { rt: BoundContext['rt']; now: string; user: { id: string } | null },
  action: AuditAction,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await ctx.rt.store.appendAudit({
    id: ctx.rt.ids.id(),
    at: ctx.now,
    actorId: ctx.user?.id ?? null,
    action,
    target,
    detail,
  });
}

/**
 * Which assignments a caller may see on the supervisor's desk (listTasks, unitOverview): THE one decision of it.
 * `all` for the overseers bound at the city; `reach` for an overseer bound to a district (its subtree: the tasks
 * its district holds an assignment in, the units of its subtree); for a lead unit's contact only the tasks its unit
 * leads (refused when it leads none).
 */
export type DeskScope =
  | { kind: 'all' }
  | { kind: 'reach'; rootId: string; unitIds: ReadonlySet<string> }
  | { kind: 'ledTasks'; leadUnitId: string };

export async function deskScope(ctx: BoundContext, action: ActionName): Promise<DeskScope> {
  const leadsAny = ctx.user.role === 'contact' && (await ctx.rt.store.unitLeadsAnyTask(ctx.user.unitId));
  const reach = await callerReach(ctx);
  const scope = requireScope(action, ctx.user, { unitId: null, leadsTask: leadsAny, inReach: true });
  if (scope !== 'all') return { kind: 'ledTasks', leadUnitId: ctx.user.unitId };
  return reach.all ? { kind: 'all' } : { kind: 'reach', rootId: reach.rootId, unitIds: reach.unitIds };
}

/** The scope as a condition on the tasks listed (TaskQuery), or null when nothing can match. */
export function taskQueryIn(scope: DeskScope, query: TaskQuery): TaskQuery | null {
  if (scope.kind === 'all') return query;
  if (scope.kind === 'reach') {
    if (query.unitId !== undefined && !scope.unitIds.has(query.unitId)) return null;
    // a district's tasks are those it holds an assignment in (its units' parts come from those)
    return { ...query, unitId: query.unitId ?? scope.rootId };
  }
  if (query.leadUnitId !== undefined && query.leadUnitId !== scope.leadUnitId) return null;
  return { ...query, leadUnitId: scope.leadUnitId };
}

/** The scope as a condition on the assignments listed (AssignmentQuery). */
export function assignmentQueryIn(scope: DeskScope, query: AssignmentQuery): AssignmentQuery {
  if (scope.kind === 'all') return query;
  if (scope.kind === 'reach') {
    return { ...query, unitIds: (query.unitIds ?? [...scope.unitIds]).filter((id) => scope.unitIds.has(id)) };
  }
  return { ...query, taskLedByUnitId: scope.leadUnitId };
}
