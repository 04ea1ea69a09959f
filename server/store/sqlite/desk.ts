/**
 * The supervisor's desk on SQLite (issue 10): the whole table as one row per task with its light counts
 * (listTaskSummaries), urge counts and read receipts, unread urges of a unit, the latest report of assignments.
 * The schema it needs is migration 20 (deskSchema.ts).
 */
import type Database from 'better-sqlite3';
import type { Report } from '../../../core/model';
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
import { clampPage } from '../../../core/ports/store';
import { escapeLike, toAssignment, toReport, toTask, toUrge } from './index';

type Row = Record<string, unknown>;

/** A band as SQL on `a.due_date`, its values appended to `params`. */
function bandSql(band: DueBand, params: unknown[]): string {
  const dated: string[] = ['a.due_date IS NOT NULL'];
  if (band.from !== undefined) {
    dated.push('a.due_date >= ?');
    params.push(band.from);
  }
  if (band.to !== undefined) {
    dated.push('a.due_date <= ?');
    params.push(band.to);
  }
  return band.orNone ? `((${dated.join(' AND ')}) OR a.due_date IS NULL)` : `(${dated.join(' AND ')})`;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export class DeskQueries {
  constructor(private readonly db: Database.Database) {}

  listTaskSummaries(query: TaskQuery, bands: LightBands, page: PageRequest): Paged<TaskSummary> {
    const { offset, limit } = clampPage(page);
    const where: string[] = [];
    const whereParams: unknown[] = [];
    if (query.q) {
      where.push(`(t.content LIKE ? ESCAPE '\\' OR IFNULL(t.stage, '') LIKE ? ESCAPE '\\')`);
      const like = `%${escapeLike(query.q)}%`;
      whereParams.push(like, like);
    }
    if (query.planId !== undefined) {
      where.push(`t.plan_id = ?`);
      whereParams.push(query.planId);
    }
    if (query.stage !== undefined) {
      if (query.stage === null) where.push(`t.stage IS NULL`);
      else {
        where.push(`t.stage = ?`);
        whereParams.push(query.stage);
      }
    }
    if (query.leadUnitId !== undefined) {
      where.push(`t.id IN (SELECT task_id FROM assignments WHERE role = 'lead' AND unit_id = ?)`);
      whereParams.push(query.leadUnitId);
    }
    if (query.unitId !== undefined) {
      where.push(`t.id IN (SELECT task_id FROM assignments WHERE unit_id = ?)`);
      whereParams.push(query.unitId);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // the counts per task: one pass over the matching tasks' assignments (the task index), then the light filter
    const countParams: unknown[] = [];
    const open = `a.status <> 'closed'`;
    const red = bandSql(bands.red, countParams);
    const yellow = bandSql(bands.yellow, countParams);
    const green = bandSql(bands.green, countParams);
    // whose assignments are counted (a district's subtree; the city's table without the parts): in the join, so a
    // task keeps its row when none of its counted units is there
    const counted = query.countUnitIds
      ? ` AND a.unit_id IN (${placeholders(query.countUnitIds.length) || 'NULL'})`
      : '';
    if (query.countUnitIds) countParams.push(...query.countUnitIds);
    const grouped = `SELECT t.*, p.imported_at AS p_imported_at,
        COALESCE(SUM(a.status = 'closed'), 0) AS n_done,
        COALESCE(SUM(${open} AND ${red}), 0) AS n_red,
        COALESCE(SUM(${open} AND ${yellow}), 0) AS n_yellow,
        COALESCE(SUM(${open} AND ${green}), 0) AS n_green
      FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN assignments a ON a.task_id = t.id${counted}
      ${whereSql} GROUP BY t.id`;
    const having = {
      red: `n_red > 0`,
      yellow: `n_red = 0 AND n_yellow > 0`,
      green: `n_red = 0 AND n_yellow = 0 AND (n_green > 0 OR n_done = 0)`,
      done: `n_red = 0 AND n_yellow = 0 AND n_green = 0 AND n_done > 0`,
    };
    const filter = query.light ? `WHERE ${having[query.light]}` : '';
    const params = [...countParams, ...whereParams];
    const rows = this.db
      .prepare(`SELECT * FROM (${grouped}) ${filter} ORDER BY p_imported_at, plan_id, seq, id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Row[];
    const total = query.light
      ? (this.db.prepare(`SELECT COUNT(*) AS n FROM (${grouped}) ${filter}`).get(...params) as { n: number }).n
      : (this.db.prepare(`SELECT COUNT(*) AS n FROM tasks t ${whereSql}`).get(...whereParams) as { n: number }).n;
    return {
      items: rows.map((r) => ({
        task: toTask(r),
        counts: { green: Number(r.n_green), yellow: Number(r.n_yellow), red: Number(r.n_red), done: Number(r.n_done) },
      })),
      total,
    };
  }

  urgeStats(assignmentIds: string[]): Record<string, UrgeStats> {
    const ids = [...new Set(assignmentIds)];
    const out: Record<string, UrgeStats> = {};
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT assignment_id, COUNT(*) AS n, MAX(created_at) AS last_at, SUM(read_at IS NULL) AS unread
           FROM urges WHERE assignment_id IN (${placeholders(part.length)}) GROUP BY assignment_id`,
        )
        .all(...part) as Row[];
      for (const r of rows) {
        out[String(r.assignment_id)] = { count: Number(r.n), lastAt: String(r.last_at), unread: Number(r.unread) };
      }
    }
    return out;
  }

  markUrgesRead(assignmentIds: string[], at: string): number {
    const ids = [...new Set(assignmentIds)];
    if (ids.length === 0) return 0;
    return this.db
      .prepare(`UPDATE urges SET read_at = ? WHERE read_at IS NULL AND assignment_id IN (${placeholders(ids.length)})`)
      .run(at, ...ids).changes;
  }

  listUnreadUrges(unitId: string, page: PageRequest): Paged<UrgeWithContext> {
    const { offset, limit } = clampPage(page);
    const from = `FROM urges u JOIN assignments a ON a.id = u.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE u.read_at IS NULL AND a.unit_id = ?`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${from}`).get(unitId) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT u.id AS u_id, u.assignment_id AS u_assignment_id, u.urger_id AS u_urger_id, u.message AS u_message,
           u.created_at AS u_created_at, u.read_at AS u_read_at, a.*,
           t.id AS t_id, t.plan_id AS t_plan_id, t.seq AS t_seq, t.stage AS t_stage, t.content AS t_content,
           t.deadline AS t_deadline, t.lead_names AS t_lead_names, t.responsible_names AS t_responsible_names,
           t.relevant_group_ids AS t_relevant_group_ids
         ${from} ORDER BY u.created_at DESC, u.rowid DESC LIMIT ? OFFSET ?`,
      )
      .all(unitId, limit, offset) as Row[];
    return {
      items: rows.map((r) => ({
        urge: toUrge({
          id: r.u_id,
          assignment_id: r.u_assignment_id,
          urger_id: r.u_urger_id,
          message: r.u_message,
          created_at: r.u_created_at,
          read_at: r.u_read_at,
        }),
        assignment: toAssignment(r),
        task: toTask(r, 't_'),
      })),
      total,
    };
  }

  /**
   * One statement for the whole page (the ids as a JSON array): each id's latest report found through the
   * (assignment_id, created_at) index. A statement per id cost four times as much for a page of 20 (0.47 against
   * 0.11 ms), mostly in the calls themselves.
   */
  latestReports(assignmentIds: string[]): Record<string, Report> {
    const ids = [...new Set(assignmentIds)];
    const out: Record<string, Report> = {};
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT r.* FROM json_each(?) j JOIN reports r ON r.rowid = (
           SELECT x.rowid FROM reports x WHERE x.assignment_id = j.value ORDER BY x.created_at DESC, x.rowid DESC LIMIT 1)`,
      )
      .all(JSON.stringify(ids)) as Row[];
    for (const r of rows) out[String(r.assignment_id)] = toReport(r);
    return out;
  }
}
