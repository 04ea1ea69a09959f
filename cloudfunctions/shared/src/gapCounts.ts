/**
 * The dashboard's kept report-gap counts on CloudBase (issue 14), as SQLite keeps them (server/store/sqlite/
 * gapCounts.ts): for each reporting period a dashboard asked about (a ReportGapQuery: the tasks it judges, the
 * statuses, the window and the due day's end), one document in `duban_gap_counts` with the judged assignments per
 * unit (`units.<unit>: { open, none, after }`), counted once on the first question by the scan (cycleGaps.ts), then
 * moved with `_.inc` after every assignment write of the CloudStore: the same CountsDelta the light counts take
 * (lightCounts.ts `CloudLightCounts.apply` hands it on), so no write path has a second call to forget. The
 * dashboard then reads one document per period instead of every judged assignment and its reports.
 *
 * A change of which tasks a period judges (a cycle set or changed, tasks imported or removed) or of the period
 * (time passing a due day) is a new question, so a new document; only the newest KEPT_KEYS are kept. A moved
 * assignment is judged as the scan judges it: latest report before `from` (or none): none in the window; before
 * `by`: in time; else the reports of the window decide (one look-up of 100 assignments a request, only for those).
 *
 * As with the light counts, the counts are moved after the write (not in its transaction), and a write made while
 * a period is first counted may be missed by it: the `remind` function's `rebuildLightCounts` recounts these too.
 */
import { createHash } from 'crypto';
import type { Instant } from '../../../core/model';
import { reportGapKeyText, type ReportGapCount, type ReportGapQuery } from '../../../core/ports/store';
import type { CloudDatabase, Doc, DocData } from './cloud';
import { isDuplicateKey } from './cloud';
import { C } from './collections';
import type { CloudCycleGaps } from './cycleGaps';
import type { CloudCycleStore } from './cycleStore';
import { chunks, getAll } from './db';
import type { CountsDelta, CountedFields } from './lightCounts';

/** Periods kept at once (each period group of a dashboard, with and without a plan filter, is one). */
export const KEPT_KEYS = 16;

type Counts = { open: number; none: number; after: number };

/** A unit id as a field name (hex: no dot or `$` can reach the path). */
const unitField = (unitId: string) => `u${Buffer.from(unitId, 'utf8').toString('hex')}`;
const unitOfField = (f: string) => Buffer.from(f.slice(1), 'hex').toString('utf8');

/** The document of a question: a fixed `_id`, so that concurrent first questions meet on one document. */
export function gapCountsId(q: ReportGapQuery): string {
  return createHash('sha1').update(reportGapKeyText(q)).digest('hex').slice(0, 32);
}

function unitsOf(doc: Doc | undefined): ReportGapCount[] {
  const units = (doc?.units as Record<string, Partial<Counts>> | undefined) ?? {};
  return Object.entries(units)
    .map(([f, c]) => ({
      unitId: unitOfField(f),
      open: Number(c.open ?? 0),
      none: Number(c.none ?? 0),
      after: Number(c.after ?? 0),
    }))
    .filter((c) => c.open > 0)
    .sort((x, y) => (x.unitId < y.unitId ? -1 : x.unitId > y.unitId ? 1 : 0));
}

const unitsData = (counts: ReportGapCount[]) =>
  Object.fromEntries(counts.map((c) => [unitField(c.unitId), { open: c.open, none: c.none, after: c.after }]));

interface Kept {
  _id: string;
  from: Instant;
  to: Instant;
  by: Instant;
  statuses: string[];
  taskIds?: string[];
}

export class CloudGapCounts {
  constructor(
    private readonly db: CloudDatabase,
    private readonly scan: CloudCycleGaps,
    private readonly cycle: CloudCycleStore,
  ) {}

  private get col() {
    return this.db.collection(C.gapCounts);
  }

