/**
 * A revised table (调整分工: a few tasks reworded, units changed) recognised as a revision of a plan already
 * imported, by task similarity, and what applying it changes. One home for the rule:
 * - two tasks are the same task when their contents are alike (Dice coefficient of character bigrams ≥ 0.6,
 *   identical text first); each task of the file is matched to at most one of the plan, best pairs first;
 * - a file is a revision of a plan when at least half of the larger of the two task lists is matched (the
 *   plan with the most matches wins; archived plans are not candidates);
 * - applying it: matched tasks keep their id, assignments and history (content, units, deadline updated); a unit
 *   no longer named on a task has its assignment withdrawn (kept, never deleted); a newly named unit gets a new
 *   assignment; a task of the plan absent from the file has all its assignments withdrawn; a new task is created.
 */
import type { RevisionDiff } from '../api/contract';
import { expandTask } from '../assign/expand';
import { newAssignment } from '../assign/lifecycle';
import type { AssignmentRole, ParsedPlan, ParsedTask, Task } from '../model';
import type { DirectoryIndex } from '../org/directory';
import type { PlanRevision, Store } from '../ports/store';

/** Two contents this alike (0–1) are the same task reworded. */
export const SAME_TASK = 0.6;
/** The share of the larger task list that must match for a file to be a revision of a plan. */
export const SAME_PLAN = 0.5;

