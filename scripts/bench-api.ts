/**
 * `npm run bench:api`: the server at province scale, at 1× and 2× (`--scales 1,2`). For each scale, in a child
 * process: `duban bench-data` makes the database (1,000 tasks × N, ~81,000 assignments × N, 300,000 reports × N),
 * the real server serves it on a port, a supervisor and a contact bind with the printed invite codes, and
 * listMyTasks, getTask and the dashboard are timed over HTTP (p50 of --runs, default 200; the dashboard a fifth of
 * that), each beside the best raw SQL for the same answer on the same file (better-sqlite3, rows into JS).
 * Targets (issue 14): dashboard ≤ 3 × `SELECT unit_id, count(*) FROM assignments GROUP BY unit_id` and at 2×
 * within 1.3 × its 1× time; getTask and listMyTasks ≤ 3 × their floors; each under 300 MB RSS at 2×.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingMessenger } from '../core/usecases/testing';
import { serveDuban } from '../server/http/serve';
import { arg } from './bench/util';
import { benchData, p50, peakRssMb, report, benchMain, type Figure } from './bench/harness';

const RUNS = arg('runs', 200);

async function child(scale: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-api-'));
  const dbPath = join(dir, 'bench.db');
  const codes = benchData(dbPath, scale);
  const server = await serveDuban({
    dbPath,
    port: 0,
    demo: false,
    messenger: new RecordingMessenger(),
    secret: 'bench-secret-0123456789abcdef',
    silent: true,
  });
  const raw = new Database(dbPath, { readonly: true });
  try {
    async function http(action: string, payload: unknown, token?: string): Promise<Record<string, unknown>> {
      const res = await fetch(`${server.url}/api/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(payload),
      });
      const body = (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { message: string } };
      if (!body.ok) throw new Error(`${action}: ${body.error?.message}`);
      return body.data ?? {};
    }
    const supervisor = String((await http('bind', { code: codes.supervisorCode, name: '督查员' })).token);
    const contact = String((await http('bind', { code: codes.contactCode, name: '联络员' })).token);
    const me = (await http('me', {}, contact)) as { user: { unitId: string } };
    const unitId = me.user.unitId;
    const taskIds = (
      raw.prepare(`SELECT task_id FROM assignments WHERE unit_id = ? ORDER BY task_id`).all(unitId) as {
        task_id: string;
      }[]
    ).map((r) => r.task_id);
    const mineOf = raw.prepare(`SELECT id FROM assignments WHERE task_id = ? AND unit_id = ?`).pluck();
    const pick = (i: number) => taskIds[(i * 7919) % taskIds.length];

    // the raw floors: the best single SQL for the same answer, rows into JS
    const floorList = raw.prepare(
      `SELECT a.*, t.* FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.unit_id = ?
       ORDER BY (a.status = 'closed'), (a.due_date IS NULL), a.due_date, t.seq LIMIT 20`,
    );
    const floorCount = raw.prepare(`SELECT COUNT(*) FROM assignments WHERE unit_id = ?`).pluck();
    const floorTask = raw.prepare(`SELECT * FROM tasks WHERE id = ?`);
    const floorAssignments = raw.prepare(
      `SELECT a.*, u.name FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.task_id = ?`,
    );
    const floorReports = raw.prepare(`SELECT * FROM reports WHERE assignment_id = ? ORDER BY created_at DESC`);
    const floorExtensions = raw.prepare(`SELECT * FROM extensions WHERE task_id = ?`);
    const floorUrges = raw.prepare(`SELECT * FROM urges WHERE task_id = ?`);
    const floorDashboard = raw.prepare(`SELECT unit_id, count(*) FROM assignments GROUP BY unit_id`);

    const figures: Figure[] = [];
    figures.push({
      name: 'listMyTasks (HTTP)',
      ms: await p50(RUNS, () => http('listMyTasks', {}, contact)),
      floorMs: await p50(RUNS, () => {
        floorList.all(unitId);
        floorCount.get(unitId);
      }),
      floor: '该单位第一页 20 条（按紧急程度排序，连同任务）加总数',
      maxRatio: 3,
    });
    figures.push({
      name: 'getTask (HTTP)',
      ms: await p50(RUNS, (i) => http('getTask', { taskId: pick(i) }, contact)),
      floorMs: await p50(RUNS, (i) => {
        const id = pick(i);
        floorTask.get(id);
        floorAssignments.all(id);
        floorReports.all(mineOf.get(id, unitId));
        floorExtensions.all(id);
        floorUrges.all(id);
      }),
      floor: '任务、它的全部单位任务（连同单位名称）、本单位的进展、延期和催办',
      maxRatio: 3,
    });
    const dashRuns = Math.max(10, Math.floor(RUNS / 5));
    figures.push({
      name: 'dashboard (HTTP)',
      ms: await p50(dashRuns, () => http('dashboard', {}, supervisor)),
      floorMs: await p50(dashRuns, () => floorDashboard.all()),
      floor: 'SELECT unit_id, count(*) FROM assignments GROUP BY unit_id',
      maxRatio: 3,
    });
    report({ scale, assignments: codes.assignments, figures, rssMb: peakRssMb() });
  } finally {
    raw.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

benchMain('bench:api：服务器（HTTP）对比同一数据库文件上的原始 SQL 下限', __filename, child, ['--runs', String(RUNS)]);
