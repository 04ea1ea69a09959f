/**
 * `npm run bench:api`: the server at province scale. Generates 1,000 tasks over about 150 units (about 80,000
 * assignments, 300,000 reports) into a temporary SQLite database — bulk inserts through the store's own schema, in
 * transactions — then measures, for listMyTasks, getTask and the dashboard:
 *   HTTP      POST /api/<action> on a real port (token, JSON, Fastify, use case, store)
 *   dispatch  the same use case called in process (no HTTP)
 *   store     the store query the use case is built on (listAssignments / task with its rows / lightCounts)
 * and prints p50 and p95 of each, the HTTP / store ratio (the server's overhead over the raw query) and peak memory.
 * Options: --tasks N (1000) --units N (150) --reports N (300000) --runs N (200).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dispatch, type Caller } from '../core/usecases';
import { RecordingMessenger } from '../core/usecases/testing';
import type { User } from '../core/model';
import { beijingDate } from '../core/time';
import { lightBands } from '../core/usecases/lightBands';
import { arg, memorySampler } from './bench/util';
import { generateProvince, SUPERVISOR_PRINCIPAL } from '../server/bench/province';
import { issueToken } from '../server/auth/tokens';
import { serveDuban } from '../server/http/serve';

const TASKS = arg('tasks', 1000);
const UNITS = arg('units', 150);
const REPORTS = arg('reports', 300000);
const RUNS = arg('runs', 200);
const SECRET = 'bench-secret-0123456789abcdef';
const memory = memorySampler();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(10, runs); i++) await fn(i); // warm-up
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    t.push(performance.now() - start);
  }
  t.sort((a, b) => a - b);
  memory.sample();
  return { p50: percentile(t, 50), p95: percentile(t, 95) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const server = await serveDuban({
    dbPath: join(dir, 'bench.db'),
    port: 0,
    demo: false,
    messenger: new RecordingMessenger(),
    secret: SECRET,
    silent: true,
  });
  try {
    const { store, rt } = server.runtime;
    const db = store.db;
    const now = new Date().toISOString();
    const today = beijingDate(now);

    // ── the dataset ───────────────────────────────────────────────────────────
    let t0 = performance.now();
    const { unitIds, assignments, contactPrincipal } = generateProvince(db, {
      tasks: TASKS,
      units: UNITS,
      reports: REPORTS,
      today,
      now,
    });
    const buildSeconds = (performance.now() - t0) / 1000;
    memory.sample();
    console.log(
      `数据集：${TASKS} 项任务，${UNITS} 个单位，${assignments.length} 个单位任务，${REPORTS} 条进展；生成 ${buildSeconds.toFixed(1)} 秒`,
    );

    // ── the measurements ─────────────────────────────────────────────────────
    const contactUnit = unitIds[7];
    const contact = (await store.getUserByPrincipal(contactPrincipal(contactUnit))) as User;
    const supervisor = (await store.getUserByPrincipal(SUPERVISOR_PRINCIPAL)) as User;
    const contactCaller: Caller = { principal: contact.principal, throttleKey: 'bench', user: contact };
    const supervisorCaller: Caller = { principal: supervisor.principal, throttleKey: 'bench', user: supervisor };
    const contactToken = issueToken(SECRET, contact.principal);
    const supervisorToken = issueToken(SECRET, supervisor.principal);
    const myTasks = assignments.filter((a) => a.unitId === contactUnit).map((a) => a.taskId);

    async function http(action: string, payload: unknown, token: string): Promise<unknown> {
      const res = await fetch(`${server.url}/api/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(payload),
      });
      const body = (await res.json()) as { ok: boolean; error?: { message: string } };
      if (!body.ok) throw new Error(`${action}: ${body.error?.message}`);
      return body;
    }
    const bands = lightBands(today, 7);
    const rows: [string, { p50: number; p95: number }, { p50: number; p95: number }, { p50: number; p95: number }][] =
      [];
    t0 = performance.now();

    rows.push([
      'listMyTasks',
      await time(RUNS, () => http('listMyTasks', {}, contactToken)),
      await time(RUNS, () => dispatch(rt, contactCaller, 'listMyTasks', {})),
      await time(RUNS, () => store.listAssignments({ unitIds: [contactUnit] }, { offset: 0, limit: 20 })),
    ]);
    const pick = (i: number): string => myTasks[i % myTasks.length];
    rows.push([
      'getTask',
      await time(RUNS, (i) => http('getTask', { taskId: pick(i) }, contactToken)),
      await time(RUNS, (i) => dispatch(rt, contactCaller, 'getTask', { taskId: pick(i) })),
      await time(RUNS, async (i) => {
        const id = pick(i);
        await store.getTask(id);
        await store.listAssignmentsOfTask(id);
        await store.listReportsOfTask(id);
        await store.listExtensionsOfTask(id);
        await store.listUrgesOfTask(id);
      }),
    ]);
    const dashRuns = Math.max(10, Math.floor(RUNS / 5));
    rows.push([
      'dashboard',
      await time(dashRuns, () => http('dashboard', {}, supervisorToken)),
      await time(dashRuns, () => dispatch(rt, supervisorCaller, 'dashboard', {})),
      await time(dashRuns, () => store.lightCounts(bands)),
    ]);
    const measureSeconds = (performance.now() - t0) / 1000;

    const f = (ms: number): string => ms.toFixed(2).padStart(8);
    console.log('');
    console.log('毫秒            HTTP p50  HTTP p95  用例 p50  用例 p95  存储 p50  存储 p95  HTTP/存储  HTTP−用例');
    for (const [name, h, d, s] of rows) {
      console.log(
        `${name.padEnd(14)}${f(h.p50)}  ${f(h.p95)}  ${f(d.p50)}  ${f(d.p95)}  ${f(s.p50)}  ${f(s.p95)}  ${(h.p50 / s.p50).toFixed(1).padStart(8)}×  ${f(h.p50 - d.p50)}`,
      );
    }
    console.log('');
    console.log(
      `测量用时 ${measureSeconds.toFixed(1)} 秒；每项 ${RUNS} 次（看板 ${dashRuns} 次），顺序请求，同一进程内的服务器。`,
    );
    memory.sample();
    const peak = memory.peak();
    console.log(
      `内存峰值：RSS ${(peak.rss / 1048576).toFixed(0)} MB，JS 堆 ${(peak.heap / 1048576).toFixed(0)} MB（maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB）`,
    );
  } finally {
    memory.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
