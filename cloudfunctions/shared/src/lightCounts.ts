/**
 * The dashboard's kept light counts on CloudBase (issue 14): one document per (stage, unit) in
 * `duban_light_counts`, moved with `_.inc` by every write of an assignment in the CloudStore, so that the dashboard
 * reads ~one document per (stage, unit) (100 a request) instead of a `$group` over every live assignment.
 *
 * What differs from SQLite (server/store/sqlite/lightCounts.ts), and why: SQLite keeps red/yellow/green against the
 * band boundaries it last rolled to and re-classifies the assignments between old and new boundaries when the day
 * moves, in one transaction. CloudBase has no multi-document transaction with queries, so a roll there would race
 * with the writers (two instances rolling at once count twice). Instead each document keeps its open assignments
 * by due date (`open: { 'd2026-03-05': 3, none: 1 }`, the due date as a field name) and `done`, the closed ones;
 * the light of a due date is decided on read from the bands asked (core's lightBands), so nothing rolls, any bands
 * work and every write stays a single-document `_.inc` (atomic, no conflicts between instances).
 *
 * Counted: assignment documents with `live: true` (what every reader counts): an import's are counted after they
 * are flipped live, a withdrawn one (`live: 'withdrawn'`) is taken out. The counts are moved after the write they
 * follow (not in its transaction: a counts document is shared by every assignment of its (stage, unit), and a
 * transaction over it would make writers of one unit conflict), so a function that dies between the two leaves
 * them off by that write until a rebuild: `rebuild()`, run by the `remind` function when invoked with
 * `{ "action": "rebuildLightCounts" }` (docs/deploy-cloudbase.md), and on the first read when the counts were never
 * built (the `lightCounts` state document is missing: a deployment from before this change).
 */
import { createHash } from 'crypto';
import type { AssignmentStatus } from '../../../core/model';
import type { LightBands, LightCountRow } from '../../../core/ports/store';
import { inDueBand } from '../../../core/ports/store';
import type { CloudDatabase, Doc, DocData } from './cloud';
import { isDuplicateKey } from './cloud';
import { C } from './collections';
import { GET_LIMIT, chunks, getAll } from './db';

/** The state document that says the counts were built (and when). */
export const COUNTS_STATE = 'lightCounts';
/** Counts documents written at once (independent single-document requests). */
const CONCURRENCY = 10;
const NONE = 'none';

/** An assignment document, or the fields of one the counts depend on: live, taskStage, unitId, status, dueDate. */
export type CountedFields = Readonly<Record<string, unknown>>;

interface Group {
  stage: string | null;
  unitId: string;
  done: number;
  open: Map<string, number>;
}

const dueField = (due: string | null): string => (due === null ? NONE : `d${due}`);
const dueOfField = (f: string): string | null => (f === NONE ? null : f.slice(1));

/** The counts document of a (stage, unit): a fixed `_id`, so that concurrent writers meet on one document. */
export function countsId(stage: string | null, unitId: string): string {
  return createHash('sha1')
    .update(JSON.stringify([stage, unitId]))
    .digest('hex')
    .slice(0, 32);
}

/** The fields of an assignment the report-gap counts depend on (gapCounts.ts): a change of none of them moves none. */
const GAP_FIELDS = ['live', 'taskId', 'unitId', 'status', 'lastReportAt'] as const;

/** Changes to the counts, gathered over one write (an assignment's before and after, a whole import…). */
export class CountsDelta {
  readonly groups = new Map<string, Group>();
  /**
   * The counted documents themselves, added (n > 0) or taken out (n < 0), for the kept report-gap counts
   * (gapCounts.ts, which CloudLightCounts.apply moves too); a change that leaves every GAP_FIELDS alone is not kept.
   */
  readonly docs: [CountedFields, number][] = [];

  private group(stage: string | null, unitId: string): Group {
    const id = countsId(stage, unitId);
    let g = this.groups.get(id);
    if (!g) {
      g = { stage, unitId, done: 0, open: new Map() };
      this.groups.set(id, g);
    }
    return g;
  }

  /** Adds (n > 0) or takes out (n < 0) n assignment documents like `d`; one that counts nowhere changes nothing. */
  add(d: CountedFields | null | undefined, n: number): this {
    if (d && d.live === true) this.docs.push([d, n]);
    return this.lights(d, n);
  }

  private lights(d: CountedFields | null | undefined, n: number): this {
    if (!d || d.live !== true) return this;
    const stage = d.taskStage === null || d.taskStage === undefined ? null : String(d.taskStage);
    const g = this.group(stage, String(d.unitId));
    if ((d.status as AssignmentStatus) === 'closed') g.done += n;
    else {
      const f = dueField(d.dueDate === null || d.dueDate === undefined ? null : String(d.dueDate));
      g.open.set(f, (g.open.get(f) ?? 0) + n);
    }
    return this;
  }

  /** One document's change: its state before (or null: new) and after (or null: removed). */
  change(before: CountedFields | null | undefined, after: CountedFields | null | undefined): this {
    if (before && after && GAP_FIELDS.every((f) => before[f] === after[f]))
      return this.lights(before, -1).lights(after, 1);
    return this.add(before, -1).add(after, 1);
  }
}

