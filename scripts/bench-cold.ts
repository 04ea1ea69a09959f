/**
 * `npm run bench:cold`: the `api` cloud function's cold start, as CloudBase pays it after an idle spell: the time
 * to `require` the built `cloudfunctions/api/index.js` in a fresh Node process, beside `require('wx-server-sdk')`
 * alone (the floor: every function loads the SDK). Builds the bundles first; runs the two alternately in fresh
 * processes and prints the medians and their ratio (target ≤ 1.2 ×), and the same for `remind`.
 * Options: --runs N (15).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildCloud } from './build-cloud';
import { arg } from './bench/util';

const ROOT = resolve(__dirname, '..');
const RUNS = arg('runs', 15);

/** ms to require `target` in a fresh Node process (the process's own start-up not counted). */
function coldRequire(target: string): number {
  const code = `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`require(${target}) failed: ${r.stderr}`);
  return Number(r.stdout);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const built = await buildCloud(ROOT);
  const sdk = require.resolve('wx-server-sdk', { paths: [ROOT] });
  const targets = [
    { label: 'wx-server-sdk alone', file: sdk },
    ...built.map((b) => ({ label: `${b.name} bundle`, file: b.file })),
  ];
  const times = new Map<string, number[]>(targets.map((t) => [t.label, []]));
  coldRequire(sdk); // the file system cache warm for every run alike
  for (let i = 0; i < RUNS; i++) for (const t of targets) times.get(t.label)!.push(coldRequire(t.file));
  const floor = median(times.get('wx-server-sdk alone')!);
  console.log(`Cold require in a fresh Node ${process.version} process, median of ${RUNS}:`);
  for (const t of targets) {
    const b = built.find((x) => x.file === t.file);
    const size = b
      ? `  ${(b.bytes / 1024).toFixed(0)} KB${b.lazy.length ? ` (+ on first use: ${b.lazy.map((l) => `${l.library} ${(l.bytes / 1024).toFixed(0)} KB`).join(', ')})` : ''}`
      : '';
    const m = median(times.get(t.label)!);
    console.log(`  ${t.label.padEnd(20)} ${m.toFixed(0).padStart(5)} ms  ${(m / floor).toFixed(2)} ×${size}`);
  }
  console.log(
    `  target: the api bundle within 1.2 × wx-server-sdk alone (${join('cloudfunctions', 'api', 'index.js')})`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
