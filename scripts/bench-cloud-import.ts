/**
 * `npm run bench:cloud-import`: the memory of a large import inside the `api` cloud function, whose memory is set
 * to 256 MB (docs/deploy-cloudbase.md, step 5). A generated 2,000-row workbook (≈ 10,000 assignments) is uploaded
 * into the admin's folder and imported through the function's own handler (importPlan → confirmImport) on the
 * CloudBase double. Prints the peak resident memory beside the 256 MB the function has; asserts nothing.
 * The double keeps the whole database in this process too, so the figure is an upper bound of the function's own.
 */
import { performance } from 'node:perf_hooks';
import { createApiHandler } from '../cloudfunctions/shared/src/apiHandler';
import { FakeCloud } from '../cloudfunctions/shared/src/testing/fakeCloud';
import { arg, memorySampler } from './bench/util';
import { generateWorkbook } from './bench/workbook';

const FUNCTION_MEMORY_MB = 256;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const rows = arg('rows', 2000);
  const cloud = new FakeCloud();
  const api = createApiHandler(cloud, { env: { DUBAN_BOOTSTRAP_CODE: 'bench-code' }, log: () => undefined });
  cloud.context = { OPENID: 'o-bench-admin' };
  const boot = await api({ action: 'bootstrap', payload: { code: 'bench-code', name: '管理员' } });
  if (!boot.ok) throw new Error(`bootstrap: ${JSON.stringify(boot)}`);
  const xlsx = await generateWorkbook(rows);
  const fileId = cloud.putFile('uploads/o-bench-admin/imports/generated.xlsx', Buffer.from(xlsx));
  global.gc?.();
  const start = process.memoryUsage();
  const sampler = memorySampler(20);
  let t0 = performance.now();
  const preview = await api({ action: 'importPlan', payload: { fileName: 'generated.xlsx', fileId } });
  const planMs = performance.now() - t0;
  if (!preview.ok) throw new Error(`importPlan: ${JSON.stringify(preview)}`);
  const previewId = (preview.data as { previewId: string }).previewId;
  sampler.sample();
  t0 = performance.now();
  const confirmed = await api({ action: 'confirmImport', payload: { previewId, createUnknown: true } });
  const confirmMs = performance.now() - t0;
  if (!confirmed.ok) throw new Error(`confirmImport: ${JSON.stringify(confirmed)}`);
  sampler.sample();
  sampler.stop();
  const peak = sampler.peak();
  const data = confirmed.data as { tasks: number; assignments: number };
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`Node ${process.version}; ${rows}-row workbook ${Math.round(xlsx.length / 1024)} KB`);
  console.log(
    `importPlan ${planMs.toFixed(0)} ms, confirmImport ${confirmMs.toFixed(0)} ms: ${data.tasks} tasks, ${data.assignments} assignments`,
  );
  console.log(
    `memory: rss ${mb(start.rss)} MB before, peak ${mb(peak.rss)} MB during (process max ${mb(maxRss)} MB); ` +
      `heap ${mb(start.heapUsed)} → peak ${mb(peak.heap)} MB; the import's own: ${mb(peak.rss - start.rss)} MB ` +
      `(the rest is Node, tsx and the double's database)`,
  );
  const headroom = FUNCTION_MEMORY_MB - Number(mb(maxRss));
  console.log(
    `floor: the api function has ${FUNCTION_MEMORY_MB} MB; peak ${mb(maxRss)} MB leaves ${headroom.toFixed(1)} MB ` +
      `(${headroom > 0 ? 'within' : 'OVER'} the function's memory)`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
