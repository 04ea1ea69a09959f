/**
 * Reading and rolling the kept light counts (schema and triggers: lightCountsSchema.ts). The counts are kept
 * against two boundaries, `redTo` and `yellowTo`, taken from the bands core gives (lightBands): red = due on or
 * before redTo, yellow = after it up to yellowTo, green = later or no due date. Bands of any other shape are counted
 * by the plain aggregate instead (the caller falls back), so the store still counts by whatever it is given.
 */
import type Database from 'better-sqlite3';
import type { LightBands, LightCountRow, LightTotals } from '../../../core/ports/store';
import { addDays } from '../../../core/time';

type Db = Database.Database;
type Row = Record<string, unknown>;

export interface KeptBoundaries {
  redTo: string;
  yellowTo: string;
}

/** A day further than this between the kept and the asked boundaries: recount everything instead of rolling. */
const ROLL_LIMIT_DAYS = 62;

/** The boundaries of bands shaped as core's lightBands shapes them, or null for any other bands. */
export function keptBoundaries(b: LightBands): KeptBoundaries | null {
  const { red, yellow, green } = b;
  if (red.from !== undefined || red.to === undefined || red.orNone) return null;
  if (yellow.from === undefined || yellow.to === undefined || yellow.orNone) return null;
  if (green.from === undefined || green.to !== undefined || !green.orNone) return null;
  if (yellow.from !== addDays(red.to, 1) || green.from !== addDays(yellow.to, 1)) return null;
  if (yellow.to < red.to) return null;
  return { redTo: red.to, yellowTo: yellow.to };
}

const RECOUNT = `
  INSERT INTO light_counts (stage_null, stage, unit_id, done, red, yellow, green)
  SELECT t.stage IS NULL, IFNULL(t.stage, ''), a.unit_id,
    SUM(a.status = 'closed'),
    SUM(a.status <> 'closed' AND a.due_date IS NOT NULL AND a.due_date <= @redTo),
    SUM(a.status <> 'closed' AND a.due_date IS NOT NULL AND a.due_date > @redTo AND a.due_date <= @yellowTo),
    SUM(a.status <> 'closed' AND (a.due_date IS NULL OR a.due_date > @yellowTo))
  FROM assignments a JOIN tasks t ON t.id = a.task_id
  WHERE a.withdrawn_at IS NULL
  GROUP BY t.stage IS NULL, IFNULL(t.stage, ''), a.unit_id`;

/** Recounts every (stage, unit) from the assignments against `b`, in one transaction (`duban rebuild-counts`). */
export function rebuildLightCounts(db: Db, b: KeptBoundaries): void {
  db.transaction(() => recount(db, b)).immediate();
}

function recount(db: Db, b: KeptBoundaries): void {
  db.prepare(`DELETE FROM light_counts_state`).run();
  db.prepare(`DELETE FROM light_counts`).run();
  db.prepare(RECOUNT).run(b);
  db.prepare(`INSERT INTO light_counts_state (id, red_to, yellow_to) VALUES (1, @redTo, @yellowTo)`).run(b);
}

function lightOfDue(due: string, b: KeptBoundaries): 'red' | 'yellow' | 'green' {
  return due <= b.redTo ? 'red' : due <= b.yellowTo ? 'yellow' : 'green';
}

/** Whether the kept counts are at `b` already (rolling them would write nothing). */
export function keptCountsAt(db: Db, b: KeptBoundaries): boolean {
  const s = db.prepare(`SELECT red_to, yellow_to FROM light_counts_state WHERE id = 1`).get() as Row | undefined;
  return !!s && s.red_to === b.redTo && s.yellow_to === b.yellowTo;
}

/**
 * Brings the kept counts to `b`: nothing when they are there already; otherwise moves only the open assignments
 * whose due date lies between the old and the new boundaries (read through the due-date index), or recounts
 * everything when there is no state or the step is long. One IMMEDIATE transaction, so that two processes on one
 * file roll once.
 */
