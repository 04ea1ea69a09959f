/**
 * Photo evidence through the use cases, on the real SQLite store with the real image library (sharp): the stamped
 * display copy and the original, the EXIF capture time and its gap, reused photos flagged to the reviewer with a
 * link to the earlier report, and 仅允许现场拍摄.
 */
import { expectError, useWorld } from '../../core/testing/world';
import { pngCopy, resizedCopy, scene } from './testImages';

const {
  w,
  plan,
  users: { furong, bianban, supervisor, admin },
} = useWorld({
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact'],
    bianban: ['city-bianban', 'contact'],
    supervisor: ['city-ducha', 'supervisor'],
    admin: ['city-ducha', 'admin'],
  },
});

let n = 0;
/** A photo uploaded by `owner` (its principal), as the upload route stores it. */
function upload(owner: { principal: string }, bytes: Uint8Array): string {
  n += 1;
  return w.files.put(`photo-${n}`, owner.principal, bytes);
}

const report = (
  user: Parameters<typeof w.call>[0],
  assignmentId: string,
  photos: string[],
  extra: Record<string, unknown> = {},
) =>
  w.call(user, 'submitReport', {
    assignmentId,
    requestId: `req-${(n += 1)}`,
    text: '现场已整改完毕',
    photos,
    ...extra,
  });

describe('photo evidence', () => {
  it('stores a stamped display copy beside the original, with the receive time and the EXIF capture time', async () => {
    const photo = upload(furong, await scene(1, { takenAt: '2026:03:10 09:00:00' })); // an hour before 10:00
    const { report: view } = await report(furong, plan.a['t2:district-furong'], [photo]);
    const [p] = view.photos;
    expect(p.id).toBe(photo);
    expect(p.url).toMatch(/^memory:\/\/files\/stamped\//);
    expect(p.originalUrl).toBe(`memory://files/${photo}`);
    expect(p.receivedAt).toBe(w.clock.now());
    expect(p.takenAt).toBe('2026-03-10T01:00:00.000Z');
    expect(p.captureGapHours).toBeNull();
    expect(p.reused).toBeNull();
    // the copy is a JPEG that differs from the upload; the upload is kept as it was
    const copy = await w.files.read(p.url.replace('memory://files/', ''));
    expect(Buffer.from(copy.subarray(0, 2)).toString('hex')).toBe('ffd8');
    expect(Buffer.compare(Buffer.from(copy), Buffer.from(await w.files.read(photo)))).not.toBe(0);
  });

  it('flags a capture time days before the report', async () => {
    const old = upload(furong, await scene(2, { takenAt: '2026:03:07 10:00:00' }));
    const { report: view } = await report(furong, plan.a['t2:district-furong'], [old]);
    expect(view.photos[0].captureGapHours).toBe(72);
  });

  it("flags an identical photo or a resized, re-encoded copy in another unit's report, with a link, and the reviewer sees it", async () => {
    const original = await scene(3);
    const first = await report(furong, plan.a['t2:district-furong'], [upload(furong, original)]);
    w.clock.advanceMinutes(90);
    const copy = upload(bianban, await resizedCopy(original, 400, 50));
    const other = upload(bianban, await scene(4));
    const { report: second } = await report(bianban, plan.a['t2:city-bianban'], [copy, other], { claimDone: true });
    expect(second.photos[0].reused).toEqual({
      reportId: first.report.id,
      taskId: plan.tasks.t2.id,
      taskSeq: 2,
      unitName: '芙蓉区人民政府',
      at: first.report.createdAt,
      distance: expect.any(Number),
      sameUnit: false,
    });
    expect(second.photos[1].reused).toBeNull(); // a different photo is not flagged

    // the reviewer's queue shows the flag on the claim
    const queue = await w.call(supervisor, 'reviewQueue', {});
    const item = queue.reports.find((r) => r.report.id === second.id)!;
    expect(item.report.photos[0].reused?.reportId).toBe(first.report.id);
    // and so does the task page
    const task = await w.call(supervisor, 'getTask', { taskId: plan.tasks.t2.id });
    expect(task.reports.find((r) => r.id === second.id)!.photos[0].reused?.unitName).toBe('芙蓉区人民政府');
    const entries = (await w.call(admin, 'listAudit', {})).items.filter((e) => e.action === 'submitReport');
    expect(entries[0].detail).toMatchObject({ reusedPhotos: 1 });
  });

  it("flags the unit's own photo used again on another task, and a PNG of it", async () => {
    const original = await scene(5);
    await report(furong, plan.a['t2:district-furong'], [upload(furong, original)]);
    w.clock.advanceDays(1);
    const { report: again } = await report(furong, plan.a['t3:district-furong'], [
      upload(furong, await pngCopy(original)),
    ]);
    expect(again.photos[0].reused).toMatchObject({ sameUnit: true, taskSeq: 2, distance: expect.any(Number) });
    expect(again.photos[0].reused!.distance).toBeLessThanOrEqual(6);
  });

  it('keeps a photo the image library cannot read as uploaded, without stamp or flag', async () => {
    const broken = upload(furong, new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]));
    const { report: view } = await report(furong, plan.a['t2:district-furong'], [broken]);
    expect(view.photos[0].url).toBe(`memory://files/${broken}`);
    expect(view.photos[0].originalUrl).toBeUndefined();
    expect(view.photos[0].reused).toBeNull();
  });
});

describe('仅允许现场拍摄 (camera only, per plan)', () => {
  beforeEach(async () => {
    await w.call(admin, 'updateSettings', { cameraOnlyPlanIds: [plan.planId] });
  });

  it('tells the app to offer only the camera', async () => {
    expect((await w.call(furong, 'getTask', { taskId: plan.tasks.t2.id })).task.cameraOnly).toBe(true);
    await w.call(admin, 'updateSettings', { cameraOnlyPlanIds: [] });
    expect((await w.call(furong, 'getTask', { taskId: plan.tasks.t2.id })).task.cameraOnly).toBe(false);
  });

  it('refuses a photo taken days before, and a photo used before; takes a fresh one', async () => {
    const old = upload(furong, await scene(6, { takenAt: '2026:03:01 10:00:00' }));
    const refused = await expectError(report(furong, plan.a['t2:district-furong'], [old]), 'FORBIDDEN');
    expect(refused.message).toMatch(/仅允许现场拍摄/);

    const fresh = await scene(7, { takenAt: '2026:03:10 09:55:00' });
    const ok = await report(furong, plan.a['t2:district-furong'], [upload(furong, fresh)]);
    expect(ok.created).toBe(true);
    const again = await expectError(
      report(furong, plan.a['t3:district-furong'], [upload(furong, await resizedCopy(fresh))]),
      'FORBIDDEN',
    );
    expect(again.message).toMatch(/与之前汇报中的照片相同/);
    // nothing was stored for the refused reports
    const task = await w.call(furong, 'getTask', { taskId: plan.tasks.t3.id });
    expect(task.reports).toHaveLength(0);
  });

  it('refuses a bad setting', async () => {
    await expectError(w.call(admin, 'updateSettings', { cameraOnlyPlanIds: [''] }), 'BAD_INPUT');
    await expectError(w.call(furong, 'updateSettings', { cameraOnlyPlanIds: [plan.planId] }), 'FORBIDDEN');
  });
});
