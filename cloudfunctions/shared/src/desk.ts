/**
 * The supervisor's desk on the CloudBase database (issue 10): listTaskSummaries, urge counts and read receipts,
 * unread urges of a unit, the latest report of assignments. Tasks are few (a province's table is ~1,000): they are
 * read whole and filtered here; the light counts per task are one aggregation over the assignments grouped by task
 * (a scan of four fields when the aggregation fails). Urge documents carry `unitId` and `readAt` (null: unread).
 */
import type { Assignment, Report, Task, Urge } from '../../../core/model';
import type {
  DueBand,
  LightBands,
  PageRequest,
  Paged,
  TaskQuery,
  TaskSummary,
  UrgeStats,
  UrgeWithContext,
} from '../../../core/ports/store';
import { clampPage, inDueBand } from '../../../core/ports/store';
import { rollUpCounts } from '../../../core/lights/lights';
import type { CloudDatabase, Doc } from './cloud';
import { C } from './collections';
import { GET_LIMIT, chunks, getAll, getByIds } from './db';

type Counts = TaskSummary['counts'];

export class CloudDesk {
  constructor(
    private readonly db: CloudDatabase,
    private readonly convert: {
      task: (d: Doc) => Task;
      assignment: (d: Doc) => Assignment;
      report: (d: Doc) => Report;
      urge: (d: Doc) => Urge;
    },
    private readonly log: (m: string) => void,
  ) {}

  private col(name: string) {
    return this.db.collection(name);
  }

  private async taskIdsOf(unitId: string, leadOnly: boolean): Promise<Set<string>> {
    const where = leadOnly ? { unitId, role: 'lead', live: true } : { unitId, live: true };
    const docs = await getAll(this.col(C.assignments).where(where).field({ taskId: true }).orderBy('_id', 'asc'));
    return new Set(docs.map((d) => String(d.taskId)));
  }

  /**
   * The light counts per task, of the assignments of `unitIds` only when given (TaskQuery.countUnitIds: a district's
   * subtree, the city's table without the parts).
   */
  private async countsByTask(bands: LightBands, unitIds?: string[]): Promise<Map<string, Counts>> {
    const match = unitIds ? { live: true, unitId: this.db.command.in(unitIds) } : { live: true };
    try {
      return await this.countsByAggregate(bands, match);
    } catch (e) {
      this.log(`listTaskSummaries: aggregation failed, counting page by page instead: ${String(e)}`);
      return this.countsByScan(bands, match);
    }
  }

