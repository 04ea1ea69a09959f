/**
 * The CloudBase side of the missed-report scan (定期报送, issue 11), used by CloudStore (store.ts): one reporting
 * period's gaps. The database filters the assignments (live, of the judged tasks, 100 task ids at a time, in the
 * statuses asked, only the four fields needed); only those whose last report falls in the window are looked up in
 * the reports (100 at a time, cycleStore.ts). Core decides the tasks and instants; this file only filters and counts.
 */
import type { Instant } from '../../../core/model';
import {
  SCAN_PAGE,
  type ReportGapCount,
  type ReportGapQuery,
  type ReportGapRow,
  type TaskHead,
} from '../../../core/ports/store';
import type { CloudDatabase, Doc } from './cloud';
import { C } from './collections';
import type { CloudCycleStore } from './cycleStore';
import { GET_LIMIT, chunks, getAll } from './db';

type Judged = { id: string; taskId: string; unitId: string; lastReportAt: Instant | null };

export class CloudCycleGaps {
  constructor(
    private readonly db: CloudDatabase,
    private readonly cycle: CloudCycleStore,
  ) {}

  /** One page (100, by id after `last`) of the judged assignments of a chunk of at most 100 tasks. */
  private async page(q: ReportGapQuery, taskIds: string[], last: string | null): Promise<Judged[]> {
    const _ = this.db.command;
    const conds: object[] = [{ live: true }, { taskId: _.in(taskIds) }, { status: _.in([...q.statuses]) }];
    if (last !== null) conds.push({ _id: _.gt(last) });
    const docs: Doc[] = (
      await this.db
        .collection(C.assignments)
        .where(_.and(conds))
        .field({ taskId: true, unitId: true, lastReportAt: true })
        .orderBy('_id', 'asc')
        .limit(GET_LIMIT)
        .get()
    ).data;
    return docs.map((d) => ({
      id: d._id,
      taskId: String(d.taskId),
      unitId: String(d.unitId),
      lastReportAt: d.lastReportAt === null || d.lastReportAt === undefined ? null : String(d.lastReportAt),
    }));
  }

  /**
   * Walks the judged assignments with id after `after`, chunk of tasks by chunk, each by id; `visit` answers
   * false to leave the rest of a chunk.
   */
  private async walk(
    q: ReportGapQuery,
    after: string | null,
    visit: (page: Judged[], first: Map<string, Instant | null>, chunk: number) => boolean,
  ): Promise<void> {
    if (q.statuses.length === 0) return;
    const parts = chunks([...new Set(q.taskIds)].sort());
    for (const [chunk, part] of parts.entries()) {
      for (let last = after; ;) {
        const page = await this.page(q, part, last);
        if (page.length === 0) break;
        if (!visit(page, await this.firstOf(q, page), chunk)) break;
        if (page.length < GET_LIMIT) break;
        last = page[page.length - 1].id;
      }
    }
  }

  /** The first report in the window of each judged assignment (null: none). */
  private async firstOf(q: ReportGapQuery, page: Judged[]): Promise<Map<string, Instant | null>> {
    const out = new Map<string, Instant | null>(page.map((a) => [a.id, null]));
    const ask = page.filter((a) => a.lastReportAt !== null && a.lastReportAt >= q.from).map((a) => a.id);
    for (const ids of chunks(ask)) {
      for (const r of await this.cycle.firstReportsBetween(ids, q.from, q.to)) out.set(r.assignmentId, r.at);
    }
    return out;
  }

  async counts(q: ReportGapQuery): Promise<ReportGapCount[]> {
    const byUnit = new Map<string, ReportGapCount>();
    await this.walk(q, null, (page, first) => {
      for (const a of page) {
        const c = byUnit.get(a.unitId) ?? { unitId: a.unitId, open: 0, none: 0, after: 0 };
        const at = first.get(a.id) ?? null;
        c.open += 1;
        if (at === null) c.none += 1;
        else if (at >= q.by) c.after += 1;
        byUnit.set(a.unitId, c);
      }
      return true;
    });
    return [...byUnit.values()].sort((x, y) => (x.unitId < y.unitId ? -1 : x.unitId > y.unitId ? 1 : 0));
  }

  async rows(q: ReportGapQuery, after: string | null, limit: number): Promise<ReportGapRow[]> {
    const max = Math.min(limit, SCAN_PAGE);
    if (max <= 0) return [];
    // each chunk of tasks is read by id: the first `max` rows overall are among the first `max` of each chunk
    const out: ReportGapRow[] = [];
    const perChunk = new Map<number, number>();
    await this.walk(q, after, (page, first, chunk) => {
      let inChunk = perChunk.get(chunk) ?? 0;
      for (const a of page) {
        const at = first.get(a.id) ?? null;
        if (at !== null && at < q.by) continue;
        out.push({ assignmentId: a.id, taskId: a.taskId, unitId: a.unitId, firstAt: at });
        inChunk += 1;
      }
      perChunk.set(chunk, inChunk);
      return inChunk < max;
    });
    return out.sort((x, y) => (x.assignmentId < y.assignmentId ? -1 : 1)).slice(0, max);
  }

  /** A plan's live tasks, light (listTaskHeadsOfPlan): only the fields a period and a row need, 100 a request. */
  async taskHeadsOfPlan(planId: string): Promise<TaskHead[]> {
    const docs = await getAll(
      this.db
        .collection(C.tasks)
        .where({ planId, live: true })
        .field({ planId: true, seq: true, stage: true, content: true })
        .orderBy('seq', 'asc')
        .orderBy('_id', 'asc'),
    );
    return docs.map((d) => ({
      id: d._id,
      planId: String(d.planId),
      seq: Number(d.seq),
      stage: d.stage === null || d.stage === undefined ? null : String(d.stage),
      content: String(d.content ?? ''),
    }));
  }
}
