/**
 * `npm run bench:cloud [-- --rows 300 --runs 3 --latency 20]`: the CloudBase runtime on its double
 * (cloudfunctions/shared/src/testing/fakeCloud.ts) at a city's scale: a generated workbook (--rows) imported through
 * the `api` function's own handler, then, before and after issue 14 in one run:
 * - the dashboard by the `$group` over every live assignment and the missed-report scan (DUBAN_LIGHT_COUNTS=aggregate,
 *   as before) and by the kept light and report-gap counts (cloudfunctions/shared/src/lightCounts.ts, gapCounts.ts),
 *   with the table on the settings' monthly cycle (每月28日前) and imported 200 days before;
 * - getTask;
 * - a first reminder pass that sends (templates set, a bound contact per unit with credits, the pass at 10:00
 *   Beijing three days before the end of June 2019, so due and overdue reminders go out through the double's
 *   subscribeMessage.send): one message at a time as before, and with claimMany/finishMany and the messenger's
 *   sendMany; each from the same copy of the database.
 * Each figure is given as database requests (what a figure costs on CloudBase: every request is a round trip to the
 * database service), the double's milliseconds with no latency (its own evaluation, far slower than the service for
 * aggregations: not the function's time), and the milliseconds with `--latency` ms added to every request and send
 * (transactions then run at once, as on the service, retried on a conflict), which shows what concurrency saves.
 * Asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { runReminderPass, type PassDeps } from '../core/remind/pass';
import { bindContact } from '../core/testing/reminderSeed';
import { reminderTemplates } from '../core/testing/templates';
import { beijingInstant } from '../core/time';
import type { Messenger } from '../core/ports/messenger';
import type { ReminderStore } from '../core/ports/reminders';
import { createApiHandler } from '../cloudfunctions/shared/src/apiHandler';
import { CloudMessenger } from '../cloudfunctions/shared/src/messenger';
import { CloudReminderStore } from '../cloudfunctions/shared/src/reminders';
import { C } from '../cloudfunctions/shared/src/collections';
import { CloudStore } from '../cloudfunctions/shared/src/store';
import { FakeCloud, type FakeDatabase } from '../cloudfunctions/shared/src/testing/fakeCloud';
import { arg, memorySampler } from './bench/util';
import { generateWorkbook } from './bench/workbook';

const PASS_AT = beijingInstant('2019-06-27', 10);

type Snapshot = [string, [string, string][]][];
const snapshot = (db: FakeDatabase): Snapshot =>
  [...db.data].map(([name, t]) => [name, [...t].map(([id, d]) => [id, JSON.stringify(d)] as [string, string])]);
function restore(db: FakeDatabase, s: Snapshot): void {
  db.data.clear();
  for (const [name, docs] of s) db.data.set(name, new Map(docs.map(([id, json]) => [id, JSON.parse(json)])));
}

interface Figure {
  name: string;
  requests: number;
  ms: number;
  latencyMs: number;
  note?: string;
}

async function main(): Promise<void> {
  const rows = arg('rows', 300);
  const runs = arg('runs', 3);
  const latency = arg('latency', 20);
  const cloud = new FakeCloud();
  const db = cloud.db;
  const env = { DUBAN_BOOTSTRAP_CODE: 'bench-code' };
  const api = createApiHandler(cloud, { env, log: () => undefined });
  const apiBefore = createApiHandler(cloud, { env: { ...env, DUBAN_LIGHT_COUNTS: 'aggregate' }, log: () => undefined });
  cloud.context = { OPENID: 'o-bench-admin' };
  const caller = (h: typeof api) => async (action: string, payload: unknown) => {
    const r = (await h({ action, payload })) as { ok: boolean; data?: Record<string, unknown>; error?: unknown };
    if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
    return r.data ?? {};
  };
  const call = caller(api);
  const callBefore = caller(apiBefore);
  await call('bootstrap', { code: 'bench-code', name: '管理员' });
  const xlsx = await generateWorkbook(rows);
  const fileId = cloud.putFile('uploads/o-bench-admin/imports/generated.xlsx', Buffer.from(xlsx));
  const preview = await call('importPlan', { fileName: 'generated.xlsx', fileId });
  const importStart = db.log.length;
  const imported = (await call('confirmImport', { previewId: preview.previewId, createUnknown: true })) as {
    tasks: number;
    assignments: number;
  };
  const importRequests = db.log.length - importStart;
  // the reporting cycles (issue 11), as bench:api's province reports: 每月28日前 for every task, the table imported
  // 200 days ago (so the last period due is judged), so the dashboard counts who missed it (kept: gapCounts.ts)
  const setup = new CloudStore(db);
  await setup.saveSettings({ ...(await setup.getSettings()), periodicReportDay: 28 });
  for (const plan of db.data.get(C.plans)?.values() ?? []) {
    plan.importedAt = new Date(Date.now() - 200 * 86400000).toISOString();
  }
  const dash = (await call('dashboard', {})) as { overdue: { taskId: string }[]; dueThisWeek: { taskId: string }[] };
  const taskId = (dash.overdue[0] ?? dash.dueThisWeek[0]).taskId;

  /** Median milliseconds of `runs` runs (no latency), the requests of the last, then one run at `latency`. */
  async function measure(name: string, fn: () => Promise<unknown>, n = runs): Promise<Figure> {
    const ms: number[] = [];
    let requests = 0;
    for (let i = 0; i < n; i++) {
      const before = db.log.length;
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
      requests = db.log.length - before;
    }
    ms.sort((a, b) => a - b);
    db.latencyMs = latency;
    db.concurrentTransactions = true;
    const t = performance.now();
    await fn();
    const latencyMs = performance.now() - t;
    db.latencyMs = 0;
    db.concurrentTransactions = false;
    return { name, requests, ms: ms[Math.floor(ms.length / 2)], latencyMs };
  }

  const byOp = (from: number) => {
    const m = new Map<string, number>();
    for (const c of db.log.slice(from)) m.set(`${c.op} ${c.collection}`, (m.get(`${c.op} ${c.collection}`) ?? 0) + 1);
    return [...m].map(([k, n]) => `${k} ×${n}`).join('，');
  };
  const dashFrom = db.log.length;
  await call('dashboard', {});
  const dashboardRequests = byOp(dashFrom);
  const figures: Figure[] = [
    await measure('dashboard, $group (before)', () => callBefore('dashboard', {})),
    await measure('dashboard, kept counts', () => call('dashboard', {})),
    await measure('getTask', () => call('getTask', { taskId })),
  ];

  // the circular in the api function: one request per instance there, so what counts is its 256 MB and its timeout
  // (docs/deploy-cloudbase.md: 20–60 s): its database requests, and the heap it adds (the double's whole database is
  // in the same heap: the figure is the peak above the heap before the export)
  for (const format of ['xlsx', 'docx'] as const) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const memory = memorySampler(10);
    const f = await measure(`exportCircular (${format})`, () => call('exportCircular', { format }));
    memory.sample();
    memory.stop();
    f.note = `堆内存峰值比导出前多 ${((memory.peak().heap - heapBefore) / 1048576).toFixed(0)} MB，进程 RSS 峰值 ${(
      process.resourceUsage().maxRSS / 1024
    ).toFixed(0)} MB`;
    figures.push(f);
  }

  // the reminder pass: templates, a bound contact per unit with credits
  const store = new CloudStore(db);
  const reminders = new CloudReminderStore(store);
  const at = '2019-06-01T00:00:00.000Z';
  const units = (await store.listUnits()).map((u) => u.id);
  for (const unitId of units) {
    const user = await bindContact(store, unitId, at);
    for (const t of Object.values(reminderTemplates()))
      if (t) await reminders.setCredits(user.id, t.templateId, 20, at);
  }
  await store.saveSettings({ ...(await store.getSettings()), templates: reminderTemplates() });
  const start = snapshot(db);
  const messenger = new CloudMessenger(cloud, 'formal');
  const serialStore: ReminderStore = new Proxy(reminders, {
    get: (target, p, r) => (p === 'claimMany' || p === 'finishMany' ? undefined : Reflect.get(target, p, r)),
  });
  const serialMessenger: Messenger = { send: (m) => messenger.send(m) };
  const passes: Record<string, string> = {};
  const pass = (name: string, deps: PassDeps) => async () => {
    restore(db, start);
    cloud.sent.length = 0;
    const r = await runReminderPass(deps, { now: PASS_AT, budgetMs: 600_000, batchSize: 100 });
    passes[name] = `sent ${r.sent}, waiting ${r.waiting}, failed ${r.failed}, complete ${String(r.complete)}`;
  };
  figures.push(
    await measure(
      'remind pass, one at a time (before)',
      pass('before', { reminders: serialStore, messenger: serialMessenger }),
      1,
    ),
    await measure('remind pass, claimMany/finishMany', pass('after', { reminders, messenger }), 1),
  );

  console.log(
    `bench:cloud：CloudBase 替身上 ${imported.tasks} 项任务、${imported.assignments} 个单位任务（${rows} 行），${units.length} 个单位`,
  );
  console.log(`导入（confirmImport）：${importRequests} 次数据库请求`);
  console.log('');
  console.log(
    `${'项目'.padEnd(38)}${'请求'.padStart(7)}${'替身毫秒'.padStart(11)}${`每次请求 +${latency} ms`.padStart(16)}`,
  );
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(40)}${String(f.requests).padStart(7)}${f.ms.toFixed(1).padStart(13)}${f.latencyMs.toFixed(0).padStart(18)}`,
    );
    if (f.note) console.log(`${''.padEnd(40)}${f.note}`);
  }
  console.log('');
  console.log(`看板（计数）的请求：${dashboardRequests}`);
  console.log(`提醒一轮（一条一条）：${passes.before}`);
  console.log(`提醒一轮（成批）：${passes.after}`);
  console.log(
    `说明：请求是云开发上的代价（每次一个往返）；替身毫秒是替身自己在内存里算的时间（聚合远慢于真实服务），不是云函数的时间；` +
      `最后一列给每次请求和每条订阅消息加上 ${latency} ms，事务同时运行（冲突时重试），看并发省下多少。`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
