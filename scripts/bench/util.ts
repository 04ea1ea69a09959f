/** Small helpers the benchmark scripts share. */

/** `--name N` from the command line, or the fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Samples the process's memory every `everyMs` until stopped; `peak()` gives the highest RSS and heap seen. */
export function memorySampler(everyMs = 50): { sample(): void; stop(): void; peak(): { rss: number; heap: number } } {
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, everyMs);
  return { sample, stop: () => clearInterval(timer), peak: () => ({ rss, heap }) };
}
