/**
 * The light counts summed by stage and by unit (the dashboard's and the circular's tiles, stages and ranking): THE
 * rule of what `Store.lightTotals` returns, over `Store.lightCounts`' (stage, unit) rows. The CloudBase store answers
 * with it; SQLite sums its kept counts in SQL (a dozen and ~150 rows read instead of ~1,800 at province scale), and
 * the store contract checks both against it.
 */
import type { LightCountRow } from './store';

/** Closed ones and open ones by light. */
export type LightTally = Pick<LightCountRow, 'green' | 'yellow' | 'red' | 'done'>;

export interface LightTotals {
  /** By stage, in the order of the rows (SQLite: the kept counts' key order). */
  byStage: (LightTally & { stage: string | null })[];
  /** By unit, in no particular order (the caller ranks them); only units with an assignment counted. */
  byUnit: (LightTally & { unitId: string })[];
}

/** Which units' rows count: all of them, or those listed. */
export interface LightTotalsFilter {
  /** One plan's assignments (every plan's by default). */
  planId?: string;
  /** Only these units' assignments. */
  unitIds?: readonly string[];
}

export function addTally(into: LightTally, r: LightTally): void {
  into.green += r.green;
  into.yellow += r.yellow;
  into.red += r.red;
  into.done += r.done;
}

/** `lightTotals` over the (stage, unit) rows, keeping the listed units' only. */
export function lightTotalsOf(rows: readonly LightCountRow[], unitIds?: readonly string[]): LightTotals {
  const only = unitIds ? new Set(unitIds) : null;
  const byStage = new Map<string | null, LightTally & { stage: string | null }>();
  const byUnit = new Map<string, LightTally & { unitId: string }>();
  for (const r of rows) {
    if (only && !only.has(r.unitId)) continue;
    let s = byStage.get(r.stage);
    if (!s) byStage.set(r.stage, (s = { stage: r.stage, green: 0, yellow: 0, red: 0, done: 0 }));
    addTally(s, r);
    let u = byUnit.get(r.unitId);
    if (!u) byUnit.set(r.unitId, (u = { unitId: r.unitId, green: 0, yellow: 0, red: 0, done: 0 }));
    addTally(u, r);
  }
  return { byStage: [...byStage.values()], byUnit: [...byUnit.values()] };
}
