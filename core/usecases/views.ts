/**
 * Turning stored records into the views of the API contract: names resolved, lights computed on the Beijing
 * calendar, photo URLs made. Shared by the use cases that show tasks, reports, extensions and urges.
 */
import type { AssignmentCard, AssignmentView, ExtensionView, MeView, ReportView, UrgeView } from '../api/contract';
import { type Assignment, type Extension, type Instant, type Report, type Task, type Urge, type User } from '../model';
import { daysLeft, lightOf, partsRollup } from '../lights/lights';
import { subscribeTemplateIds, templatesByKind } from '../subscribe';
import type { Runtime } from './runtime';

/** Unit names by id (the directory is small: one read per call). */
export async function unitNames(rt: Runtime): Promise<Map<string, string>> {
  return new Map((await rt.store.listUnits()).map((u) => [u.id, u.name]));
}

/** User names by id, for the given ids. */
export async function userNames(rt: Runtime, ids: (string | null)[]): Promise<Map<string, string | null>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  return new Map((await rt.store.getUsers(wanted)).map((u) => [u.id, u.name]));
}

const unitName = (names: Map<string, string>, id: string): string => names.get(id) ?? '（已删除的单位）';

/**
 * A card of the caller's list; `path` names the units a part came down through, from the top (partPaths), empty
 * for an assignment of the table itself.
 */
export function assignmentCard(
  a: Assignment,
  task: Task,
  names: Map<string, string>,
  now: Instant,
  yellowDays: number,
  path: string[] = [],
): AssignmentCard {
  return {
    assignmentId: a.id,
    taskId: task.id,
    seq: task.seq,
    stage: task.stage,
    content: task.content,
    unitId: a.unitId,
    unitName: unitName(names, a.unitId),
    role: a.role,
    status: a.status,
    light: lightOf(a, now, yellowDays),
    dueDate: a.dueDate,
    deadlineText: task.deadline.text,
    daysLeft: a.status === 'closed' ? null : daysLeft(a.dueDate, now),
    pendingReview: a.status === 'claimed',
    lastReportAt: a.lastReportAt,
    path,
  };
}

/**
 * For each part among `assignments` (分解下达), the names of the units holding the assignments it was split from,
 * from the top (["芙蓉区人民政府"]): what a sub-unit's contact sees as 市 → 区 → 本单位. Reads the parents.
 */
export async function partPaths(
  rt: Runtime,
  assignments: Assignment[],
  names: Map<string, string>,
): Promise<Map<string, string[]>> {
  const paths = new Map<string, string[]>();
  const cache = new Map<string, Assignment | null>();
  const parent = async (id: string) => {
    if (!cache.has(id)) cache.set(id, await rt.store.getAssignment(id));
    return cache.get(id) ?? null;
  };
  for (const a of assignments) {
    if (!a.parentId) continue;
    const path: string[] = [];
    const seen = new Set<string>();
    for (let p = await parent(a.parentId); p && !seen.has(p.id) && path.length < 10;) {
      seen.add(p.id);
      path.unshift(unitName(names, p.unitId));
      p = p.parentId ? await parent(p.parentId) : null;
    }
    paths.set(a.id, path);
  }
  return paths;
}

/** An assignment as the task page shows it; `parts` (those split from it, if any) give its rollup. */
export function assignmentView(
  a: Assignment,
  names: Map<string, string>,
  now: Instant,
  yellowDays: number,
  parts: Assignment[] = [],
): AssignmentView {
  return {
    id: a.id,
    unitId: a.unitId,
    unitName: unitName(names, a.unitId),
    role: a.role,
    status: a.status,
    light: lightOf(a, now, yellowDays),
    dueDate: a.dueDate,
    originalDueDate: a.originalDueDate,
    daysLeft: a.status === 'closed' ? null : daysLeft(a.dueDate, now),
    percent: a.percent,
    lastReportAt: a.lastReportAt,
    parentId: a.parentId ?? null,
    note: a.note ?? null,
    rollup: parts.length ? partsRollup(parts.map((p) => lightOf(p, now, yellowDays))) : null,
  };
}

/** Report views with photo URLs; `unitOf` gives the unit id of a report's assignment. */
export async function reportViews(
  rt: Runtime,
  reports: Report[],
  unitOf: (assignmentId: string) => string | undefined,
  names: Map<string, string>,
): Promise<ReportView[]> {
  const people = await userNames(
    rt,
    reports.flatMap((r) => [r.authorId, r.reviewerId]),
  );
  const photoIds = [...new Set(reports.flatMap((r) => r.photos))];
  const urls = photoIds.length ? await rt.files.urls(photoIds) : {};
  return reports.map((r) => ({
    id: r.id,
    assignmentId: r.assignmentId,
    unitName: unitName(names, unitOf(r.assignmentId) ?? ''),
    authorName: people.get(r.authorId) ?? null,
    text: r.text,
    photos: r.photos.map((id) => ({ id, url: urls[id] ?? '' })),
    percent: r.percent,
    claimDone: r.claimDone,
    review: r.review,
    reviewReason: r.reviewReason,
    reviewerName: r.reviewerId ? (people.get(r.reviewerId) ?? null) : null,
    reviewedAt: r.reviewedAt,
    createdAt: r.createdAt,
  }));
}

export function extensionView(e: Extension, unitNameOf: string): ExtensionView {
  return {
    id: e.id,
    assignmentId: e.assignmentId,
    unitName: unitNameOf,
    oldDue: e.oldDue,
    newDue: e.newDue,
    reason: e.reason,
    status: e.status,
    decisionNote: e.decisionNote,
    createdAt: e.createdAt,
    decidedAt: e.decidedAt,
  };
}

export function urgeView(u: Urge, unitNameOf: string, urgerName: string | null): UrgeView {
  return {
    id: u.id,
    assignmentId: u.assignmentId,
    unitName: unitNameOf,
    message: u.message,
    urgerName,
    createdAt: u.createdAt,
  };
}

export async function meView(rt: Runtime, user: User): Promise<MeView> {
  const [unit, leadsTasks, settings, credits] = await Promise.all([
    rt.store.getUnit(user.unitId),
    rt.store.unitLeadsAnyTask(user.unitId),
    rt.store.getSettings(),
    rt.reminders.creditsOf(user.id),
  ]);
  const templates = templatesByKind(settings);
  return {
    user: { id: user.id, role: user.role, name: user.name, unitId: user.unitId, unitName: unit?.name ?? '' },
    leadsTasks: user.role === 'contact' && leadsTasks,
    credits,
    subscribeTemplateIds: subscribeTemplateIds('me', templates, credits, settings.longTermTemplates),
    subscribeTemplates: templates,
    longTermTemplates: settings.longTermTemplates,
    demo: rt.demo,
  };
}
