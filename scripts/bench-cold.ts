/**
 * `npm run bench:cold`: the `api` cloud function's cold start, as CloudBase pays it after an idle spell: the time
 * to `require` the built `cloudfunctions/api/index.js` in a fresh Node process, beside `require('wx-server-sdk')`
 * alone (the floor: every function loads the SDK). Builds the bundles first; runs the two alternately in fresh
 * processes and prints the medians and their ratio (target ≤ 1.2 ×), and the same for `remind`; beside wall time the
 * process's CPU time (steadier on a loaded machine), and what each bundle costs beyond the SDK in the same process.
 * The processes run with the environment CloudBase gives a function (TENCENTCLOUD_RUNENV=SCF and its region and
 * namespace): without it `cloud.init` asks the Tencent Cloud metadata server over HTTP whether it runs there (in the
 * SDK's checkIsInTencentCloud), which a deployed function never does and which cost as much as the bundle itself.
 * Options: --runs N (15).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildCloud } from './build-cloud';
import { arg } from './bench/util';

const ROOT = resolve(__dirname, '..');
const RUNS = arg('runs', 15);

/** What a deployed function's process has in its environment (the SDK reads these in `cloud.init`). */
const CLOUDBASE_ENV = { TENCENTCLOUD_RUNENV: 'SCF', TENCENTCLOUD_REGION: 'ap-shanghai', SCF_NAMESPACE: 'duban-bench' };

interface Cold {
  /** ms to require the target (wx-server-sdk, then the bundle, which finds it loaded: the same as the bundle alone). */
  ms: number;
  cpuMs: number;
  /** ms of the bundle's own part (after the SDK). */
  ownMs: number;
}

/** Requires `target` in a fresh Node process (the process's own start-up not counted). */
function coldRequire(sdk: string, target: string): Cold {
  const code = [
    'const c=process.cpuUsage(),t=process.hrtime.bigint(),ms=()=>Number(process.hrtime.bigint()-t)/1e6;',
    `require(${JSON.stringify(sdk)});const s=ms();`,
    `require(${JSON.stringify(target)});const all=ms(),u=process.cpuUsage(c);`,
    'process.stdout.write(JSON.stringify({ms:all,cpuMs:(u.user+u.system)/1000,ownMs:all-s}));',
  ].join('');
  const r = spawnSync(process.execPath, ['-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...CLOUDBASE_ENV },
  });
  if (r.status !== 0) throw new Error(`require(${target}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Cold;
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
  const times = new Map<string, Cold[]>(targets.map((t) => [t.label, []]));
  for (const t of targets) coldRequire(sdk, t.file); // the file system cache warm for every run alike
  for (let i = 0; i < RUNS; i++) for (const t of targets) times.get(t.label)!.push(coldRequire(sdk, t.file));
  const of = (label: string, k: keyof Cold) => median(times.get(label)!.map((c) => c[k]));
  const floor = of('wx-server-sdk alone', 'ms');
  const floorCpu = of('wx-server-sdk alone', 'cpuMs');
  console.log(
    `Cold require in a fresh Node ${process.version} process, CloudBase's environment (${Object.entries(CLOUDBASE_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}), median of ${RUNS}:`,
  );
  console.log(`  ${''.padEnd(20)}  wall ms   ratio   CPU ms   ratio   beyond the SDK`);
  for (const t of targets) {
    const b = built.find((x) => x.file === t.file);
    const size = b
      ? `  ${(b.bytes / 1024).toFixed(0)} KB${b.lazy.length ? ` (+ on first use: ${b.lazy.map((l) => `${l.library} ${(l.bytes / 1024).toFixed(0)} KB`).join(', ')})` : ''}`
      : '';
    const m = of(t.label, 'ms');
    const cpu = of(t.label, 'cpuMs');
    const own = b ? `${of(t.label, 'ownMs').toFixed(0).padStart(6)} ms` : ''.padStart(9);
    console.log(
      `  ${t.label.padEnd(20)} ${m.toFixed(0).padStart(7)}  ${(m / floor).toFixed(2).padStart(5)} × ${cpu.toFixed(0).padStart(7)}  ${(cpu / floorCpu).toFixed(2).padStart(5)} ×  ${own}${size}`,
    );
  }
  console.log(
    `  target: the api bundle within 1.2 × wx-server-sdk alone (${join('cloudfunctions', 'api', 'index.js')})`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
