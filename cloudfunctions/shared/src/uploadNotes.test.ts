/**
 * Uploads on CloudBase (issue 13), through the api and remind functions on the cloud double with its files served
 * over real HTTP: the app notes what it uploaded straight to storage; only the caller's own files; the upload quota
 * at note time (over it the files are deleted); the 存储空间 figures from the record; the hourly cleanup removing old
 * orphans with deleteFile, 50 a call; an environment from before the record.
 */
import { createApiHandler } from './apiHandler';
import { C } from './collections';
import { CloudFiles, DELETE_BATCH } from './files';
import { cleanupDue, createRemindHandler } from './remindHandler';
import { FakeCloud } from './testing/fakeCloud';

type Answer = {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers of several actions, read field by field
  data?: any;
  error?: { code: string; message: string };
};

const PLAN = [
  '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间',
  '建立台账\t建立全市督办事项台账，按月更新\t市政府督查室\t芙蓉区人民政府\t2030年12月',
].join('\n');

let cloud: FakeCloud;
let as: (openid: string) => (action: string, payload?: unknown) => Promise<Answer>;

beforeEach(async () => {
  cloud = new FakeCloud({ requireCollections: true });
  await cloud.serveFiles();
  const api = createApiHandler(cloud, { env: { DUBAN_BOOTSTRAP_CODE: 'c0de' }, log: () => undefined });
  as =
    (openid: string) =>
    (action: string, payload: unknown = {}) => {
      cloud.context = { OPENID: openid };
      return api({ action, payload }) as Promise<Answer>;
    };
  const admin = as('o-admin');
  expect(await admin('bootstrap', { code: 'c0de' })).toMatchObject({ ok: true });
  const plan = cloud.putFile('uploads/o-admin/imports/20300101/plan.txt', PLAN);
  expect(await admin('noteUploads', { fileIds: [plan] })).toMatchObject({ ok: true });
  const preview = await admin('importPlan', { fileName: 'plan.txt', fileId: plan });
  await admin('confirmImport', { previewId: preview.data.previewId });
  const invite = await admin('createInvite', { unitId: 'district-furong', role: 'contact' });
  expect(await as('o-furong')('bind', { code: invite.data.code, name: '刘联络' })).toMatchObject({ ok: true });
});

afterEach(() => cloud.close());

let n = 0;
const photo = (openid: string, bytes: number) =>
  cloud.putFile(`uploads/${openid}/photos/20300101/p${++n}.jpg`, Buffer.alloc(bytes, 0xff));

describe('noteUploads on CloudBase', () => {
  it('records the caller’s upload with the size storage serves, its unit and person; a table as a document', async () => {
    const furong = as('o-furong');
    const p = photo('o-furong', 2048);
    expect(await furong('noteUploads', { fileIds: [p] })).toEqual({ ok: true, data: { noted: [p] } });
    const doc = cloud.db.all(C.uploads).find((d) => d.fileId === p);
    expect(doc).toMatchObject({ kind: 'upload', bytes: 2048, unitId: 'district-furong' });
    expect(typeof doc?.userId).toBe('string');
    expect(cloud.db.all(C.uploads).find((d) => String(d.fileId).includes('/imports/'))).toMatchObject({
      kind: 'document',
      bytes: Buffer.byteLength(PLAN),
    });
    // noted again (the app retrying): one record
    await furong('noteUploads', { fileIds: [p] });
    expect(cloud.db.all(C.uploads).filter((d) => d.fileId === p)).toHaveLength(1);
  });

  it('refuses a forged fileID, another person’s, another environment’s and a file not stored, in Chinese', async () => {
    const furong = as('o-furong');
    const theirs = photo('o-admin', 10);
    const elsewhere = photo('o-furong', 10).replace(cloud.env, 'other-env-1a2b');
    const missing = cloud.fileIdOf('uploads/o-furong/photos/20300101/none.jpg');
    const climbing = cloud.putFile('uploads/o-furong/../o-admin/photos/x.jpg', 'x');
    for (const fileId of [theirs, elsewhere, missing, climbing, 'cloud://forged', 'uploads/o-furong/a.jpg']) {
      const r = await furong('noteUploads', { fileIds: [fileId] });
      expect([fileId, r.error?.code]).toEqual([fileId, 'FORBIDDEN']);
      expect(r.error?.message).toMatch(/不是您上传的/);
    }
    expect(cloud.files.has(theirs)).toBe(true);
    expect(cloud.db.all(C.uploads).filter((d) => d.kind === 'upload')).toEqual([]);
  });

  it('holds the server’s quota: the 31st upload in a minute is refused and deleted, as is one over 10 MB', async () => {
    const furong = as('o-furong');
    for (let i = 0; i < 30; i++)
      expect(await furong('noteUploads', { fileIds: [photo('o-furong', 100)] })).toMatchObject({ ok: true });
    const extra = photo('o-furong', 100);
    const r = await furong('noteUploads', { fileIds: [extra] });
    expect(r.error).toEqual({ code: 'RATE_LIMITED', message: '上传次数太多，请 1 分钟后再试。' });
    expect(cloud.files.has(extra)).toBe(false);
    // another person is not held by it; a file over 10 MB is refused and deleted
    const admin = as('o-admin');
    const big = photo('o-admin', 10 * 1024 * 1024 + 1);
    expect((await admin('noteUploads', { fileIds: [big] })).error?.code).toBe('FILE_TOO_LARGE');
    expect(cloud.files.has(big)).toBe(false);
    expect(await admin('noteUploads', { fileIds: [photo('o-admin', 100)] })).toMatchObject({ ok: true });
  });

  it('works in an environment from before the record: the collection is made on the first note', async () => {
    cloud.db.data.delete(C.uploads);
    expect((await as('o-admin')('storageUsage')).data.files.photos).toEqual({ count: 0, bytes: 0 });
    const p = photo('o-furong', 10);
    expect(await as('o-furong')('noteUploads', { fileIds: [p] })).toMatchObject({ ok: true });
    expect(cloud.db.all(C.uploads).map((d) => d.fileId)).toEqual([p]);
  });
});

