/**
 * `npm run bench:export`: the circular at province scale, at 1× and 2× (`--scales 1,2`). For each scale, in a child
 * process: `duban bench-data` makes the database, then (p50 of --runs, default 3 each) the export as the server
 * runs it — `exportCircular` through the server runtime's backend with the worker on (server/worker/: admitted on
 * this thread, run in the worker on a read-only connection), the annex workbook and the Word circular — and
 * `duban export` (the command line, in this thread), beside reading every assignment row into JS
 * (`SELECT * FROM assignments`) on the same file. The peak RSS printed for each scale is the whole process's (the
 * worker's heap is in it) over the server's path, taken before `duban export` runs in this thread. Target (issue 14): within 4 × that floor at 1×; under 300 MB RSS at 2×.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../server/cli/main';
import { addCitySupervisor } from '../server/bench/province';
import { createRuntime } from '../server/runtime';
import { arg } from './bench/util';
import { benchData, p50, peakRssMb, report, benchMain } from './bench/harness';

const RUNS = arg('runs', 3);
const FLOOR = 'SELECT * FROM assignments，全部行读入 JS';
const quiet = { stdout: () => undefined, stderr: (t: string) => process.stderr.write(t), cwd: process.cwd() };

async function child(scale: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-export-'));
  const dbPath = join(dir, 'bench.db');
  try {
    const { assignments } = benchData(dbPath, scale);
    const out = join(dir, '通报.xlsx');
    // the server's path: the backend of a runtime with the worker on, as `duban serve` has it
    const server = createRuntime({ dbPath, worker: true, messenger: { send: async () => undefined } });
    // a supervisor at the city: the whole province's circular, as `duban export` (the system admin) writes it
    const principal = addCitySupervisor(server.store.db, new Date().toISOString());
    const user = await server.store.getUserByPrincipal(principal);
    if (!user) throw new Error('no bench supervisor');
    const supervisor = { principal, throttleKey: 'bench', user };
    const inWorker = (format: 'xlsx' | 'docx') =>
      p50(RUNS, () => server.backend.call(supervisor, 'exportCircular', { format }), 1);
    const workerXlsxMs = await inWorker('xlsx');
    const workerDocxMs = await inWorker('docx');
    if (!server.pool?.started) throw new Error('the export did not run in the worker');
    // the peak of the server's path (this thread and the worker's), before the command line runs in this thread
    const rssMb = peakRssMb();
    await server.pool.close();
    server.close();
    const ms = await p50(
      RUNS,
      async () => {
        if ((await main(['export', '--out', out, '--db', dbPath], quiet)) !== 0) throw new Error('export failed');
      },
      1,
    );
    // the command line's export ran after the worker's, in the same process: its peak includes theirs
    process.stderr.write(`peak RSS after duban export too ${peakRssMb().toFixed(0)} MB\n`);
    const raw = new Database(dbPath, { readonly: true });
    const all = raw.prepare(`SELECT * FROM assignments`);
    const floorMs = await p50(Math.max(3, RUNS), () => all.all());
    raw.close();
    process.stderr.write(`workbook ${(statSync(out).size / 1024).toFixed(0)} KB\n`);
    report({
      scale,
      assignments,
      figures: [
        { name: 'exportCircular (worker, xlsx)', ms: workerXlsxMs, floorMs, floor: FLOOR, maxRatio: 4 },
        { name: 'exportCircular (worker, docx)', ms: workerDocxMs, floorMs, floor: FLOOR, maxRatio: 4 },
        { name: 'duban export', ms, floorMs, floor: FLOOR, maxRatio: 4 },
      ],
      rssMb,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchMain('bench:export：情况通报导出对比读取全部单位任务行', __filename, child, ['--runs', String(RUNS)]);
