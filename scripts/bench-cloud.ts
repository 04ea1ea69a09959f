/**
 * `npm run bench:cloud`: the CloudBase runtime on its double (cloudfunctions/shared/src/testing/fakeCloud.ts) at a
 * city's scale: a generated workbook (--rows, default 2,000 rows ≈ 10,000 assignments) imported through the `api`
 * function's own handler, then the dashboard, a task and a reminder pass timed, each with the number of database
 * requests it made. On CloudBase every request is a round trip to the database service (tens of ms from a cloud
 * function), so the requests, not the double's in-memory milliseconds, are what a figure costs there: the
 * milliseconds include the double's own evaluation of each request (its aggregation pipeline is plain JavaScript
 * over every document, far slower than the database service), so they are not the function's time. The reminder
 * pass runs with the deployment's settings as imported (no templates, no bound contacts), so it plans and sends
 * nothing: it shows the pass's fixed cost only. Asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { createApiHandler } from '../cloudfunctions/shared/src/apiHandler';
import { createRemindHandler } from '../cloudfunctions/shared/src/remindHandler';
import { FakeCloud } from '../cloudfunctions/shared/src/testing/fakeCloud';
import { arg, memorySampler } from './bench/util';
import { generateWorkbook } from './bench/workbook';

async function main(): Promise<void> {
  const rows = arg('rows', 2000);
  const runs = arg('runs', 5);
  const cloud = new FakeCloud();
  const api = createApiHandler(cloud, { env: { DUBAN_BOOTSTRAP_CODE: 'bench-code' }, log: () => undefined });
  const remind = createRemindHandler(cloud, { env: {}, log: () => undefined });
  cloud.context = { OPENID: 'o-bench-admin' };
  const call = async (action: string, payload: unknown): Promise<Record<string, unknown>> => {
    const r = (await api({ action, payload })) as { ok: boolean; data?: Record<string, unknown>; error?: unknown };
    if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
    return r.data ?? {};
  };
  await call('bootstrap', { code: 'bench-code', name: '管理员' });
  const xlsx = await generateWorkbook(rows);
  const fileId = cloud.putFile('uploads/o-bench-admin/imports/generated.xlsx', Buffer.from(xlsx));
  const preview = await call('importPlan', { fileName: 'generated.xlsx', fileId });
  const imported = (await call('confirmImport', { previewId: preview.previewId, createUnknown: true })) as {
    tasks: number;
    assignments: number;
  };
  const dash = (await call('dashboard', {})) as { overdue: { taskId: string }[]; dueThisWeek: { taskId: string }[] };
  const taskId = (dash.overdue[0] ?? dash.dueThisWeek[0]).taskId;

  async function measure(name: string, fn: () => Promise<unknown>): Promise<string> {
    const ms: number[] = [];
    let requests = 0;
    for (let i = 0; i < runs; i++) {
      const before = cloud.db.log.length;
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
      requests = cloud.db.log.length - before;
    }
    ms.sort((a, b) => a - b);
    return `${name.padEnd(26)} ${ms[Math.floor(ms.length / 2)].toFixed(1).padStart(8)} ms  ${String(requests).padStart(5)} 次数据库请求`;
  }

  const lines = [
    await measure('dashboard', () => call('dashboard', {})),
    await measure('getTask', () => call('getTask', { taskId })),
  ];
  // the circular in the api function: one request per instance there, so what counts is its 256 MB and its timeout
  // (docs/deploy-cloudbase.md: 20–60 s): its database requests, and the heap it adds (the double's whole database is
  // in the same heap: the figure is the peak above the heap before the export)
  for (const format of ['xlsx', 'docx'] as const) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const memory = memorySampler(10);
    lines.push(await measure(`exportCircular (${format})`, () => call('exportCircular', { format })));
    memory.sample();
    memory.stop();
    lines.push(
      `${''.padEnd(26)} 堆内存峰值比导出前多 ${((memory.peak().heap - heapBefore) / 1048576).toFixed(0)} MB，进程 RSS 峰值 ${(
        process.resourceUsage().maxRSS / 1024
      ).toFixed(0)} MB`,
    );
  }
  cloud.context = {}; // the timer: no OPENID
  const before = cloud.db.log.length;
  const t = performance.now();
  const pass = await remind({ Type: 'Timer', TriggerName: 'remind' });
  const passMs = performance.now() - t;
  const passRequests = cloud.db.log.length - before;
  lines.push(
    `${'remind pass (no contacts)'.padEnd(26)} ${passMs.toFixed(1).padStart(8)} ms  ${String(passRequests).padStart(5)} 次数据库请求`,
  );
  const byOp = new Map<string, number>();
  for (const c of cloud.db.log.slice(before))
    byOp.set(`${c.op} ${c.collection}`, (byOp.get(`${c.op} ${c.collection}`) ?? 0) + 1);

  console.log(
    `bench:cloud：CloudBase 替身上 ${imported.tasks} 项任务、${imported.assignments} 个单位任务（${rows} 行）`,
  );
  console.log('');
  for (const l of lines) console.log(l);
  console.log('');
  console.log(`提醒一轮：${JSON.stringify((pass as { data?: unknown }).data ?? pass)}`);
  console.log(`提醒一轮的请求：${[...byOp].map(([k, n]) => `${k} ×${n}`).join('，')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
