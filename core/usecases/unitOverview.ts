/**
 * unitOverview (a unit's page): the unit, its contacts, each of its assignments with its light, its latest report's
 * first words, its urges (已催办 N 次, when last, read or not) and whether a claim waits for review, and its counts.
 * Permission (PERMISSIONS.unitOverview): supervisors, admins and viewers any unit, all its assignments; a lead
 * unit's contact the unit's assignments on the tasks its unit leads (deskScope, access.ts).
 * An assignment the unit split (分解下达: a district's) carries its rollup and its parts, read-only: the city sees
 * them as on the task page (getTask), the district chases them; the parts are those the caller's scope lists.
 */
import { z } from 'zod';
import type { UnitAssignmentRow, UnitOverview } from '../api/contract';
import { notFound, outOfReach } from '../errors';
import { countLights } from '../lights/lights';
import { MAX_PAGE, type AssignmentWithTask, type Store } from '../ports/store';
import { assignmentQueryIn, callerReach, deskScope, type DeskScope } from './access';
import { actsOn, unitsBelow } from '../org/levels';
import { lightOf, partsRollup } from '../lights/lights';
import type { Assignment } from '../model';
import { beijingDate } from '../time';
import { missedPeriodOf } from './cycles';
import { defineUseCase } from './define';
import { inScope } from './permissions';
import { assignmentCard, assignmentView, unitNames } from './views';

/** The most assignments a unit's page lists (a province's busiest unit has a few hundred). */
export const UNIT_PAGE_MAX = 2000;
/** How much of the latest report the page shows. */
export const EXCERPT_CHARS = 60;

export function excerpt(text: string, n = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/**
 * The parts split from the given assignments of `unitId` (and their own parts, a level further), by parent id:
 * read from the units below it, as far as the caller's desk scope lists them (a lead unit's contact: none).
 */
async function splitParts(
  store: Store,
  scope: DeskScope,
  unitId: string,
  parentIds: Set<string>,
): Promise<Map<string, Assignment[]>> {
  const out = new Map<string, Assignment[]>();
  if (!parentIds.size) return out;
  const below = unitsBelow(await store.listUnits(), unitId);
  if (!below.size) return out;
  const query = assignmentQueryIn(scope, { unitIds: [...below] });
  const found: Assignment[] = [];
  for (let offset = 0; offset < UNIT_PAGE_MAX; offset += MAX_PAGE) {
    const page = await store.listAssignments(query, { offset, limit: MAX_PAGE }, { count: false });
    found.push(...page.items.map((i) => i.assignment));
    if (page.items.length < MAX_PAGE) break;
  }
  // parts of the unit's assignments, then the parts of those parts
  const wanted = new Set(parentIds);
  for (let level = 0; level < 2; level++) {
    for (const a of found) {
      if (!a.parentId || !wanted.has(a.parentId) || out.get(a.parentId)?.includes(a)) continue;
      out.set(a.parentId, [...(out.get(a.parentId) ?? []), a]);
    }
    for (const list of [...out.values()]) for (const a of list) wanted.add(a.id);
  }
  return out;
}

export const unitOverview = defineUseCase({
  action: 'unitOverview',
  schema: z.object({ unitId: z.string().trim().min(1).max(100) }),
  async run(ctx, input): Promise<UnitOverview> {
    const { store } = ctx.rt;
    const [scope, reach] = await Promise.all([deskScope(ctx, 'unitOverview'), callerReach(ctx)]);
    const unit = await store.getUnit(input.unitId);
    if (!unit) throw notFound('这个单位', { unitId: input.unitId });
    // an overseer bound to a district opens the units of its own subtree only
    if (scope.kind === 'reach' && !scope.unitIds.has(unit.id)) throw outOfReach({ unitId: unit.id });
    const query = assignmentQueryIn(scope, { unitIds: [unit.id] });
    const all: AssignmentWithTask[] = [];
    for (let offset = 0; offset < UNIT_PAGE_MAX; offset += MAX_PAGE) {
      const page = await store.listAssignments(query, { offset, limit: MAX_PAGE }, { count: false });
      all.push(...page.items);
      if (page.items.length < MAX_PAGE) break;
    }
    const ids = all.map((i) => i.assignment.id);
    const partsOf = await splitParts(ctx.rt.store, scope, unit.id, new Set(ids));
    const [settings, names, contacts, urges, latest, plans] = await Promise.all([
      store.getSettings(),
      unitNames(ctx.rt),
      store.listUsersOfUnit(unit.id),
      store.urgeStats(ids),
      store.latestReports(ids),
      store.listPlans(),
    ]);
    const importedAt = new Map(plans.map((p) => [p.id, p.importedAt]));
    const today = beijingDate(ctx.now);
    const assignments: UnitAssignmentRow[] = all.map(({ assignment, task }) => {
      const r = latest[assignment.id];
      const card = assignmentCard(assignment, task, names, ctx.now, settings.yellowDays);
      const parts = partsOf.get(assignment.id) ?? [];
      const lights = parts.map((p) => lightOf(p, ctx.now, settings.yellowDays));
      return {
        ...card,
        rollup: parts.length ? partsRollup(lights) : null,
        parts: parts.map((p) => assignmentView(p, names, ctx.now, settings.yellowDays, partsOf.get(p.id) ?? [])),
        returned: r && r.review === 'returned' ? { reportId: r.id, reason: r.reviewReason, at: r.reviewedAt } : null,
        latestReport: r ? { text: excerpt(r.text), at: r.createdAt, review: r.review } : null,
        urges: urges[assignment.id] ?? null,
        missedPeriod: missedPeriodOf(settings, task, assignment, importedAt.get(task.planId), today),
      };
    });
    return {
      unit: { id: unit.id, name: unit.name, kind: unit.kind },
      contacts: contacts.map((u) => ({ name: u.name, role: u.role })),
      counts: countLights(assignments.map((a) => a.light)),
      assignments,
      // at the city, a district's parts are read-only (actsOn): no 催办 on a page that lists any
      canUrge:
        assignments.some((a) => a.light !== 'done') &&
        all.every(({ assignment: a }) => actsOn(reach, a.unitId, !!a.parentId)) &&
        inScope('urge', ctx.user, { unitId: unit.id, leadsTask: scope.kind === 'ledTasks', inReach: true }),
      missedCount: assignments.filter((a) => a.missedPeriod).length,
    };
  },
});
