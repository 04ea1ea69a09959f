/**
 * Issue 13: a province-scale export must not hold up everyone else. On the province dataset
 * (server/bench/province.ts) at a small scale, a real server on a real port gets one `exportCircular` (a supervisor
 * at the city: the whole table's circular) while a contact calls `listMyTasks` back to back over HTTP; measured: each call's latency against the same call on the idle server, and
 * the event loop's longest delay (perf_hooks monitorEventLoopDelay) while the export runs.
 *
 * Target (issue 13): the export adds at most 100 ms to a concurrent listMyTasks, and no request blocks the loop
 * longer than ~100 ms. On a shared machine (2 cores, a load average of 10–20 from other jobs) the wall clock alone
 * cannot tell a blocked loop from a thread waiting for a core: an idle loop beside a worker that only spins shows
 * gaps of 130 ms there. So the loop is sampled every 5 ms with the main thread's own CPU time and run-queue wait
 * (Linux /proc/self/task/<pid>/schedstat): "blocked" is the main thread's CPU time within one gap between two
 * turns of the loop, which load does not inflate. Asserted:
 * - blocked under BLOCK_LIMIT_MS (100 ms, the issue's figure: the loop never held longer by one request);
 * - the wall-clock figures (the loop's longest gap, listMyTasks's added latency) under WALL_LIMIT_MS (1,000 ms):
 *   the issue's 100 ms plus what waiting for a core adds on a loaded CI machine (measured here at a load average of
 *   20: up to 377 ms, of which 372 ms waiting for a core, with 8 ms of CPU).
 * The control runs the same export on the request thread (worker off) and must exceed BLOCK_LIMIT_MS in both (it
 * takes 340–590 ms of CPU in one gap at this scale), so the measurement is shown able to fail.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_SETTINGS } from '../../core/model';
import { beijingDate } from '../../core/time';
import { issueToken } from '../auth/tokens';
import { addCitySupervisor, CITY_SUPERVISOR_PRINCIPAL, generateProvince, provinceAt } from '../bench/province';
import { serveDuban, type RunningServer } from '../http/serve';
import { openSqliteStore } from '../store/sqlite';

/**
 * The smallest scale at which the export on the request thread still blocks far past the target (~16,000
 * assignments); DUBAN_EXPORT_LOOP_SCALE=1 measures the province itself (docs/hardening.md).
 */
const SCALE = Number(process.env.DUBAN_EXPORT_LOOP_SCALE ?? 0.2);
const BLOCK_LIMIT_MS = 100;
const WALL_LIMIT_MS = 1000;
const SECRET = 'export-loop-test-secret-0123456789';

let dir: string;
let dbPath: string;
let contactPrincipal: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-export-loop-'));
  dbPath = join(dir, 'bench.db');
  const store = openSqliteStore(dbPath);
  const now = new Date().toISOString();
  const province = generateProvince(store.db, provinceAt(SCALE, beijingDate(now), now));
  addCitySupervisor(store.db, now); // the province's whole circular
  await store.saveSettings(DEFAULT_SETTINGS);
  const perUnit = new Map<string, number>();
  for (const a of province.assignments) perUnit.set(a.unitId, (perUnit.get(a.unitId) ?? 0) + 1);
  const busiest = [...perUnit.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0][0];
  contactPrincipal = province.contactPrincipal(busiest);
  store.close();
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One kept-alive connection per caller, as the app keeps one. */
function caller(base: string, token: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (action: string, body: unknown = {}) =>
    new Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(`${base}/api/${action}`, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (e) {
            reject(e);
          }
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  return { call, close: () => agent.destroy() };
}

/** The main thread's time on a CPU and waiting for one, in ms (null where /proc is not there). */
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
function mainThreadTimes(): { runMs: number; waitMs: number } | null {
  if (!existsSync(SCHEDSTAT)) return null;
  const [run, wait] = readFileSync(SCHEDSTAT, 'utf8').trim().split(/\s+/).map(Number);
  return { runMs: run / 1e6, waitMs: wait / 1e6 };
}

/** Samples the loop every 5 ms: its longest gap, and the most main-thread CPU time spent within one gap. */
function loopSampler() {
  let last = performance.now();
  let lastTimes = mainThreadTimes();
  let maxGapMs = 0;
  let blockedMs = 0;
  let waitInMaxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const times = mainThreadTimes();
    const gap = now - last;
    if (times && lastTimes) {
      const run = times.runMs - lastTimes.runMs;
      blockedMs = Math.max(blockedMs, run);
      if (gap > maxGapMs) waitInMaxGapMs = times.waitMs - lastTimes.waitMs;
    }
    maxGapMs = Math.max(maxGapMs, gap);
    last = now;
    lastTimes = times;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return { maxGapMs, blockedMs: lastTimes ? blockedMs : null, waitInMaxGapMs };
    },
  };
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface LoopFigures {
  exportMs: number;
  idleP50: number;
  duringP50: number;
  duringMax: number;
  calls: number;
  addedMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  /** The loop's longest gap (wall), the run-queue wait within it, and the most main-thread CPU within one gap. */
  gapMaxMs: number;
  waitInGapMs: number;
  blockedMs: number | null;
}

