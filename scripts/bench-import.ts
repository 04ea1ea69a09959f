/**
 * `npm run bench:import`: time and peak memory for importing the 2018 Changsha table and a generated
 * 2,000-row workbook (merged stage cells, collectives, several deadline forms). Prints figures; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { countAssignments } from '../core/assign/expand';
import { parsePlan } from '../core/importer/index';
import { createDirectoryIndex } from '../core/org/directory';
import { demoDirectory, seedTableText } from '../data/index';
import { generateWorkbook } from './bench/workbook';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const ms = (t: number) => `${t.toFixed(1)} ms`;
/** Peak resident set size of this process so far (resourceUsage reports kilobytes). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function main(): Promise<void> {
  const dir = createDirectoryIndex(demoDirectory());
  const base = peakRss();
  console.log(`Node ${process.version}; start: rss ${mb(process.memoryUsage().rss)}`);

  const seedBytes = new TextEncoder().encode(seedTableText());
  let t0 = performance.now();
  const seed = await parsePlan({ fileName: 'changsha-2018.txt', bytes: seedBytes }, dir);
  const first = performance.now() - t0;
  const runs = 50;
  t0 = performance.now();
  for (let i = 0; i < runs; i += 1) await parsePlan({ fileName: 'changsha-2018.txt', bytes: seedBytes }, dir);
  const avg = (performance.now() - t0) / runs;
  console.log(
    `seed table (${seedBytes.length} bytes): ${seed.tasks.length} tasks, ${countAssignments(seed, dir)} assignments; ` +
      `first parse ${ms(first)}, mean of ${runs} ${ms(avg)}; peak rss ${mb(peakRss())}`,
  );

  t0 = performance.now();
  const xlsx = await generateWorkbook(2000);
  console.log(
    `generated 2,000-row workbook: ${kb(xlsx.length)} in ${ms(performance.now() - t0)}; peak rss ${mb(peakRss())}`,
  );

  const before = process.memoryUsage();
  t0 = performance.now();
  const plan = await parsePlan({ fileName: 'generated.xlsx', bytes: xlsx }, dir);
  const parseTime = performance.now() - t0;
  const after = process.memoryUsage();
  t0 = performance.now();
  const assignments = countAssignments(plan, dir);
  const expandTime = performance.now() - t0;
  console.log(
    `2,000-row workbook: ${plan.tasks.length} tasks in ${new Set(plan.tasks.map((t) => t.stage)).size} stages, ` +
      `${plan.warnings.length} warnings; parse ${ms(parseTime)}; expand to ${assignments} assignments ${ms(expandTime)}`,
  );
  console.log(
    `memory: heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, rss ${mb(before.rss)} → ${mb(after.rss)}; ` +
      `peak rss ${mb(peakRss())} (at start ${mb(base)})`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
