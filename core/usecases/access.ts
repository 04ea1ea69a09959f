/**
 * Loading the record a use case acts on and checking the caller's scope against it (permissions.ts).
 */
import type { ActionName } from '../api/contract';
import type { Assignment, AuditAction, Task } from '../model';
import { notFound } from '../errors';
import { requireScope, type Scope } from './permissions';
import type { AssignmentQuery, TaskQuery } from '../ports/store';
import type { BoundContext } from './runtime';

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

/** Whether the unit leads the task (has a lead assignment on it). */
export function leads(assignments: Assignment[], unitId: string): boolean {
  return assignments.some((a) => a.role === 'lead' && a.unitId === unitId);
}

/** Checks the caller may do `action` on an assignment; returns the assignment and the scope that let it through. */
export async function authorizeOnAssignment(
  ctx: BoundContext,
  action: ActionName,
  assignmentId: string,
): Promise<{ assignment: Assignment; scope: Scope; taskAssignments: Assignment[] }> {
  const assignment = await loadAssignment(ctx, assignmentId);
  const taskAssignments = await ctx.rt.store.listAssignmentsOfTask(assignment.taskId);
  const scope = requireScope(action, ctx.user, {
    unitId: assignment.unitId,
    leadsTask: leads(taskAssignments, ctx.user.unitId),
  });
  return { assignment, scope, taskAssignments };
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
 * `all` for the overseers; for a lead unit's contact only the tasks its unit leads (refused when it leads none).
 * The narrower scopes of later issues (a district's subtree) belong here, so that every desk action follows.
 */
export type DeskScope = { kind: 'all' } | { kind: 'ledTasks'; leadUnitId: string };

export async function deskScope(ctx: BoundContext, action: ActionName): Promise<DeskScope> {
  const leadsAny = ctx.user.role === 'contact' && (await ctx.rt.store.unitLeadsAnyTask(ctx.user.unitId));
  const scope = requireScope(action, ctx.user, { unitId: null, leadsTask: leadsAny });
  return scope === 'all' ? { kind: 'all' } : { kind: 'ledTasks', leadUnitId: ctx.user.unitId };
}

/** The scope as a condition on the tasks listed (TaskQuery), or null when nothing can match. */
export function taskQueryIn(scope: DeskScope, query: TaskQuery): TaskQuery | null {
  if (scope.kind === 'all') return query;
  if (query.leadUnitId !== undefined && query.leadUnitId !== scope.leadUnitId) return null;
  return { ...query, leadUnitId: scope.leadUnitId };
}

/** The scope as a condition on the assignments listed (AssignmentQuery). */
export function assignmentQueryIn(scope: DeskScope, query: AssignmentQuery): AssignmentQuery {
  return scope.kind === 'all' ? query : { ...query, taskLedByUnitId: scope.leadUnitId };
}
