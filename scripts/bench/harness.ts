/**
 * What the province benchmarks share: each scale runs in a child process of its own (so that each one's peak RSS
 * is its own), on a database made by the real `npx duban bench-data`; the parent prints every figure beside its
 * raw-SQL floor, their ratio and the target, at each scale side by side. Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(__dirname, '..', '..');

export interface Figure {
  name: string;
  /** Milliseconds (p50 when repeated). */
  ms: number;
  /** The raw-SQL floor for the same answer, and what it is. */
  floorMs: number;
  floor: string;
  /** The most `ms / floorMs` may be (the issue's target), if any. */
  maxRatio?: number;
  /**
   * CPU milliseconds of this process (all its threads) per run, p50, of the figure and of its floor: what the
   * work costs whatever the machine's load (wall time on a busy machine also counts the waits for a core).
   */
  cpuMs?: number;
  floorCpuMs?: number;
}

export interface ScaleResult {
  scale: number;
  assignments: number;
  figures: Figure[];
  /** Peak RSS of the child in MB (the database generation runs in its own process). */
  rssMb: number;
}

/** Creates the dataset with the real command line: `duban bench-data --db FILE --scale N --json`. */
export function benchData(
  dbPath: string,
  scale: number,
): { supervisorCode: string; contactCode: string; assignments: number } {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'duban.js'), 'bench-data', '--db', dbPath, '--scale', String(scale), '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`bench-data failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { supervisorCode: string; contactCode: string; assignments: number };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** p50 of `runs` timed calls after `warmup` untimed ones. */
export async function p50(runs: number, fn: (i: number) => unknown, warmup = Math.min(5, runs)): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (warmup < runs) global.gc?.(); // long runs: each starts from a collected heap (the child has --expose-gc)
    const start = performance.now();
    await fn(i);
    t.push(performance.now() - start);
  }
  return percentile(
    t.sort((a, b) => a - b),
    50,
  );
}

/**
 * p50 of a figure and of its floor measured in turns (figure, floor, figure, floor…), so that both see the same
 * moments of a loaded machine rather than one the first half-minute and the other the next; wall time and the
 * process's CPU time of each run. Both are first run `warmup` times untimed (by default as many times as they are
 * timed, up to 100): a server that has been up a minute has its request path compiled by V8's optimising tier,
 * which five calls do not reach (getTask over HTTP took 3.4 ms after five and 2.6 ms after a few hundred).
 * `check` is given each result of `fn`, untimed (bench:api decodes and checks each answer there).
 */
export async function pairedP50<R>(
  runs: number,
  fn: (i: number) => R | Promise<R>,
  floorFn: (i: number) => unknown,
  options: { warmup?: number; check?: (result: R) => unknown } = {},
): Promise<{ ms: number; floorMs: number; cpuMs: number; floorCpuMs: number }> {
  const { warmup = Math.min(100, runs), check = () => undefined } = options;
  for (let i = 0; i < warmup; i++) {
    check(await fn(i));
    await floorFn(i);
  }
  const wall: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  const timed = async <T>(k: 0 | 1, run: () => T | Promise<T>): Promise<T> => {
    const c = process.cpuUsage();
    const start = performance.now();
    const result = await run();
    wall[k].push(performance.now() - start);
    const used = process.cpuUsage(c);
    cpu[k].push((used.user + used.system) / 1000);
    return result;
  };
  for (let i = 0; i < runs; i++) {
    if (runs > 20 && i % 20 === 0) global.gc?.(); // long runs: a collected heap now and then, as in p50
    // `check`, untimed: what the caller does with the result (the bench's client decoding an HTTP answer)
    check(await timed(0, () => fn(i)));
    await timed(1, () => floorFn(i));
  }
  const mid = (t: number[]) =>
    percentile(
      t.sort((x, y) => x - y),
      50,
    );
  return { ms: mid(wall[0]), floorMs: mid(wall[1]), cpuMs: mid(cpu[0]), floorCpuMs: mid(cpu[1]) };
}

export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** In a child: prints the result as the last line for the parent. */
export function report(result: ScaleResult): void {
  process.stdout.write(`\n@@RESULT ${JSON.stringify(result)}\n`);
}

/** `--scale N` given: this process is a child for that scale. */
export function childScale(): number | null {
  const i = process.argv.indexOf('--scale');
  return i > 0 ? Number(process.argv[i + 1]) : null;
}

