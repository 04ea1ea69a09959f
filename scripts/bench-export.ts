/**
 * `npm run bench:export`: the circular at province scale, at 1× and 2× (`--scales 1,2`). For each scale the parent
 * makes the database once with `duban bench-data`; then each case runs in a fresh child process of its own, so that
 * one case's peak RSS is its own and not the leftover of another:
 *
 * - `exportCircular (worker, xlsx|docx)`: the export as `duban serve` runs it, through the backend of a runtime with
 *   the worker on (server/worker/: admitted on this thread, run in the worker on a read-only connection), as a
 *   supervisor at a city-level unit (the whole province's circular);
 * - `duban export (xlsx|docx)`: the command line (`main(['export', …])`), the export in the calling thread, as the
 *   system administrator.
 *
 * Each child runs the export (p50 of --runs, default 3, after one untimed run), takes the process's peak RSS (all
 * its threads: `process.resourceUsage().maxRSS`), and only then measures its floor in the same process: every
 * assignment row read into JS (`SELECT * FROM assignments`). Printed: wall and CPU time (the process's, all
 * threads) beside the floor and their ratio, and each case's peak RSS beside 300 MB with the RSS the process had
 * before its first export. Target (issue 14): within 4 × the floor at 1×; under 300 MB RSS at 2×.
 *
 * `--case NAME` (with `--scale N --db FILE`) runs one case as a child does and prints its result line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../server/cli/main';
import { addCitySupervisor, CITY_SUPERVISOR_PRINCIPAL } from '../server/bench/province';
import { createRuntime } from '../server/runtime';
import { arg } from './bench/util';
import { benchData, peakRssMb, percentile, printScales, type Figure, type ScaleResult } from './bench/harness';

const ROOT = resolve(__dirname, '..');
const RUNS = arg('runs', 3);
const FLOOR = 'SELECT * FROM assignments，全部行读入 JS（同一进程，导出之后）';
const RSS_LIMIT_MB = 300;
const quiet = { stdout: () => undefined, stderr: (t: string) => process.stderr.write(t), cwd: process.cwd() };

const CASES = {
  'exportCircular (worker, xlsx)': { via: 'worker', format: 'xlsx' },
  'exportCircular (worker, docx)': { via: 'worker', format: 'docx' },
  'duban export (xlsx)': { via: 'cli', format: 'xlsx' },
  'duban export (docx)': { via: 'cli', format: 'docx' },
} as const;
type CaseName = keyof typeof CASES;

interface CaseResult {
  name: CaseName;
  figure: Figure;
  /** Peak RSS of the process over the exports, and its RSS before the first one (runtime open, modules loaded). */
  peakMb: number;
  beforeMb: number;
  bytes: number;
}

/** p50 wall and CPU (this process, all threads) of `runs` timed calls after `warmup` untimed ones. */
async function timed(runs: number, fn: () => unknown, warmup: number): Promise<{ ms: number; cpuMs: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    global.gc?.();
    const c = process.cpuUsage();
    const start = performance.now();
    await fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const mid = (xs: number[]) =>
    percentile(
      xs.sort((a, b) => a - b),
      50,
    );
  return { ms: mid(wall), cpuMs: mid(cpu) };
}