async function measure(worker: boolean): Promise<LoopFigures> {
  const server: RunningServer = await serveDuban({
    dbPath,
    port: 0,
    demo: false,
    secret: SECRET,
    silent: true,
    worker,
    messenger: { send: async () => undefined },
  });
  const supervisor = caller(server.url, issueToken(SECRET, CITY_SUPERVISOR_PRINCIPAL));
  const contact = caller(server.url, issueToken(SECRET, contactPrincipal));
  try {
    const timed = async () => {
      const t = performance.now();
      const answer = await contact.call('listMyTasks');
      if (!answer.ok) throw new Error(`listMyTasks: ${answer.error?.message}`);
      return performance.now() - t;
    };
    // warm: exceljs loaded, the worker started, statements prepared
    const warm = await supervisor.call('exportCircular', { format: 'xlsx' });
    if (!warm.ok) throw new Error(`exportCircular: ${warm.error?.message}`);
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push(await timed());

    const loop = monitorEventLoopDelay({ resolution: 5 });
    const during: number[] = [];
    let done = false;
    const t0 = performance.now();
    loop.enable();
    const sampler = loopSampler();
    const exporting = supervisor.call('exportCircular', {}).finally(() => (done = true));
    while (!done) during.push(await timed());
    const answer = await exporting;
    loop.disable();
    const sampled = sampler.stop();
    if (!answer.ok) throw new Error(`exportCircular: ${answer.error?.message}`);
    const figures: LoopFigures = {
      exportMs: Math.round(performance.now() - t0),
      idleP50: round(p50(idle)),
      duringP50: round(p50(during)),
      duringMax: round(Math.max(...during)),
      calls: during.length,
      addedMs: round(Math.max(...during) - p50(idle)),
      // the histogram is in nanoseconds and includes the sampling resolution itself
      loopMaxMs: round(loop.max / 1e6 - 5),
      loopP99Ms: round(loop.percentile(99) / 1e6 - 5),
      gapMaxMs: round(sampled.maxGapMs),
      waitInGapMs: round(sampled.waitInMaxGapMs),
      blockedMs: sampled.blockedMs === null ? null : round(sampled.blockedMs),
    };
    console.log(`exportCircular, worker ${worker ? 'on' : 'off'}, scale ${SCALE}: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    supervisor.close();
    contact.close();
    await server.close();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

it('an export in the worker neither blocks the event loop nor delays a concurrent listMyTasks past the target', async () => {
  const f = await measure(true);
  expect(f.calls).toBeGreaterThan(1);
  if (f.blockedMs !== null) expect(f.blockedMs).toBeLessThan(BLOCK_LIMIT_MS);
  expect(f.gapMaxMs).toBeLessThan(WALL_LIMIT_MS);
  expect(f.addedMs).toBeLessThan(WALL_LIMIT_MS);
}, 300_000);

it('control: the same export on the request thread exceeds the limit (the measurement can fail)', async () => {
  const f = await measure(false);
  if (f.blockedMs !== null) expect(f.blockedMs).toBeGreaterThan(BLOCK_LIMIT_MS);
  expect(f.gapMaxMs).toBeGreaterThan(BLOCK_LIMIT_MS);
  expect(f.addedMs).toBeGreaterThan(BLOCK_LIMIT_MS);
}, 300_000);
