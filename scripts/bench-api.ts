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
import { addDays, beijingDate } from '../core/time';
import { issueToken } from '../server/auth/tokens';
import { serveDuban } from '../server/http/serve';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const TASKS = arg('tasks', 1000);
const UNITS = arg('units', 150);
const REPORTS = arg('reports', 300000);
const RUNS = arg('runs', 200);
const SECRET = 'bench-secret-0123456789abcdef';

let peakRss = 0;
let peakHeap = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}
const sampler = setInterval(sampleMemory, 50);

/** A deterministic pseudo-random sequence (mulberry32), so every run builds the same dataset. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  sampleMemory();
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
    const random = rng(2018);

    // ── the dataset ───────────────────────────────────────────────────────────
    let t0 = performance.now();
    const unitIds = Array.from({ length: UNITS }, (_, i) => `u${String(i).padStart(4, '0')}`);
    const insertUnit = db.prepare(`INSERT INTO units (id, name, kind, aliases) VALUES (?, ?, ?, '[]')`);
    const insertUser = db.prepare(
      `INSERT INTO users (id, principal, unit_id, role, name, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      unitIds.forEach((id, i) => {
        insertUnit.run(id, `第${i + 1}单位`, i < 20 ? 'district' : 'city');
        insertUser.run(`user-${id}`, `bench-contact-${id}`, id, 'contact', `联络员${i + 1}`, now);
      });
      insertUser.run('user-supervisor', 'bench-supervisor', unitIds[0], 'supervisor', '督查员', now);
    })();

    const insertPlan = db.prepare(
      `INSERT INTO plans (id, title, fingerprint, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)`,
    );
    const insertTask = db.prepare(
      `INSERT INTO tasks (id, plan_id, seq, stage, content, deadline, lead_names, responsible_names)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAssignment = db.prepare(
      `INSERT INTO assignments (id, task_id, unit_id, role, status, due_date, original_due_date, acknowledged_at,
         closed_at, last_report_at, percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertReport = db.prepare(
      `INSERT INTO reports (id, assignment_id, task_id, request_id, author_id, text, photos, percent, claim_done,
         review, reviewer_id, review_reason, reviewed_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, NULL, ?, ?)`,
    );
    const assignments: { id: string; taskId: string; unitId: string }[] = [];
    const taskIds: string[] = [];
    const perTask = Math.round(80000 / TASKS);
    db.transaction(() => {
      insertPlan.run('plan-bench', '全省重点任务责任分解表', 'bench', now, 'user-supervisor');
      for (let s = 1; s <= TASKS; s++) {
        const taskId = `t${String(s).padStart(5, '0')}`;
        taskIds.push(taskId);
        const due = addDays(today, Math.floor(random() * 400) - 120);
        const deadline = JSON.stringify({ text: due, kind: 'date', start: null, due });
        const n = Math.min(UNITS, Math.max(1, Math.round(perTask * (0.5 + random()))));
        const start = Math.floor(random() * UNITS);
        const units = Array.from({ length: n }, (_, k) => unitIds[(start + k) % UNITS]);
        insertTask.run(
          taskId,
          'plan-bench',
          s,
          `第${1 + (s % 12)}阶段`,
          `第${s}项重点任务：推进政务服务事项标准化、规范化、便利化，按时报送进展并完成验收。`,
          deadline,
          JSON.stringify([`第${start + 1}单位`]),
          JSON.stringify(['各相关单位']),
        );
        units.forEach((unitId, k) => {
          const id = `${taskId}-a${k}`;
          const closed = random() < 0.15;
          const status = closed ? 'closed' : (['assigned', 'acknowledged', 'in_progress', 'claimed'] as const)[k % 4];
          const ownDue = random() < 0.05 ? addDays(due, 30) : due;
          insertAssignment.run(
            id,
            taskId,
            unitId,
            k === 0 ? 'lead' : 'responsible',
            status,
            ownDue,
            due,
            status === 'assigned' ? null : now,
            closed ? now : null,
            null,
            closed ? 100 : Math.floor(random() * 90),
          );
          assignments.push({ id, taskId, unitId });
        });
      }
    })();
    const insertReports = db.transaction((from: number, to: number) => {
      for (let r = from; r < to; r++) {
        const a = assignments[Math.floor(random() * assignments.length)];
        const at = new Date(Date.parse(now) - Math.floor(random() * 200) * 86400000).toISOString();
        const claim = random() < 0.1;
        const review = claim ? (random() < 0.5 ? 'pending' : 'accepted') : 'none';
        insertReport.run(
          `r${r}`,
          a.id,
          a.taskId,
          `req-${r}`,
          `user-${a.unitId}`,
          '本月已完成阶段目标，相关材料已归档，下一步按计划推进。',
          claim ? 100 : 50,
          claim ? 1 : 0,
          review,
          review === 'accepted' ? 'user-supervisor' : null,
          review === 'accepted' ? at : null,
          at,
        );
      }
    });
    for (let r = 0; r < REPORTS; r += 20000) insertReports(r, Math.min(REPORTS, r + 20000));
    db.exec('ANALYZE');
    const buildSeconds = (performance.now() - t0) / 1000;
    sampleMemory();
    console.log(
      `数据集：${TASKS} 项任务，${UNITS} 个单位，${assignments.length} 个单位任务，${REPORTS} 条进展；生成 ${buildSeconds.toFixed(1)} 秒`,
    );

    // ── the measurements ─────────────────────────────────────────────────────
    const contactUnit = unitIds[7];
    const contact = (await store.getUserByPrincipal(`bench-contact-${contactUnit}`)) as User;
    const supervisor = (await store.getUserByPrincipal('bench-supervisor')) as User;
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
    const yellowTo = addDays(today, 7);
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
      await time(dashRuns, () => store.lightCounts(today, yellowTo)),
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
    sampleMemory();
    console.log(
      `内存峰值：RSS ${(peakRss / 1048576).toFixed(0)} MB，JS 堆 ${(peakHeap / 1048576).toFixed(0)} MB（maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB）`,
    );
  } finally {
    clearInterval(sampler);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
