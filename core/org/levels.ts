/**
 * A directory with levels (层级): a unit may have a parent (芙蓉区发展和改革局 under 芙蓉区人民政府). The ONE home of
 * what follows from it: a unit's subtree, its chain of parents, and the reach of an overseer (a supervisor, viewer
 * or administrator bound to a district sees and keeps that district's subtree only; one bound at the city, all).
 * Pure: the use cases hand it the units they read (core/usecases/access.ts: `callerReach`).
 */
import { sha256Hex } from '../assign/sha256';
import { derivedFrom } from '../frozen';
import type { Unit } from '../model';

type Levelled = Pick<Unit, 'id' | 'kind' | 'parentId'>;

// Indexes of a frozen directory, made once each (derivedFrom): a province's 150 units were indexed anew several
// times a request.
const childrenMemo = new WeakMap<readonly Levelled[], ReadonlyMap<string, readonly string[]>>();
const byIdMemo = new WeakMap<readonly Levelled[], ReadonlyMap<string, Levelled>>();

/** Children by parent id. */
function childrenOf(units: readonly Levelled[]): ReadonlyMap<string, readonly string[]> {
  return derivedFrom(childrenMemo, units, () => {
    const children = new Map<string, string[]>();
    for (const u of units) {
      if (!u.parentId) continue;
      const list = children.get(u.parentId) ?? [];
      list.push(u.id);
      children.set(u.parentId, list);
    }
    return children;
  });
}

/** The unit and every unit below it, at any depth (a cycle stops the walk). */
export function subtreeOf(units: readonly Levelled[], rootId: string): Set<string> {
  const children = childrenOf(units);
  const seen = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return seen;
}

/** The units below `rootId` (its subtree without itself). */
export function unitsBelow(units: readonly Levelled[], rootId: string): Set<string> {
  const s = subtreeOf(units, rootId);
  s.delete(rootId);
  return s;
}

/** The chain from the top down to the unit itself: [芙蓉区人民政府, 芙蓉区发展和改革局]. */
export function chainOf<U extends Levelled>(units: readonly U[], unitId: string): U[] {
  const byId = derivedFrom(byIdMemo, units, () => new Map(units.map((u) => [u.id, u]))) as ReadonlyMap<string, U>;
  const chain: U[] = [];
  const seen = new Set<string>();
  for (let u = byId.get(unitId); u && !seen.has(u.id); u = u.parentId ? byId.get(u.parentId) : undefined) {
    seen.add(u.id);
    chain.unshift(u);
  }
  return chain;
}

/** Whether `unitId` is `ancestorId` or below it. */
export function isWithin(units: readonly Levelled[], unitId: string, ancestorId: string): boolean {
  return chainOf(units, unitId).some((u) => u.id === ancestorId);
}

/**
 * What an overseer (supervisor, viewer, admin) reaches: `all` for one bound at the city (the top of its unit's
 * chain is not a district or a park: 市政府督查室), else the subtree of that top (a district's or a park's supervisor, even when
 * bound to one of its own offices such as 芙蓉区督查室).
 */
export type Reach = { all: true; rootId: null } | { all: false; rootId: string; unitIds: ReadonlySet<string> };

export function reachOf(units: readonly Levelled[], unitId: string): Reach {
  const top = chainOf(units, unitId)[0];
  if (!top || (top.kind !== 'district' && top.kind !== 'park')) return { all: true, rootId: null };
  return { all: false, rootId: top.id, unitIds: subtreeOf(units, top.id) };
}

/**
 * Whether an overseer may act on (review, urge, decide for) an assignment of `unitId`: within its reach, and, at
 * the city, on the table's own assignments only: a district's parts are the district's to chase; the city sees them
 * read-only (getTask shows them, `reaches`).
 */
export function actsOn(reach: Reach, unitId: string, isPart: boolean): boolean {
  return reaches(reach, unitId) && !(reach.all && isPart);
}

/** Whether a reach covers a unit. */
export function reaches(reach: Reach, unitId: string | null): boolean {
  if (reach.all) return true;
  return unitId !== null && reach.unitIds.has(unitId);
}

/** Whether making `parentId` the parent of `unitId` would make a cycle (a unit under itself). */
export function wouldCycle(units: readonly Levelled[], unitId: string, parentId: string | null): boolean {
  if (!parentId) return false;
  return parentId === unitId || isWithin(units, parentId, unitId);
}

/**
 * Whose assignments an overseer's counts (dashboard, circular) cover: at the city, the units at the top (the table's
 * own assignments: 2,104 for the 2018 table, whatever the districts split below them; their parts show under each
 * district's assignment); for a district, every unit of its subtree (its own assignments and the parts its units
 * hold).
 */
export function countsCover(units: readonly Levelled[], reach: Reach): (unitId: string) => boolean {
  if (!reach.all) return (unitId) => reach.unitIds.has(unitId);
  const below = new Set(units.filter((u) => u.parentId).map((u) => u.id));
  return (unitId) => !below.has(unitId);
}

/** `countsCover` as the list of unit ids a store counts (TaskQuery.countUnitIds). */
export function countedUnitIds(units: readonly Levelled[], reach: Reach): string[] {
  const covers = countsCover(units, reach);
  return units.filter((u) => covers(u.id)).map((u) => u.id);
}

/** `countedUnitIds`, or undefined when they are every unit (a city with no district splitting): nothing to filter. */
export function countedUnitFilter(units: readonly Levelled[], reach: Reach): string[] | undefined {
  const ids = countedUnitIds(units, reach);
  return ids.length === units.length ? undefined : ids;
}

/** The longest part id kept readable (`${parentId}.${unitId}`); a longer one (parts of parts) is hashed. */
const READABLE_PART_ID = 80;

/**
 * The id of the part a unit holds of an assignment (分解下达): deterministic, so that "one part per unit" is a unique
 * key in both stores (CloudBase's `_id` as well as SQLite's key): two splits racing to the same unit write the same
 * id, and the second fails as a duplicate (`partTaken`). Unit ids have no `.`, so the readable form is unambiguous.
 */
export function partIdOf(parentId: string, unitId: string): string {
  const id = `${parentId}.${unitId}`;
  return id.length <= READABLE_PART_ID ? id : `part-${sha256Hex(id).slice(0, 40)}`;
}