const norm = (s: string) => s.normalize('NFKC').replace(/[\s，。；、,.;:：“”"'（）()]/g, '');

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  const t = norm(s);
  if (t.length === 1) out.set(t, 1);
  for (let i = 0; i + 1 < t.length; i++) {
    const g = t.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (const n of a.values()) na += n;
  for (const n of b.values()) nb += n;
  if (na + nb === 0) return 1;
  for (const [g, n] of a) inter += Math.min(n, b.get(g) ?? 0);
  return (2 * inter) / (na + nb);
}

/** Content similarity of two tasks, 0–1. */
export function taskSimilarity(a: string, b: string): number {
  if (norm(a) === norm(b)) return 1;
  return dice(bigrams(a), bigrams(b));
}

/** Pairs (index in `plan`, index in `file`), each task in at most one pair, best first. */
export function matchTasks(plan: string[], file: string[]): [number, number][] {
  const pairs: [number, number][] = [];
  const usedP = new Set<number>();
  const usedF = new Set<number>();
  // identical contents first, in order (cheap, and most of a revision)
  const byText = new Map<string, number[]>();
  plan.forEach((c, i) => byText.set(norm(c), [...(byText.get(norm(c)) ?? []), i]));
  file.forEach((c, j) => {
    const i = byText.get(norm(c))?.find((k) => !usedP.has(k));
    if (i !== undefined) {
      pairs.push([i, j]);
      usedP.add(i);
      usedF.add(j);
    }
  });
  const pg = plan.map(bigrams);
  const fg = file.map(bigrams);
  const scored: [number, number, number][] = [];
  for (let i = 0; i < plan.length; i++) {
    if (usedP.has(i)) continue;
    for (let j = 0; j < file.length; j++) {
      if (usedF.has(j)) continue;
      const s = dice(pg[i], fg[j]);
      if (s >= SAME_TASK) scored.push([s, i, j]);
    }
  }
  scored.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  for (const [, i, j] of scored) {
    if (usedP.has(i) || usedF.has(j)) continue;
    pairs.push([i, j]);
    usedP.add(i);
    usedF.add(j);
  }
  return pairs;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function diffOf(planId: string, planTitle: string, old: Task[], parsed: ParsedPlan, pairs: [number, number][]) {
  const diff: RevisionDiff = { planId, planTitle, unchanged: 0, added: [], removed: [], changed: [] };
  const matchedP = new Set(pairs.map((p) => p[0]));
  const matchedF = new Set(pairs.map((p) => p[1]));
  for (const [i, j] of [...pairs].sort((x, y) => x[1] - y[1])) {
    const o = old[i];
    const t = parsed.tasks[j];
    const lead = t.lead.map((r) => r.name);
    const resp = t.responsible.map((r) => r.name);
    const fields: string[] = [];
    if (norm(o.content) !== norm(t.content)) fields.push('内容');
    if (!sameList(o.leadNames, lead)) fields.push('牵头单位');
    if (!sameList(o.responsibleNames, resp)) fields.push('责任单位');
    if (o.deadline.text !== t.deadline.text) fields.push('完成时限');
    if ((o.stage ?? '') !== (t.stage ?? '')) fields.push('阶段');
    if (fields.length === 0) {
      diff.unchanged++;
      continue;
    }
    const before = new Set([...o.leadNames, ...o.responsibleNames]);
    const after = new Set([...lead, ...resp]);
    diff.changed.push({
      seq: t.seq,
      planSeq: o.seq,
      content: t.content,
      before: o.content,
      fields,
      addedUnits: [...after].filter((n) => !before.has(n)),
      removedUnits: [...before].filter((n) => !after.has(n)),
    });
  }
  parsed.tasks.forEach((t, j) => {
    if (!matchedF.has(j)) diff.added.push({ seq: t.seq, content: t.content });
  });
  old.forEach((o, i) => {
    if (!matchedP.has(i)) diff.removed.push({ seq: o.seq, content: o.content });
  });
  return diff;
}

/**
 * The plan (not archived, not `exceptPlanId`) that the parsed table revises, with what would change; null when
 * none is alike enough.
 */
export async function findRevision(
  store: Store,
  parsed: ParsedPlan,
  exceptPlanId: string | null,
): Promise<RevisionDiff | null> {
  let best: { diff: RevisionDiff; matched: number } | null = null;
  for (const plan of await store.listPlans()) {
    if (plan.archivedAt || plan.id === exceptPlanId) continue;
    const old = await store.listTasksOfPlan(plan.id);
    if (old.length === 0) continue;
    const pairs = matchTasks(
      old.map((t) => t.content),
      parsed.tasks.map((t) => t.content),
    );
    if (pairs.length < SAME_PLAN * Math.max(old.length, parsed.tasks.length)) continue;
    if (!best || pairs.length > best.matched) {
      best = { diff: diffOf(plan.id, plan.title, old, parsed, pairs), matched: pairs.length };
    }
  }
  return best?.diff ?? null;
}

/** Everything applying `parsed` to the plan writes (Store.applyRevision), given how unknown names resolve. */
export async function planRevision(
  store: Store,
  args: {
    planId: string;
    parsed: ParsedPlan;
    dir: DirectoryIndex;
    resolve: (name: string) => string | null;
    newId: () => string;
    now: string;
  },
): Promise<Omit<PlanRevision, 'title' | 'fingerprint' | 'newUnits' | 'audit'>> {
  const { planId, parsed, dir, resolve, newId, now } = args;
  const old = await store.listTasksOfPlan(planId);
  const pairs = matchTasks(
    old.map((t) => t.content),
    parsed.tasks.map((t) => t.content),
  );
  const out: Omit<PlanRevision, 'title' | 'fingerprint' | 'newUnits' | 'audit'> = {
    planId,
    updatedTasks: [],
    newTasks: [],
    newAssignments: [],
    assignmentChanges: [],
    withdraw: { assignmentIds: [], at: now },
    removedTaskIds: [],
  };
  const wanted = (t: ParsedTask): Map<string, AssignmentRole> => {
    const units = new Map<string, AssignmentRole>();
    for (const e of expandTask(t, dir)) {
      const unitId = e.unitId ?? resolve(e.unitName);
      if (unitId && !units.has(unitId)) units.set(unitId, e.role); // a unit named twice: lead first
    }
    return units;
  };
  const matchedP = new Set<number>();
  for (const [i, j] of pairs) {
    matchedP.add(i);
    const o = old[i];
    const t = parsed.tasks[j];
    out.updatedTasks.push(taskOf(t, o.id, planId));
    const units = wanted(t);
    const dueMoved = o.deadline.due !== t.deadline.due;
    for (const a of await store.listAssignmentsOfTask(o.id)) {
      const role = units.get(a.unitId);
      if (role === undefined) {
        out.withdraw.assignmentIds.push(a.id);
        continue;
      }
      units.delete(a.unitId);
      const change: PlanRevision['assignmentChanges'][number] = { id: a.id };
      if (role !== a.role) change.role = role;
      // a due date moved by an approved extension stays; one as first assigned follows the table
      if (dueMoved && a.status !== 'closed' && a.dueDate === a.originalDueDate) change.dueDate = t.deadline.due;
      if (change.role !== undefined || change.dueDate !== undefined) out.assignmentChanges.push(change);
    }
    for (const [unitId, role] of units) {
      out.newAssignments.push(newAssignment({ id: newId(), taskId: o.id, unitId, role, dueDate: t.deadline.due }));
    }
  }
  for (let i = 0; i < old.length; i++) {
    if (matchedP.has(i)) continue;
    out.removedTaskIds.push(old[i].id);
    for (const a of await store.listAssignmentsOfTask(old[i].id)) out.withdraw.assignmentIds.push(a.id);
  }
  const matchedF = new Set(pairs.map((p) => p[1]));
  parsed.tasks.forEach((t, j) => {
    if (matchedF.has(j)) return;
    const task = taskOf(t, newId(), planId);
    out.newTasks.push(task);
    for (const [unitId, role] of wanted(t)) {
      out.newAssignments.push(newAssignment({ id: newId(), taskId: task.id, unitId, role, dueDate: t.deadline.due }));
    }
  });
  return out;
}

/** The task record of a parsed task (the one shape confirmImport and a revision both write). */
export function taskOf(t: ParsedTask, id: string, planId: string): Task {
  return {
    id,
    planId,
    seq: t.seq,
    stage: t.stage,
    content: t.content,
    deadline: t.deadline,
    leadNames: t.lead.map((r) => r.name),
    responsibleNames: t.responsible.map((r) => r.name),
    relevantGroupIds: [
      ...new Set(
        [...t.lead, ...t.responsible]
          .filter((r) => r.kind === 'group' && r.relevantOnly && r.id)
          .map((r) => r.id as string),
      ),
    ],
  };
}
