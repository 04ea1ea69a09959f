/**
 * noteUploads: the rule on the real store's test world. The record of uploads is CloudBase's (Files.notes, tested on
 * the cloud double in cloudfunctions/shared/src/uploadNotes.test.ts); here a record in memory stands in for it, so
 * what the use case decides (whose files, the quota, sizes, a second note) is tested on its own.
 */
import type { Files, NotedUpload, UploadNotes } from '../ports/files';
import { expectError, useWorld } from '../testing/world';
import { UPLOADS_PER_MINUTE } from './uploadQuota';

const {
  w,
  plan,
  users: { furong, tianxin, viewer },
} = useWorld({
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    tianxin: ['district-tianxin', 'contact', '天心联络员'],
    viewer: ['city-ducha', 'viewer', '陈领导'],
  },
});

const MB = 1024 * 1024;

/** Notes in memory, over the world's files (sizes as put there); `removed` records what the use case deleted. */
function withNotes(): { kept: NotedUpload[]; removed: string[] } {
  const kept: NotedUpload[] = [];
  const removed: string[] = [];
  const sizes = new Map<string, number>();
  const files = w.rt.files as Files & { sizes?: Map<string, number> };
  const notes: UploadNotes = {
    async inspect(fileId) {
      const bytes = sizes.get(fileId);
      return bytes === undefined ? null : { kind: fileId.includes('/imports/') ? 'document' : 'upload', bytes };
    },
    async get(ids) {
      return kept.filter((n) => ids.includes(n.fileId));
    },
    async since(userId, since) {
      return kept.filter((n) => n.userId === userId && n.storedAt >= since);
    },
    async add(list) {
      kept.push(...list);
    },
  };
  files.notes = notes;
  files.remove = async (ids) => {
    removed.push(...ids);
    return ids.length;
  };
  files.sizes = sizes;
  return { kept, removed };
}

let n = 0;
function upload(who: { principal: string }, bytes: number, folder = 'photos'): string {
  const id = w.files.put(`uploads/${who.principal}/${folder}/${++n}.jpg`, who.principal);
  (w.rt.files as Files & { sizes?: Map<string, number> }).sizes?.set(id, bytes);
  return id;
}

describe('noteUploads', () => {
  it('on a runtime that sees its uploads (the local server) only checks that the files are the caller’s', async () => {
    const mine = upload(furong, 10);
    expect(await w.call(furong, 'noteUploads', { fileIds: [mine, mine] })).toEqual({ noted: [mine] });
    expect((await expectError(w.call(tianxin, 'noteUploads', { fileIds: [mine] }), 'FORBIDDEN')).message).toMatch(
      /不是您上传的/,
    );
    await expectError(w.call(furong, 'noteUploads', { fileIds: ['cloud://forged/uploads/x.jpg'] }), 'FORBIDDEN');
    await expectError(w.call(viewer, 'noteUploads', { fileIds: [mine] }), 'FORBIDDEN');
    await expectError(w.call(furong, 'noteUploads', { fileIds: [] }), 'BAD_INPUT');
  });

  it('records each upload with its real size, kind and owner, once', async () => {
    const { kept } = withNotes();
    const photo = upload(furong, 2 * MB);
    const table = upload(furong, 1000, 'imports');
    expect(await w.call(furong, 'noteUploads', { fileIds: [photo, table] })).toEqual({ noted: [photo, table] });
    expect(kept).toEqual([
      {
        fileId: photo,
        kind: 'upload',
        bytes: 2 * MB,
        storedAt: w.clock.now(),
        userId: furong.id,
        unitId: furong.unitId,
      },
      {
        fileId: table,
        kind: 'document',
        bytes: 1000,
        storedAt: w.clock.now(),
        userId: furong.id,
        unitId: furong.unitId,
      },
    ]);
    // the app retrying: not recorded or counted again
    w.clock.advanceMinutes(5);
    await w.call(furong, 'noteUploads', { fileIds: [photo] });
    expect(kept).toHaveLength(2);
  });

  it('refuses another person’s file before recording anything', async () => {
    const { kept } = withNotes();
    const mine = upload(furong, 10);
    const theirs = upload(tianxin, 10);
    expect(
      (await expectError(w.call(furong, 'noteUploads', { fileIds: [mine, theirs] }), 'FORBIDDEN')).message,
    ).toMatch(/不是您上传的/);
    expect(kept).toEqual([]);
  });

  it('holds the per-minute quota of the server: over it the fresh files are deleted and the call refused', async () => {
    const { kept, removed } = withNotes();
    for (let i = 0; i < UPLOADS_PER_MINUTE; i++) await w.call(furong, 'noteUploads', { fileIds: [upload(furong, 1)] });
    const extra = upload(furong, 1);
    expect((await expectError(w.call(furong, 'noteUploads', { fileIds: [extra] }), 'RATE_LIMITED')).message).toMatch(
      /请 1 分钟后再试/,
    );
    expect(removed).toEqual([extra]);
    expect(kept).toHaveLength(UPLOADS_PER_MINUTE);
    // another person is not held by it, and a minute later the same person may go on
    await w.call(tianxin, 'noteUploads', { fileIds: [upload(tianxin, 1)] });
    w.clock.advanceMinutes(1.5);
    await w.call(furong, 'noteUploads', { fileIds: [upload(furong, 1)] });
  });

  it('holds the daily bytes (300 MB a Beijing day) and the 10 MB a file', async () => {
    const { removed } = withNotes();
    for (let i = 0; i < 30; i++) {
      await w.call(furong, 'noteUploads', { fileIds: [upload(furong, 10 * MB)] });
      w.clock.advanceMinutes(1);
    }
    const over = upload(furong, 1);
    expect((await expectError(w.call(furong, 'noteUploads', { fileIds: [over] }), 'RATE_LIMITED')).message).toMatch(
      /今天上传已超过 300 MB/,
    );
    const big = upload(tianxin, 10 * MB + 1);
    expect((await expectError(w.call(tianxin, 'noteUploads', { fileIds: [big] }), 'FILE_TOO_LARGE')).message).toMatch(
      /10 MB/,
    );
    const empty = upload(tianxin, 0);
    expect((await expectError(w.call(tianxin, 'noteUploads', { fileIds: [empty] }), 'FILE_TYPE')).message).toMatch(
      /空的/,
    );
    expect(removed).toEqual([over, big, empty]);
    // the next Beijing day starts again
    w.clock.advanceDays(1);
    await w.call(furong, 'noteUploads', { fileIds: [upload(furong, 1)] });
  });

  it('submitReport takes a photo that was never noted (an older app, an old draft) and notes it, without the quota', async () => {
    const { kept } = withNotes();
    const noted = upload(furong, 10);
    await w.call(furong, 'noteUploads', { fileIds: [noted] });
    const legacy = upload(furong, 20);
    const assignmentId = plan.a['t1:district-furong'];
    const { report } = await w.call(furong, 'submitReport', {
      assignmentId,
      requestId: 'r1',
      text: '已完成台账',
      photos: [noted, legacy],
    });
    expect(report.photos).toHaveLength(2);
    expect(kept.map((k) => [k.fileId, k.bytes, k.userId])).toEqual([
      [noted, 10, furong.id],
      [legacy, 20, furong.id],
    ]);
    // someone else's photo is refused as before, and nothing is noted for it
    const theirs = upload(tianxin, 5);
    await expectError(
      w.call(furong, 'submitReport', { assignmentId, requestId: 'r2', text: '代报', photos: [theirs] }),
      'FORBIDDEN',
    );
    expect(kept).toHaveLength(2);
  });
});
