/**
 * `npx tsx scripts/bench-cloud-photos.ts`: what the CloudBase photo processor (cloudfunctions/shared/src/purePhotos.ts)
 * costs for one large phone photo, each size in a fresh Node process: the peak resident memory (maxRSS) beside the
 * function's 256 MB (with what the built `api` bundle holds before any photo, measured the same way), and the CPU and wall time of what submitReport does with a photo (hash, EXIF, stamp:
 * core/usecases/photoEvidence.ts). The photos are made here with sharp: a 12 MP (4000×3000) JPEG of shapes under
 * photographic noise (about the bytes of a phone photo), a 16 MP one, and a 24 MP one that must be refused
 * (MAX_PHOTO_MEGAPIXELS). Options: --sizes=12,16,24.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { scene } from '../server/photos/testImages';
import { buildCloud } from './build-cloud';

const ROOT = resolve(__dirname, '..');
/** The function's memory (云函数 内存 256 MB: docs/deploy-cloudbase.md). */
const MEMORY_MB = 256;

const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '12,16,24').split(',').map(Number);

/** A `megapixels` JPEG at 4:3 of a scene under noise, quality 92, with an EXIF capture time. */
async function phonePhoto(megapixels: number): Promise<Buffer> {
  const width = Math.round(Math.sqrt((megapixels * 1e6 * 4) / 3));
  const height = Math.round((width * 3) / 4);
  const base = await sharp(await scene(7))
    .resize(width, height)
    .toBuffer();
  const noise = await sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 24 } },
  })
    .png()
    .toBuffer();
  return sharp(base)
    .composite([{ input: noise, blend: 'overlay' }])
    .jpeg({ quality: 92 })
    .withExif({ IFD2: { DateTimeOriginal: '2026:03:07 09:30:00' } })
    .toBuffer();
}

/** Runs in the child: the processor on the photo at argv[1], printing one JSON line of figures. */
const CHILD = `
const { readFileSync } = require('node:fs');
const { cloudPhotos } = require(${JSON.stringify(join(ROOT, 'cloudfunctions/shared/src/photos.ts'))});
const { stampLines } = require(${JSON.stringify(join(ROOT, 'core/evidence/evidence.ts'))});
(async () => {
  const bytes = new Uint8Array(readFileSync(process.argv[1]));
  // the peak resident set of this process (VmHWM: unlike getrusage's maxRSS it does not inherit the parent's)
  const mb = () => Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
  const before = mb();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let refused = null;
  try {
    await cloudPhotos.grey(bytes, 9, 8);
    await cloudPhotos.takenAt(bytes);
    const out = await cloudPhotos.stamp(bytes, stampLines(new Date().toISOString(), '芙蓉区人民政府'));
    if (!out.length) throw new Error('empty stamp');
  } catch (e) {
    if (e && e.code === 'FILE_TOO_LARGE') refused = e.message; else throw e;
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    baseline: before, peak: mb(), cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - t0) / 1e6, refused,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** The built `api` bundle required in a fresh process (no tsx): its resident memory before any photo. */
function bundleBaseline(): number {
  const code = `require(${JSON.stringify(join(ROOT, 'cloudfunctions/api/index.js'))});process.stdout.write(/VmRSS:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status','utf8'))[1]);`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`api bundle: ${r.stderr}`);
  return Number(r.stdout) / 1024;
}

async function main(): Promise<void> {
  await buildCloud(ROOT);
  const base = bundleBaseline();
  const dir = mkdtempSync(join(tmpdir(), 'duban-photos-'));
  try {
    console.log(
      `CloudBase photo processor, one photo per fresh Node ${process.version} process (limit ${MEMORY_MB} MB):`,
    );
    console.log(`  the built api bundle, required, before any photo: ${base.toFixed(0)} MB resident`);
    for (const mp of sizes) {
      const file = join(dir, `${mp}mp.jpg`);
      writeFileSync(file, await phonePhoto(mp));
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', CHILD, file], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`${mp} MP: ${r.stderr}`);
      const f = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        baseline: number;
        peak: number;
        cpuMs: number;
        wallMs: number;
        refused: string | null;
      };
      const size = (statSync(file).size / 1024 / 1024).toFixed(1);
      const photo = f.peak - f.baseline;
      const verdict = f.refused
        ? `refused: ${f.refused}`
        : `api bundle + photo ≈ ${(base + photo).toFixed(0)} MB ${base + photo <= MEMORY_MB ? '≤' : '> (OVER)'} ${MEMORY_MB} MB`;
      console.log(
        `  ${mp} MP JPEG (${size} MB): the photo adds ${photo.toFixed(0)} MB at its peak ` +
          `(${f.baseline.toFixed(0)} → ${f.peak.toFixed(0)} MB under tsx); ${verdict}; ` +
          `hash+EXIF+stamp CPU ${f.cpuMs.toFixed(0)} ms, wall ${f.wallMs.toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