/** One case in this process: the exports, the peak RSS, then the floor. */
async function runCase(name: CaseName, dbPath: string): Promise<CaseResult> {
  const { via, format } = CASES[name];
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-export-case-'));
  const out = join(dir, `通报.${format}`);
  let bytes = 0;
  let export_: () => Promise<void>;
  let close: () => Promise<void>;
  if (via === 'worker') {
    // the server's path: the backend of a runtime with the worker on, as `duban serve` has it
    const server = createRuntime({ dbPath, worker: true, messenger: { send: async () => undefined } });
    // a supervisor at the city: the whole province's circular, as `duban export` (the system admin) writes it (the
    // first worker case of a database adds it)
    const principal = CITY_SUPERVISOR_PRINCIPAL;
    if (!(await server.store.getUserByPrincipal(principal)))
      addCitySupervisor(server.store.db, new Date().toISOString());
    const user = await server.store.getUserByPrincipal(principal);
    if (!user) throw new Error('no bench supervisor');
    const supervisor = { principal, throttleKey: 'bench', user };
    let fileId = '';
    export_ = async () => {
      fileId = ((await server.backend.call(supervisor, 'exportCircular', { format })) as { fileId: string }).fileId;
      if (!server.pool?.started) throw new Error('the export did not run in the worker');
    };
    close = async () => {
      bytes = (await server.files.read(fileId)).byteLength;
      await server.pool?.close();
      server.close();
    };
  } else {
    export_ = async () => {
      if ((await main(['export', '--out', out, '--db', dbPath], quiet)) !== 0) throw new Error('export failed');
    };
    close = async () => {
      bytes = statSync(out).size;
    };
  }
  try {
    global.gc?.();
    const beforeMb = process.memoryUsage().rss / 1024 / 1024;
    const t = await timed(RUNS, export_, 1);
    const peakMb = peakRssMb();
    await close();
    const raw = new Database(dbPath, { readonly: true });
    const all = raw.prepare(`SELECT * FROM assignments`);
    const floor = await timed(Math.max(3, RUNS), () => all.all(), 1);
    raw.close();
    const figure: Figure = {
      name,
      ms: t.ms,
      cpuMs: t.cpuMs,
      floorMs: floor.ms,
      floorCpuMs: floor.cpuMs,
      floor: FLOOR,
      maxRatio: 4,
    };
    return { name, figure, peakMb, beforeMb, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In the parent: each case of each scale in a fresh child process; the figures side by side. */
function runAll(scales: number[]): void {
  const results: ScaleResult[] = [];
  const cases: CaseResult[][] = [];
  for (const scale of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'duban-bench-export-'));
    try {
      const dbPath = join(dir, 'bench.db');
      const { assignments } = benchData(dbPath, scale);
      const ofScale: CaseResult[] = [];
      for (const name of Object.keys(CASES) as CaseName[]) {
        const r = spawnSync(
          process.execPath,
          [
            ...['--import', 'tsx', '--expose-gc', __filename],
            ...['--case', name, '--scale', String(scale), '--db', dbPath, '--runs', String(RUNS)],
          ],
          { encoding: 'utf8', maxBuffer: 16 << 20, cwd: ROOT },
        );
        const line = r.stdout.split('\n').find((l) => l.startsWith('@@CASE '));
        if (r.status !== 0 || !line) {
          process.stderr.write(r.stdout + r.stderr);
          throw new Error(`${name} at ${scale}× failed`);
        }
        ofScale.push(JSON.parse(line.slice('@@CASE '.length)) as CaseResult);
      }
      cases.push(ofScale);
      results.push({
        scale,
        assignments,
        figures: ofScale.map((c) => c.figure),
        rssMb: Math.max(...ofScale.map((c) => c.peakMb)),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  printScales('bench:export：情况通报导出对比读取全部单位任务行（每项在自己的进程里）', results);
  console.log('');
  console.log(`峰值 RSS（每项一个进程，含全部线程；括号内为第一次导出前的 RSS），目标 < ${RSS_LIMIT_MB} MB：`);
  for (const [i, name] of (Object.keys(CASES) as CaseName[]).entries()) {
    const cells = cases.map((ofScale, k) => {
      const c = ofScale[i];
      const mark = c.peakMb < RSS_LIMIT_MB ? '' : ' ✗';
      return `${scales[k]}× ${c.peakMb.toFixed(0).padStart(5)} MB (${c.beforeMb.toFixed(0)})${mark}`.padEnd(24);
    });
    console.log(`  ${name.padEnd(30)}${cells.join('')}`);
  }
  console.log('');
  console.log(
    `文件大小：${cases
      .map(
        (ofScale, k) => `${scales[k]}× ${ofScale.map((c) => `${c.name} ${(c.bytes / 1024).toFixed(0)} KB`).join('，')}`,
      )
      .join('；')}`,
  );
}

const caseAt = process.argv.indexOf('--case');
if (caseAt > 0) {
  const name = process.argv[caseAt + 1] as CaseName;
  if (!(name in CASES)) throw new Error(`unknown case ${name}: ${Object.keys(CASES).join(', ')}`);
  const dbPath = resolve(String(process.argv[process.argv.indexOf('--db') + 1]));
  runCase(name, dbPath).then(
    (r) => process.stdout.write(`\n@@CASE ${JSON.stringify(r)}\n`),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
} else {
  const i = process.argv.indexOf('--scales');
  runAll((i > 0 ? process.argv[i + 1] : '1,2').split(',').map(Number));
}
