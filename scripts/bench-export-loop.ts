/**
 * `npm run bench:export-loop`: does a province-scale export hold up everyone else? On the `duban bench-data`
 * dataset (1×: 1,000 tasks, ~81,000 assignments), a spawned `duban serve` gets one `exportCircular` (supervisor)
 * while a contact calls `listMyTasks` back to back; printed: the export's time, and the contact's latencies during
 * it (p50, max) beside the same call on an idle server: the delay the export adds. Run with the worker (default)
 * and with DUBAN_WORKER=0 (the export on the request thread), for the before / after in docs/hardening.md.
 * Target (issue 13): the export delays a concurrent listMyTasks by no more than 100 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchData } from './bench/harness';

const ROOT = join(__dirname, '..');

async function serve(dbPath: string, port: number, worker: boolean): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'duban.js'), 'serve', '--port', String(port), '--db', dbPath],
    {
      env: { ...process.env, DUBAN_DEMO: '0', DUBAN_LOG_LEVEL: 'error', DUBAN_WORKER: worker ? '1' : '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function call(base: string, action: string, body: unknown, token?: string) {
  const res = await fetch(`${base}/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { message: string } };
  if (!json.ok) throw new Error(`${action}: ${json.error?.message}`);
  return json.data ?? {};
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function measure(
  dbPath: string,
  codes: { supervisorCode: string; contactCode: string },
  worker: boolean,
  bindCodes: boolean,
) {
  const port = 3800 + Math.floor(Math.random() * 90);
  const base = `http://127.0.0.1:${port}`;
  const child = await serve(dbPath, port, worker);
  try {
    if (bindCodes) {
      tokens.supervisor = String((await call(base, 'bind', { code: codes.supervisorCode, name: '督查' })).token);
      tokens.contact = String((await call(base, 'bind', { code: codes.contactCode, name: '联络员' })).token);
    }
    const timed = async () => {
      const t = performance.now();
      await call(base, 'listMyTasks', {}, tokens.contact);
      return performance.now() - t;
    };
    await call(base, 'exportCircular', {}, tokens.supervisor); // warm: exceljs loaded, caches filled
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push(await timed());
    const during: number[] = [];
    const t0 = performance.now();
    let done = false;
    const exporting = call(base, 'exportCircular', {}, tokens.supervisor).then(() => (done = true));
    while (!done) during.push(await timed());
    await exporting;
    const exportMs = performance.now() - t0;
    const line = {
      worker,
      exportMs: Math.round(exportMs),
      idleP50: Math.round(pct(idle, 0.5)),
      duringP50: Math.round(pct(during, 0.5)),
      duringMax: Math.round(Math.max(...during)),
      calls: during.length,
      addedDelayMs: Math.round(Math.max(...during) - pct(idle, 0.5)),
    };
    console.log(JSON.stringify(line));
    return line;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
const tokens = { supervisor: '', contact: '' };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'duban-export-loop-'));
  try {
    const dbPath = join(dir, 'bench.db');
    const codes = benchData(dbPath, Number(process.argv[2] ?? 1));
    const withWorker = await measure(dbPath, codes, true, true);
    const without = await measure(dbPath, codes, false, false);
    console.log(
      `export ${withWorker.exportMs} ms with the worker, ${without.exportMs} ms without; ` +
        `listMyTasks during it: max ${withWorker.duringMax} ms with the worker (idle p50 ${withWorker.idleP50} ms, added ${withWorker.addedDelayMs} ms), ` +
        `max ${without.duringMax} ms without (added ${without.addedDelayMs} ms); target: added ≤ 100 ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
