/**
 * A task's assignments as a contact outside its lead unit gets them (getTask's summary, issue 14): THE rule of which
 * it gets in full, and the reference of what `Store.assignmentsOfTaskFor` returns. The CloudBase store answers with
 * it over `listAssignmentsOfTask`; SQLite answers in SQL, and the store contract checks both against it.
 */
import type { Assignment, Light } from '../model';
import { inDueBand, type LightBands } from './store';

export interface TaskForUnit {
  /**
   * In listAssignmentsOfTask's order: the unit's own assignment, those it came down through, the parts below it
   * (any depth) and the lead units' (the table's own), with the parts split from any of these (their rollups).
   */
  assignments: Assignment[];
  /** The rest of the table's own assignments, counted: how many, by light, and the first units (list order). */
  others: { count: number; lights: Record<Light, number>; unitIds: string[] };
}

/** The ids of the assignments a contact of `unitId` gets in full, among a task's live assignments. */
export function inFullFor(all: readonly Assignment[], unitId: string): Set<string> {
  const byId = new Map(all.map((a) => [a.id, a]));
  const full = new Set<string>();
  const own = all.filter((a) => a.unitId === unitId);
  for (const a of own) {
    for (let p: Assignment | undefined = a; p; p = p.parentId ? byId.get(p.parentId) : undefined) full.add(p.id);
  }
  // below: the parts of the parts … of its own
  const below = new Set(own.map((a) => a.id));
  for (let grew = true; grew;) {
    grew = false;
    for (const a of all) {
      if (a.parentId && below.has(a.parentId) && !below.has(a.id)) {
        below.add(a.id);
        grew = true;
      }
    }
  }
  for (const id of below) full.add(id);
  for (const a of all) if (a.role === 'lead' && !a.parentId) full.add(a.id);
  return full;
}

/** The light of an assignment by the bands core gives (closed: done). */
export function lightInBands(a: Pick<Assignment, 'status' | 'dueDate'>, bands: LightBands): Light {
  if (a.status === 'closed') return 'done';
  if (inDueBand(a.dueDate, bands.red)) return 'red';
  if (inDueBand(a.dueDate, bands.yellow)) return 'yellow';
  return 'green';
}

/** The reference: `all` is the task's live assignments in listAssignmentsOfTask's order. */
export function taskForUnitOf(
  all: readonly Assignment[],
  unitId: string,
  bands: LightBands,
  names: number,
): TaskForUnit {
  const full = inFullFor(all, unitId);
  const rest = all.filter((a) => !a.parentId && !full.has(a.id));
  const lights: Record<Light, number> = { red: 0, yellow: 0, green: 0, done: 0 };
  for (const a of rest) lights[lightInBands(a, bands)]++;
  return {
    assignments: all.filter(
      (a) => full.has(a.id) || (a.parentId !== undefined && a.parentId !== null && full.has(a.parentId)),
    ),
    others: { count: rest.length, lights, unitIds: rest.slice(0, Math.max(0, names)).map((a) => a.unitId) },
  };
}