export function rollLightCounts(db: Db, b: KeptBoundaries): void {
  const state = () =>
    db.prepare(`SELECT red_to, yellow_to FROM light_counts_state WHERE id = 1`).get() as Row | undefined;
  if (keptCountsAt(db, b)) return; // the common case: no write at all
  db.transaction(() => {
    if (keptCountsAt(db, b)) return;
    const s = state();
    const old: KeptBoundaries | null = s ? { redTo: String(s.red_to), yellowTo: String(s.yellow_to) } : null;
    const far = (x: string, y: string) => (x < y ? addDays(x, ROLL_LIMIT_DAYS) < y : addDays(y, ROLL_LIMIT_DAYS) < x);
    if (!old || far(old.redTo, b.redTo) || far(old.yellowTo, b.yellowTo)) {
      recount(db, b);
      return;
    }
    // due dates whose light may differ: (min, max] of each boundary's move, merged when they overlap
    const ranges = [
      [old.redTo, b.redTo],
      [old.yellowTo, b.yellowTo],
    ]
      .map(([x, y]) => (x < y ? [x, y] : [y, x]))
      .filter(([x, y]) => x < y)
      .sort((p, q) => (p[0] < q[0] ? -1 : 1));
    const merged: string[][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = r[1] > last[1] ? r[1] : last[1];
      else merged.push([...r]);
    }
    const moved = db.prepare(
      `SELECT t.stage IS NULL AS stage_null, IFNULL(t.stage, '') AS stage, a.unit_id, a.due_date, COUNT(*) AS n
       FROM assignments a JOIN tasks t ON t.id = a.task_id
       WHERE a.status <> 'closed' AND a.withdrawn_at IS NULL AND a.due_date > ? AND a.due_date <= ?
       GROUP BY t.stage IS NULL, IFNULL(t.stage, ''), a.unit_id, a.due_date`,
    );
    const apply = db.prepare(
      `UPDATE light_counts SET red = red + @red, yellow = yellow + @yellow, green = green + @green
       WHERE stage_null = @stageNull AND stage = @stage AND unit_id = @unitId`,
    );
    for (const [from, to] of merged) {
      for (const r of moved.all(from, to) as Row[]) {
        const before = lightOfDue(String(r.due_date), old);
        const after = lightOfDue(String(r.due_date), b);
        if (before === after) continue;
        const delta = { red: 0, yellow: 0, green: 0 };
        delta[before] -= Number(r.n);
        delta[after] += Number(r.n);
        apply.run({ ...delta, stageNull: r.stage_null, stage: r.stage, unitId: r.unit_id });
      }
    }
    db.prepare(`UPDATE light_counts_state SET red_to = @redTo, yellow_to = @yellowTo WHERE id = 1`).run(b);
  }).immediate();
}

/** The kept counts as the port returns them (groups with no assignment left are not rows). */
export function readLightCounts(db: Db): LightCountRow[] {
  // raw rows (arrays): ~1,800 of them at province scale, read on every dashboard
  const rows = db
    .prepare(
      `SELECT stage_null, stage, unit_id, done, red, yellow, green FROM light_counts
       WHERE done + red + yellow + green > 0`,
    )
    .raw()
    .all() as [number, string, string, number, number, number, number][];
  return rows.map(([stageNull, stage, unitId, done, red, yellow, green]) => ({
    stage: stageNull === 1 ? null : stage,
    unitId,
    green,
    yellow,
    red,
    done,
  }));
}

/**
 * The kept counts summed by stage and by unit, of the units given (all by default): `Store.lightTotals`. A dozen
 * and ~150 rows read where the (stage, unit) rows are ~1,800 at province scale (better-sqlite3 costs ~0.5 µs a value).
 */
export function readLightTotals(db: Db, unitIds?: readonly string[]): LightTotals {
  const where = `WHERE done + red + yellow + green > 0${unitIds ? ` AND unit_id IN (SELECT value FROM json_each(?))` : ''}`;
  const params = unitIds ? [JSON.stringify(unitIds)] : [];
  const sums = `SUM(done), SUM(red), SUM(yellow), SUM(green)`;
  const stages = db
    .prepare(`SELECT stage_null, stage, ${sums} FROM light_counts ${where} GROUP BY stage_null, stage`)
    .raw()
    .all(...params) as [number, string, number, number, number, number][];
  const units = db
    .prepare(`SELECT unit_id, ${sums} FROM light_counts ${where} GROUP BY unit_id`)
    .raw()
    .all(...params) as [string, number, number, number, number][];
  return {
    byStage: stages.map(([stageNull, stage, done, red, yellow, green]) => ({
      stage: stageNull === 1 ? null : stage,
      green,
      yellow,
      red,
      done,
    })),
    byUnit: units.map(([unitId, done, red, yellow, green]) => ({ unitId, green, yellow, red, done })),
  };
}
