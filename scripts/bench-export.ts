/**
 * `npm run bench:export`: `duban export` (the circular workbook) at province scale, at 1× and 2× (`--scales 1,2`).
 * For each scale, in a child process: `duban bench-data` makes the database, then `duban export` runs in process
 * (p50 of --runs, default 3), beside reading every assignment row into JS (`SELECT * FROM assignments`) on the same
 * file. Target (issue 14): within 4 × that floor at 1×; under 300 MB RSS at 2×.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../server/cli/main';
import { arg } from './bench/util';
import { benchData, p50, peakRssMb, report, benchMain } from './bench/harness';

const RUNS = arg('runs', 3);
const quiet = { stdout: () => undefined, stderr: (t: string) => process.stderr.write(t), cwd: process.cwd() };

async function child(scale: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-export-'));
  const dbPath = join(dir, 'bench.db');
  try {
    const { assignments } = benchData(dbPath, scale);
    const out = join(dir, '通报.xlsx');
    const ms = await p50(
      RUNS,
      async () => {
        if ((await main(['export', '--out', out, '--db', dbPath], quiet)) !== 0) throw new Error('export failed');
      },
      1,
    );
    const rssMb = peakRssMb(); // the export's own peak, before the floor reads every row
    const raw = new Database(dbPath, { readonly: true });
    const all = raw.prepare(`SELECT * FROM assignments`);
    const floorMs = await p50(Math.max(3, RUNS), () => all.all());
    raw.close();
    process.stderr.write(`workbook ${(statSync(out).size / 1024).toFixed(0)} KB\n`);
    report({
      scale,
      assignments,
      figures: [{ name: 'duban export', ms, floorMs, floor: 'SELECT * FROM assignments，全部行读入 JS', maxRatio: 4 }],
      rssMb,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchMain('bench:export：情况通报导出对比读取全部单位任务行', __filename, child, ['--runs', String(RUNS)]);