/** In the parent: runs `script` once per scale in a child and prints the figures side by side. */
export function runScales(title: string, script: string, scales: number[], extraArgs: string[] = []): void {
  const results: ScaleResult[] = [];
  const notes: string[] = [];
  for (const scale of scales) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--expose-gc', script, '--scale', String(scale), ...extraArgs],
      { encoding: 'utf8', maxBuffer: 16 << 20, cwd: ROOT },
    );
    const line = r.stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
    if (r.status !== 0 || !line) {
      process.stderr.write(r.stdout + r.stderr);
      throw new Error(`${script} at ${scale}× failed`);
    }
    results.push(JSON.parse(line.slice('@@RESULT '.length)) as ScaleResult);
    notes.push(
      ...r.stderr
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => `  ${scale}×：${l}`),
    );
  }
  printScales(title, results, notes);
}

/** Prints the figures of each scale side by side: ms, floor and ratio, CPU time where measured, then the notes. */
export function printScales(title: string, results: ScaleResult[], notes: string[] = []): void {
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2)).padStart(9);
  console.log(title);
  console.log(
    results.map((r) => `${r.scale}×：${r.assignments} 个单位任务，峰值 RSS ${r.rssMb.toFixed(0)} MB`).join('；'),
  );
  console.log('');
  const header = results.map((r) => `${`${r.scale}× 毫秒`.padStart(9)} ${'下限'.padStart(7)} ${'倍数'.padStart(6)}`);
  console.log(`${'项目'.padEnd(22)}${header.join('   ')}   目标`);
  const names = results[0].figures.map((x) => x.name);
  for (const name of names) {
    const cells = results.map((r) => {
      const x = r.figures.find((y) => y.name === name)!;
      return `${f(x.ms)} ${f(x.floorMs)} ${`${(x.ms / x.floorMs).toFixed(1)}×`.padStart(6)}`;
    });
    const first = results[0].figures.find((y) => y.name === name)!;
    const target = first.maxRatio ? `≤ ${first.maxRatio}× 下限` : '';
    console.log(`${name.padEnd(22)}${cells.join('   ')}   ${target}`);
  }
  const withCpu = names.filter((name) => results[0].figures.find((y) => y.name === name)!.cpuMs !== undefined);
  if (withCpu.length) {
    console.log('');
    console.log('CPU 时间（本进程全部线程，每次 p50 毫秒；不计等待 CPU 的时间）：');
    for (const name of withCpu) {
      const cells = results.map((r) => {
        const x = r.figures.find((y) => y.name === name)!;
        const [a, b] = [x.cpuMs ?? NaN, x.floorCpuMs ?? NaN];
        return `${f(a)} ${f(b)} ${`${(a / b).toFixed(1)}×`.padStart(6)}`;
      });
      const first = results[0].figures.find((y) => y.name === name)!;
      const target = first.maxRatio ? `≤ ${first.maxRatio}× 下限` : '';
      console.log(`${name.padEnd(22)}${cells.join('   ')}   ${target}`);
    }
  }
  if (results.length > 1) {
    console.log('');
    for (const name of names) {
      const a = results[0].figures.find((y) => y.name === name)!.ms;
      const b = results[results.length - 1].figures.find((y) => y.name === name)!.ms;
      console.log(
        `${name.padEnd(22)}${results[results.length - 1].scale}× / ${results[0].scale}×：${(b / a).toFixed(2)}`,
      );
    }
  }
  console.log('');
  console.log('下限：');
  for (const x of results[0].figures) console.log(`  ${x.name}：${x.floor}`);
  if (notes.length) console.log(['', '过程：', ...notes].join('\n'));
}

/**
 * The entry of a bench script: run as a child (`--child-scale N`), it measures one scale; run by hand, it runs each
 * scale of `--scales` (default 1,2) in a process of its own and prints them side by side.
 */
export function benchMain(
  title: string,
  script: string,
  child: (scale: number) => Promise<void>,
  extraArgs: string[] = [],
): void {
  const scale = childScale();
  if (scale !== null) {
    child(scale).catch((e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    });
    return;
  }
  runScales(title, script, scalesArg(), extraArgs);
}

/** The scales asked for by hand (`--scales 1,2`, the default). */
export function scalesArg(): number[] {
  const i = process.argv.indexOf('--scales');
  return (i > 0 ? process.argv[i + 1] : '1,2').split(',').map(Number);
}