  private async countsByAggregate(bands: LightBands, match: Record<string, unknown>): Promise<Map<string, Counts>> {
    const $ = this.db.command.aggregate;
    const when = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }));
    const open = $.neq(['$status', 'closed']);
    const inBand = (band: DueBand) => {
      const dated: unknown[] = [$.neq(['$dueDate', null])];
      if (band.from !== undefined) dated.push($.gte(['$dueDate', band.from]));
      if (band.to !== undefined) dated.push($.lte(['$dueDate', band.to]));
      return band.orNone ? $.or([$.and(dated), $.eq(['$dueDate', null])]) : $.and(dated);
    };
    const spec = {
      _id: '$taskId',
      done: when($.eq(['$status', 'closed'])),
      red: when($.and([open, inBand(bands.red)])),
      yellow: when($.and([open, inBand(bands.yellow)])),
      green: when($.and([open, inBand(bands.green)])),
    };
    const out = new Map<string, Counts>();
    for (let skip = 0; ; skip += GET_LIMIT) {
      const { list } = await this.col(C.assignments)
        .aggregate()
        .match(match)
        .group(spec)
        .sort({ _id: 1 })
        .skip(skip)
        .limit(GET_LIMIT)
        .end();
      for (const g of list) {
        out.set(String(g._id), {
          green: Number(g.green),
          yellow: Number(g.yellow),
          red: Number(g.red),
          done: Number(g.done),
        });
      }
      if (list.length < GET_LIMIT) return out;
    }
  }

  private async countsByScan(bands: LightBands, match: Record<string, unknown>): Promise<Map<string, Counts>> {
    const docs = await getAll(
      this.col(C.assignments).where(match).field({ taskId: true, status: true, dueDate: true }).orderBy('_id', 'asc'),
    );
    const out = new Map<string, Counts>();
    for (const d of docs) {
      const id = String(d.taskId);
      let c = out.get(id);
      if (!c) out.set(id, (c = { green: 0, yellow: 0, red: 0, done: 0 }));
      const due = (d.dueDate as string | null | undefined) ?? null;
      if (d.status === 'closed') c.done++;
      else for (const light of ['red', 'yellow', 'green'] as const) if (inDueBand(due, bands[light])) c[light]++;
    }
    return out;
  }

  async listTaskSummaries(query: TaskQuery, bands: LightBands, p: PageRequest): Promise<Paged<TaskSummary>> {
    const { offset, limit } = clampPage(p);
    const tasks = (
      await getAll(
        this.col(C.tasks).where({ live: true }).orderBy('planOrder', 'asc').orderBy('seq', 'asc').orderBy('_id', 'asc'),
      )
    ).map(this.convert.task);
    const q = query.q?.toLowerCase();
    const led = query.leadUnitId !== undefined ? await this.taskIdsOf(query.leadUnitId, true) : null;
    const withUnit = query.unitId !== undefined ? await this.taskIdsOf(query.unitId, false) : null;
    const counts = await this.countsByTask(bands, query.countUnitIds);
    const matching: TaskSummary[] = [];
    for (const task of tasks) {
      if (q && !task.content.toLowerCase().includes(q) && !(task.stage ?? '').toLowerCase().includes(q)) continue;
      if (query.planId !== undefined && task.planId !== query.planId) continue;
      if (query.stage !== undefined && task.stage !== query.stage) continue;
      if (led && !led.has(task.id)) continue;
      if (withUnit && !withUnit.has(task.id)) continue;
      const c = counts.get(task.id) ?? { green: 0, yellow: 0, red: 0, done: 0 };
      if (query.light && rollUpCounts(c) !== query.light) continue;
      matching.push({ task, counts: { ...c } });
    }
    return { items: matching.slice(offset, offset + limit), total: matching.length };
  }

  async urgeStats(assignmentIds: string[]): Promise<Record<string, UrgeStats>> {
    const out: Record<string, UrgeStats> = {};
    for (const part of chunks([...new Set(assignmentIds)])) {
      const docs = await getAll(
        this.col(C.urges)
          .where({ assignmentId: this.db.command.in(part) })
          .orderBy('_id', 'asc'),
      );
      for (const d of docs) {
        const id = String(d.assignmentId);
        const at = String(d.createdAt);
        const s = (out[id] ??= { count: 0, lastAt: at, unread: 0 });
        s.count++;
        if (at > s.lastAt) s.lastAt = at;
        if (d.readAt === null || d.readAt === undefined) s.unread++;
      }
    }
    return out;
  }

  async markUrgesRead(assignmentIds: string[], at: string): Promise<number> {
    let n = 0;
    for (const part of chunks([...new Set(assignmentIds)])) {
      const r = await this.col(C.urges)
        .where({ assignmentId: this.db.command.in(part), readAt: null })
        .update({ data: { readAt: at } });
      n += r.stats.updated;
    }
    return n;
  }

  async listUnreadUrges(unitId: string, p: PageRequest): Promise<Paged<UrgeWithContext>> {
    const { offset, limit } = clampPage(p);
    const q = this.col(C.urges).where({ unitId, readAt: null });
    const total = (await q.count()).total;
    if (limit === 0 || offset >= total) return { items: [], total };
    const docs = (await q.orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(offset).limit(limit).get()).data;
    const assignments = await getByIds(
      this.db,
      C.assignments,
      docs.map((d) => String(d.assignmentId)),
    );
    const tasks = await getByIds(
      this.db,
      C.tasks,
      docs.map((d) => String(d.taskId)),
    );
    const items: UrgeWithContext[] = [];
    for (const d of docs) {
      const a = assignments.get(String(d.assignmentId));
      const t = tasks.get(String(d.taskId));
      if (a && t)
        items.push({ urge: this.convert.urge(d), assignment: this.convert.assignment(a), task: this.convert.task(t) });
    }
    return { items, total };
  }

  async latestReports(assignmentIds: string[]): Promise<Record<string, Report>> {
    const out: Record<string, Report> = {};
    for (const id of new Set(assignmentIds)) {
      const { data } = await this.col(C.reports)
        .where({ assignmentId: id })
        .orderBy('createdAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(1)
        .get();
      if (data[0]) out[id] = this.convert.report(data[0]);
    }
    return out;
  }
}
