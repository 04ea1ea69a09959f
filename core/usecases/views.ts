/**
 * Turning stored records into the views of the API contract: names resolved, lights computed on the Beijing
 * calendar, photo URLs made. Shared by the use cases that show tasks, reports, extensions and urges.
 */
import type {
  AssignmentCard,
  AssignmentView,
  ExtensionView,
  MeView,
  PhotoView,
  ReportView,
  ReturnedNote,
  UrgeView,
} from '../api/contract';
import { captureGap } from '../evidence/evidence';
import { derivedFrom, type Frozen } from '../frozen';
import {
  type Assignment,
  type Extension,
  type Instant,
  type Report,
  type Task,
  type Unit,
  type Urge,
  type User,
} from '../model';
import { daysLeft, lightOf, partsRollup } from '../lights/lights';
import { subscribeTemplateIds, templatesByKind } from '../subscribe';
import type { Runtime } from './runtime';

/** The names of each directory read: a store that keeps its directory (SQLite) hands out the same one until it moves. */
const namesOfDirectory = new WeakMap<readonly Frozen<Unit>[], ReadonlyMap<string, string>>();

/**
 * Unit names by id (the directory is small: one read per call); `units`: the directory when it was read already.
 * Made once per directory read and shared by every caller with it, hence read-only (a province's 150 names cost 3%
 * of listMyTasks when built anew for every request).
 */
export async function unitNames(rt: Runtime, units?: readonly Frozen<Unit>[]): Promise<ReadonlyMap<string, string>> {
  const directory = units ?? (await rt.store.listUnits());
  return derivedFrom(namesOfDirectory, directory, () => new Map(directory.map((u) => [u.id, u.name])));
}

/** User names by id, for the given ids. */
export async function userNames(rt: Runtime, ids: (string | null)[]): Promise<Map<string, string | null>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  return new Map((await rt.store.getUsers(wanted)).map((u) => [u.id, u.name]));
}

export const unitName = (names: ReadonlyMap<string, string>, id: string): string => names.get(id) ?? '（已删除的单位）';

/**
 * A card of the caller's list; `path` names the units a part came down through, from the top (partPaths), empty
 * for an assignment of the table itself.
 */
export function assignmentCard(
  a: Assignment,
  task: Task,
  names: ReadonlyMap<string, string>,
  now: Instant,
  yellowDays: number,
  reportDue: AssignmentCard['reportDue'] = null,
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
    reportDue,
    path,
  };
}

/** A returned report as the list card and the task page show it (被退回 with the reason), or null. */
export function returnedNote(latest: Report | undefined, reviewerName?: string | null): ReturnedNote | null {
  if (!latest || latest.review !== 'returned') return null;
  return {
    reportId: latest.id,
    reason: latest.reviewReason,
    at: latest.reviewedAt,
    reviewerName: reviewerName ?? null,
  };
}

/**
 * For each part among `assignments` (分解下达), the names of the units holding the assignments it was split from,
 * from the top (["芙蓉区人民政府"]): what a sub-unit's contact sees as 市 → 区 → 本单位. Reads the parents.
 */
export async function partPaths(
  rt: Runtime,
  assignments: Assignment[],
  names: ReadonlyMap<string, string>,
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
  names: ReadonlyMap<string, string>,
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
  names: ReadonlyMap<string, string>,
): Promise<ReportView[]> {
  const people = await userNames(
    rt,
    reports.flatMap((r) => [r.authorId, r.reviewerId]),
  );
  const photoIds = [...new Set(reports.flatMap((r) => r.photos))];
  const evidence = photoIds.length ? await rt.store.photoEvidenceOfReports(reports.map((r) => r.id)) : [];
  const evidenceOf = new Map(evidence.map((e) => [`${e.reportId}|${e.fileId}`, e]));
  const copies = evidence.flatMap((e) => (e.displayId ? [e.displayId] : []));
  const urls = photoIds.length ? await rt.files.urls([...photoIds, ...copies]) : {};
  const reusedTasks = new Map<string, number | null>();
  for (const e of evidence) {
    if (e.reuseOf && !reusedTasks.has(e.reuseOf.taskId)) {
      reusedTasks.set(e.reuseOf.taskId, (await rt.store.getTask(e.reuseOf.taskId))?.seq ?? null);
    }
  }
  const photoView = (r: Report, id: string): PhotoView => {
    const e = evidenceOf.get(`${r.id}|${id}`);
    if (!e) return { id, url: urls[id] ?? '' };
    return {
      id,
      url: (e.displayId && urls[e.displayId]) || urls[id] || '',
      ...(e.displayId ? { originalUrl: urls[id] ?? '' } : {}),
      receivedAt: e.receivedAt,
      takenAt: e.takenAt,
      captureGapHours: captureGap(e.takenAt, e.receivedAt),
      reused: e.reuseOf
        ? {
            reportId: e.reuseOf.reportId,
            taskId: e.reuseOf.taskId,
            taskSeq: reusedTasks.get(e.reuseOf.taskId) ?? null,
            unitName: unitName(names, e.reuseOf.unitId),
            at: e.reuseOf.at,
            distance: e.reuseOf.distance,
            sameUnit: e.reuseOf.unitId === e.unitId,
          }
        : null,
    };
  };
  return reports.map((r) => ({
    id: r.id,
    assignmentId: r.assignmentId,
    unitName: unitName(names, unitOf(r.assignmentId) ?? ''),
    authorName: people.get(r.authorId) ?? null,
    text: r.text,
    photos: r.photos.map((id) => photoView(r, id)),
    percent: r.percent,
    claimDone: r.claimDone,
    review: r.review,
    reviewReason: r.reviewReason,
    reviewerName: r.reviewerId ? (people.get(r.reviewerId) ?? null) : null,
    reviewedAt: r.reviewedAt,
    createdAt: r.createdAt,
    kind: r.kind,
    instructionId: r.instructionId,
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
    readAt: u.readAt ?? null,
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