describe('storage figures and the cleanup on CloudBase', () => {
  it('shows what was recorded, and removes the old orphans only, with deleteFile', async () => {
    const furong = as('o-furong');
    const mine = await furong('listMyTasks');
    const assignmentId = mine.data.items[0].assignmentId;
    const used = photo('o-furong', 300);
    const orphans = [photo('o-furong', 100), photo('o-furong', 100)];
    const young = photo('o-furong', 50);
    expect(await furong('noteUploads', { fileIds: [used, ...orphans, young] })).toMatchObject({ ok: true });
    expect(
      await furong('submitReport', { assignmentId, requestId: 'r1', text: '台账已建立', photos: [used] }),
    ).toMatchObject({ ok: true });
    // the three orphans' notes made 73 hours ago
    for (const d of cloud.db.all(C.uploads).filter((x) => orphans.includes(String(x.fileId)) || x.fileId === used)) {
      cloud.db.table(C.uploads).get(d._id)!.storedAt = new Date(Date.now() - 73 * 3_600_000).toISOString();
    }
    const usage = (await as('o-admin')('storageUsage')).data;
    expect(usage).toMatchObject({
      counted: 'recorded',
      orphans: { due: { count: 2, bytes: 200 }, waiting: { count: 1, bytes: 50 } },
      limits: { maxUploadBytes: 10 * 1024 * 1024, uploadsPerMinute: 30, dailyUploadBytes: 300 * 1024 * 1024 },
    });
    expect(usage.files.photos.count).toBeGreaterThanOrEqual(4);
    expect(usage.files.documents).toEqual({ count: 1, bytes: Buffer.byteLength(PLAN) });

    cloud.context = {};
    const remind = createRemindHandler(cloud, { env: {}, log: () => undefined });
    expect(await remind({ action: 'cleanup' })).toEqual({
      ok: true,
      data: { previews: 0, orphans: 2, orphanBytes: 200 },
    });
    expect(orphans.map((id) => cloud.files.has(id))).toEqual([false, false]);
    expect([cloud.files.has(used), cloud.files.has(young)]).toEqual([true, true]);
    expect(cloud.deleteCalls.map((c) => c.sort())).toEqual([[...orphans].sort()]);
    const after = (await as('o-admin')('storageUsage')).data;
    expect(after.orphans).toEqual({ due: { count: 0, bytes: 0 }, waiting: { count: 1, bytes: 50 } });
    // the report's photo still loads
    const task = await furong('getTask', { taskId: mine.data.items[0].taskId });
    expect(JSON.stringify(task.data)).toContain(used.replace(/^cloud:\/\/[^/]+\//, ''));
  });

  it('runs on the timer’s first pass of each hour', () => {
    expect(cleanupDue('2030-01-01T10:00:00.000Z')).toBe(true);
    expect(cleanupDue('2030-01-01T10:09:59.000Z')).toBe(true);
    expect(cleanupDue('2030-01-01T10:10:00.000Z')).toBe(false);
    expect(cleanupDue('2030-01-01T10:55:00.000Z')).toBe(false);
  });

  it('deletes in calls of at most 50 files and forgets what storage no longer has', async () => {
    const files = new CloudFiles(cloud, { env: cloud.env, db: cloud.db });
    const ids = Array.from({ length: 120 }, (_, i) =>
      cloud.putFile(`uploads/o-furong/photos/20300101/bulk${i}.jpg`, 'x'),
    );
    for (const fileId of ids) {
      await files.notes!.keep({ fileId, kind: 'upload', bytes: 1, storedAt: '2030-01-01T00:00:00.000Z' });
    }
    cloud.files.delete(ids[0]); // gone from storage already
    expect(await files.remove!(ids)).toBe(119);
    expect(cloud.deleteCalls.map((c) => c.length)).toEqual([DELETE_BATCH, DELETE_BATCH, 20]);
    expect(cloud.db.all(C.uploads).filter((d) => String(d.fileId).includes('/bulk'))).toEqual([]);
  });
});
