/**
 * A task becomes one assignment per unit (交办到单位): lead units (and every member of a lead collective)
 * lead; responsible units (and every member of a responsible collective) are responsible; a unit named both
 * ways leads once. A unit the directory does not know is kept by name, without an id.
 */
import type { DirectoryIndex } from '../org/directory';
import type { AssignmentRole, ParsedPlan, ParsedTask, UnitRef } from '../model';
import { sha256Hex } from './sha256';

export interface ExpandedAssignment {
  unitId: string | null;
  unitName: string;
  role: AssignmentRole;
}

export function expandTask(task: ParsedTask, dir: DirectoryIndex): ExpandedAssignment[] {
  const out: ExpandedAssignment[] = [];
  const seen = new Set<string>();
  const add = (refs: UnitRef[], role: AssignmentRole) => {
    for (const ref of refs) {
      const units =
        ref.kind === 'group' && ref.id !== null
          ? dir.membersOf(ref.id).map((u) => ({ unitId: u.id as string | null, unitName: u.name }))
          : ref.kind === 'unit' && ref.id !== null
            ? [{ unitId: ref.id as string | null, unitName: dir.unitById(ref.id)?.name ?? ref.name }]
            : [{ unitId: null, unitName: ref.name }];
      for (const u of units) {
        const key = u.unitId ?? `?${u.unitName}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ...u, role });
      }
    }
  };
  add(task.lead, 'lead');
  add(task.responsible, 'responsible');
  return out;
}

/** How many assignments a whole plan expands into. */
export function countAssignments(plan: ParsedPlan, dir: DirectoryIndex): number {
  return plan.tasks.reduce((n, t) => n + expandTask(t, dir).length, 0);
}

/**
 * A stable content hash of the plan's tasks (stage, content, units, deadline), so that importing the same
 * table twice — even from another file format — is recognised. Title and format do not count.
 */
export function planFingerprint(plan: ParsedPlan): string {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const canonical = plan.tasks.map((t) => [
    norm(t.stage ?? ''),
    norm(t.content),
    t.lead.map((r) => r.id ?? norm(r.name)),
    t.responsible.map((r) => r.id ?? norm(r.name)),
    norm(t.deadline.text),
  ]);
  return sha256Hex(JSON.stringify(canonical));
}
