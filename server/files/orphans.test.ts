/**
 * Orphan uploads (issue 13): photos uploaded but never attached to a report are removed by the cleanup pass once
 * older than ORPHAN_KEEP_HOURS; attached photos, stamped copies, documents and young uploads are never touched.
 * The real SQLite store (the test world) and real files on disk (DiskFiles); storageUsage shows the same figures.
 */
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useWorld } from '../../core/testing/world';
import { cleanupOnce } from '../../core/usecases/cleanup';
import { dispatch, type Runtime } from '../../core/usecases';
import { ORPHAN_KEEP_HOURS } from '../../core/usecases/storage';
import { demoPhoto } from '../demo/png';
import { DiskFiles } from './diskFiles';

const {
  w,
  plan,
  users: { furong, admin, districtAdmin },
} = useWorld({
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    admin: ['city-youhua', 'admin', '管理员'],
    districtAdmin: ['district-furong', 'admin', '芙蓉管理员'],
  },
});

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'duban-orphans-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Makes a stored upload look `hours` old (its owners list is what says when it was last uploaded). */
function age(files: DiskFiles, fileId: string, hours: number): void {
  const when = new Date(Date.parse(w.clock.now()) - hours * 3_600_000);
  const path = join(files.dir, fileId.slice(0, 2), fileId.slice(2));
  for (const p of [path, `${path}.owners`, `${path}.json`]) if (existsSync(p)) utimesSync(p, when, when);
}

function pathOf(files: DiskFiles, fileId: string): string {
  return join(files.dir, fileId.slice(0, 2), fileId.slice(2));
}

it('removes old uploads no report refers to, and nothing else', async () => {
  const files = new DiskFiles({ dir, secret: 'orphans-test-secret-0123456789' });
  const rt: Runtime = {
    ...w.rt,
    files,
    uploadLimits: { maxUploadBytes: 10 << 20, uploadsPerMinute: 30, dailyUploadBytes: 300 << 20 },
  };
  const attached = await files.savePhoto(demoPhoto(1), furong.principal);
  const oldOrphan = await files.savePhoto(demoPhoto(2), furong.principal);
  const youngOrphan = await files.savePhoto(demoPhoto(3), furong.principal);
  const document = await files.saveDocument(Buffer.from('序号\t任务\n1\t测试\n'), 'plan.txt', admin.principal);
  await dispatch(rt, w.callerOf(furong), 'submitReport', {
    assignmentId: plan.a['t2:district-furong'],
    requestId: 'orphans-1',
    text: '已召开部署会',
    photos: [attached],
  });
  for (const id of [attached, oldOrphan, document]) age(files, id, ORPHAN_KEEP_HOURS + 1);
  age(files, youngOrphan, ORPHAN_KEEP_HOURS - 1);
  const copies = (await files.list()).filter((f) => f.kind === 'copy');
  for (const c of copies) age(files, c.fileId, ORPHAN_KEEP_HOURS * 10);

  const before = await dispatch(rt, w.callerOf(admin), 'storageUsage', {});
  expect(before.orphans?.due).toEqual({ count: 1, bytes: demoPhoto(2).length });
  expect(before.orphans?.waiting).toEqual({ count: 1, bytes: demoPhoto(3).length });
  expect(before.files?.documents.count).toBe(1);
  expect(before.files?.photos.count).toBe(3 + copies.length);
  expect(before.limits).toMatchObject({ uploadsPerMinute: 30, orphanKeepHours: ORPHAN_KEEP_HOURS });

  const pass = await cleanupOnce(rt);
  expect(pass).toMatchObject({ orphans: 1, orphanBytes: demoPhoto(2).length });
  expect(existsSync(pathOf(files, oldOrphan))).toBe(false);
  expect(existsSync(`${pathOf(files, oldOrphan)}.owners`)).toBe(false);
  for (const kept of [attached, youngOrphan, document, ...copies.map((c) => c.fileId)]) {
    expect([kept, existsSync(pathOf(files, kept))]).toEqual([kept, true]);
  }
  // the report's photo still loads
  expect(Object.keys(await files.urls([attached]))).toEqual([attached]);
  const after = await dispatch(rt, w.callerOf(admin), 'storageUsage', {});
  expect(after.orphans?.due.count).toBe(0);
  expect((await cleanupOnce(rt)).orphans).toBe(0);
});

it('shows disk usage to the whole deployment’s admins only', async () => {
  const files = new DiskFiles({ dir, secret: 'orphans-test-secret-0123456789' });
  const rt: Runtime = { ...w.rt, files };
  await expect(dispatch(rt, w.callerOf(districtAdmin), 'storageUsage', {})).rejects.toMatchObject({
    code: 'FORBIDDEN',
  });
  await expect(dispatch(rt, w.callerOf(furong), 'storageUsage', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  // on a runtime that cannot list its storage (CloudBase), the file figures are absent, not made up
  const usage = await dispatch(w.rt, w.callerOf(admin), 'storageUsage', {});
  expect([usage.files, usage.orphans]).toEqual([null, null]);
  expect(usage.previews.count).toBeGreaterThanOrEqual(0);
});