export class CloudLightCounts {
  constructor(
    private readonly db: CloudDatabase,
    private readonly log: (message: string) => void,
    /** Moved by the same deltas after the light counts: the kept report-gap counts (gapCounts.ts). */
    private readonly also?: (delta: CountsDelta) => Promise<void>,
  ) {}

  private get col() {
    return this.db.collection(C.lightCounts);
  }

  /** Applies a delta: one `_.inc` update per (stage, unit) that changed, CONCURRENCY at a time. */
  async apply(delta: CountsDelta): Promise<void> {
    const _ = this.db.command;
    const writes: (() => Promise<void>)[] = [];
    for (const [id, g] of delta.groups) {
      const data: DocData = {};
      if (g.done !== 0) data.done = _.inc(g.done);
      for (const [f, n] of g.open) if (n !== 0) data[`open.${f}`] = _.inc(n);
      if (Object.keys(data).length === 0) continue;
      writes.push(async () => {
        const ref = this.col.doc(id);
        if ((await ref.update({ data })).stats.updated === 1) return;
        try {
          await this.col.add({
            data: { _id: id, stage: g.stage, unitId: g.unitId, done: g.done, open: Object.fromEntries(g.open) },
          });
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          await ref.update({ data }); // another writer created it first
        }
      });
    }
    for (const part of chunks(writes, CONCURRENCY)) await Promise.all(part.map((w) => w()));
    if (this.also) await this.also(delta);
  }

  /** The counts by the bands asked; builds them first when they never were. */
  async read(bands: LightBands): Promise<LightCountRow[]> {
    const [docs, state] = await Promise.all([
      getAll(this.col.orderBy('_id', 'asc')),
      this.db.collection(C.state).doc(COUNTS_STATE).get(),
    ]);
    if (!state.data) {
      await this.rebuild(); // never built (a deployment from before the kept counts, or a fresh one)
      return this.read(bands);
    }
    const out: LightCountRow[] = [];
    for (const d of docs) {
      const row: LightCountRow = {
        stage: d.stage === null || d.stage === undefined ? null : String(d.stage),
        unitId: String(d.unitId),
        green: 0,
        yellow: 0,
        red: 0,
        done: Number(d.done ?? 0),
      };
      for (const [f, v] of Object.entries((d.open as Record<string, unknown> | undefined) ?? {})) {
        const n = Number(v);
        if (!n) continue;
        const due = dueOfField(f);
        for (const light of ['red', 'yellow', 'green'] as const) if (inDueBand(due, bands[light])) row[light] += n;
      }
      if (row.done + row.red + row.yellow + row.green > 0) out.push(row);
    }
    return out;
  }

  /**
   * Recounts every (stage, unit) from the live assignments (one `$group` by stage, unit, closed and due date, read
   * 100 groups a request), writes each counts document whole, removes the ones no assignment has any more, and
   * marks the counts built. Writes of assignments while it runs may be lost from the counts: run it when no one is
   * working (the next rebuild mends it). Returns how many counts documents it wrote.
   */
  async rebuild(): Promise<number> {
    const $ = this.db.command.aggregate;
    const delta = new CountsDelta();
    for (let skip = 0; ; skip += GET_LIMIT) {
      const { list } = await this.db
        .collection(C.assignments)
        .aggregate()
        .match({ live: true })
        .group({
          _id: { stage: '$taskStage', unitId: '$unitId', closed: '$closedRank', due: '$dueDate' },
          n: $.sum(1),
        })
        .sort({ _id: 1 })
        .skip(skip)
        .limit(GET_LIMIT)
        .end();
      for (const row of list) {
        const id = row._id as { stage?: unknown; unitId: unknown; closed?: unknown; due?: unknown };
        delta.add(
          {
            live: true,
            taskStage: id.stage ?? null,
            unitId: id.unitId,
            status: Number(id.closed) === 1 ? 'closed' : 'assigned',
            dueDate: id.due ?? null,
          },
          Number(row.n),
        );
      }
      if (list.length < GET_LIMIT) break;
    }
    const existing = (await getAll(this.col.field({ _id: true }).orderBy('_id', 'asc'))).map((d: Doc) => d._id);
    const writes = [...delta.groups].map(
      ([id, g]) =>
        () =>
          this.col
            .doc(id)
            .set({ data: { stage: g.stage, unitId: g.unitId, done: g.done, open: Object.fromEntries(g.open) } })
            .then(() => undefined),
    );
    for (const part of chunks(writes, CONCURRENCY)) await Promise.all(part.map((w) => w()));
    const gone = existing.filter((id) => !delta.groups.has(id));
    const _ = this.db.command;
    for (const part of chunks(gone)) await this.col.where({ _id: _.in(part) }).remove();
    await this.db
      .collection(C.state)
      .doc(COUNTS_STATE)
      .set({ data: { builtAt: new Date().toISOString(), documents: delta.groups.size } });
    return delta.groups.size;
  }
}