  /** The counts of one period's question from its document, counting it first when it is new. */
  async read(q: ReportGapQuery): Promise<ReportGapCount[]> {
    if (q.taskIds.length === 0 || q.statuses.length === 0) return [];
    const id = gapCountsId(q);
    const [doc] = (await this.col.where({ _id: id }).field({ units: true }).get()).data;
    if (doc) return unitsOf(doc);
    const counts = await this.scan.counts(q);
    try {
      await this.col.add({
        data: {
          _id: id,
          seq: Date.now(),
          from: q.from,
          to: q.to,
          by: q.by,
          statuses: [...q.statuses],
          taskIds: [...new Set(q.taskIds)].sort(),
          units: unitsData(counts),
        },
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      return unitsOf((await this.col.where({ _id: id }).field({ units: true }).get()).data[0]);
    }
    // the oldest periods beyond KEPT_KEYS are dropped (asked again, they are counted again)
    const all = await getAll(this.col.field({ _id: true }).orderBy('seq', 'desc').orderBy('_id', 'asc'));
    const _ = this.db.command;
    for (const part of chunks(all.slice(KEPT_KEYS).map((d) => d._id)))
      await this.col.where({ _id: _.in(part) }).remove();
    return counts;
  }

  /** Moves the kept periods judging the tasks of a write's documents (CloudLightCounts.apply hands the delta on). */
  async apply(delta: CountsDelta): Promise<void> {
    const docs = delta.docs.filter(([d]) => d.live === true);
    if (docs.length === 0) return;
    const taskIds = [...new Set(docs.map(([d]) => String(d.taskId)))];
    const _ = this.db.command;
    // one task (every write but the bulk ones): each period found judges it, its task list need not be read
    const fields = { from: true, to: true, by: true, statuses: true, ...(taskIds.length > 1 ? { taskIds: true } : {}) };
    const kept: Kept[] = [];
    for (const part of chunks(taskIds)) {
      kept.push(
        ...((await getAll(
          this.col
            .where({ taskIds: _.in(part) })
            .field(fields)
            .orderBy('_id', 'asc'),
        )) as unknown as Kept[]),
      );
    }
    for (const k of kept) {
      const judges = new Set(k.taskIds ?? taskIds);
      const mine = docs.filter(([d]) => judges.has(String(d.taskId)) && k.statuses.includes(String(d.status)));
      const classes = await this.classes(
        k,
        mine.map(([d]) => d),
      );
      const inc = new Map<string, Counts>();
      mine.forEach(([d, n], i) => {
        const c = inc.get(String(d.unitId)) ?? { open: 0, none: 0, after: 0 };
        inc.set(String(d.unitId), c);
        c.open += n;
        if (classes[i] === 'none') c.none += n;
        else if (classes[i] === 'after') c.after += n;
      });
      const data: DocData = {};
      for (const [unitId, c] of inc) {
        for (const f of ['open', 'none', 'after'] as const)
          if (c[f] !== 0) data[`units.${unitField(unitId)}.${f}`] = _.inc(c[f]);
      }
      if (Object.keys(data).length > 0) await this.col.doc(k._id).update({ data });
    }
  }

  /** How the scan judges each document for a period: none in the window, first after the due day, or in time. */
  private async classes(k: Kept, docs: CountedFields[]): Promise<('none' | 'after' | 'inTime')[]> {
    const last = (d: CountedFields) =>
      d.lastReportAt === null || d.lastReportAt === undefined ? null : String(d.lastReportAt);
    const idOf = (d: CountedFields) => String(d._id ?? d.id);
    // only a latest report at or after `by` needs the window's reports: was one before `by`, or only after it?
    const ask = [...new Set(docs.filter((d) => (last(d) ?? '') >= k.by).map(idOf))];
    const before = new Set<string>();
    const after = new Set<string>();
    for (const part of chunks(ask)) {
      for (const r of await this.cycle.firstReportsBetween(part, k.from, k.by)) before.add(r.assignmentId);
      const rest = part.filter((id) => !before.has(id));
      if (rest.length === 0) continue;
      for (const r of await this.cycle.firstReportsBetween(rest, k.by, k.to)) after.add(r.assignmentId);
    }
    return docs.map((d) => {
      const l = last(d);
      if (l === null || l < k.from) return 'none';
      if (l < k.by || before.has(idOf(d))) return 'inTime';
      return after.has(idOf(d)) ? 'after' : 'none';
    });
  }

  /** Recounts every kept period from the assignments (with the light counts' rebuild); returns how many. */
  async rebuild(): Promise<number> {
    const kept = (await getAll(this.col.orderBy('_id', 'asc'))) as unknown as Kept[];
    for (const k of kept) {
      const q: ReportGapQuery = {
        taskIds: k.taskIds ?? [],
        statuses: k.statuses as ReportGapQuery['statuses'],
        from: k.from,
        to: k.to,
        by: k.by,
      };
      const { _id, ...rest } = k as Kept & DocData;
      await this.col.doc(_id).set({ data: { ...rest, units: unitsData(await this.scan.counts(q)) } });
    }
    return kept.length;
  }
}
