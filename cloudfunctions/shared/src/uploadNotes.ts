/**
 * The record of what cloud storage holds (issue 13), in the collection `duban_uploads`: one document per file, its
 * `_id` a hash of the fileID (a second note of the same file finds the first). Cloud storage cannot be listed from a
 * function, and the app uploads photos and tables straight to it (`wx.cloud.uploadFile`), so this record is what
 * CloudBase's `Files.list` lists:
 * - uploads the app noted (core/usecases/noteUploads.ts): kind `upload` (a photo) or `document` (a table in the
 *   caller's `imports/` folder), with the person and unit who uploaded it;
 * - the stamped copies and the circulars the functions save themselves (kind `copy` / `export`, no person).
 * A file's size is read from storage, never taken from the app: a HEAD request on its temp URL (what
 * @cloudbase/node-sdk's `getFileInfo` does; wx-server-sdk has no call for it), or, where that does not answer, the
 * downloaded bytes.
 *
 * The collection is created on first use in an environment that predates it (its indexes: collections.ts).
 */
import { createHash } from 'crypto';
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import type { NotedUpload, StoredFile, UploadNotes } from '../../../core/ports/files';
import { errCodeOf, errTextOf, isDuplicateKey, type CloudDatabase, type CloudSdk, type Doc } from './cloud';
import { C } from './collections';
import { chunks, getAll } from './db';

/** A collection that does not exist yet (DATABASE_COLLECTION_NOT_EXIST). */
function isMissingCollection(e: unknown): boolean {
  return errCodeOf(e) === -502005 || /collection not exist/i.test(errTextOf(e));
}

/** The document id of a file's record. */
export function uploadDocId(fileId: string): string {
  return createHash('sha256').update(fileId).digest('hex').slice(0, 40);
}

/** The size a URL's server declares for it (HEAD), or null when it does not answer with one within `timeoutMs`. */
export function headSize(url: string, timeoutMs = 5_000): Promise<number | null> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      resolve(null);
      return;
    }
    const send = u.protocol === 'https:' ? httpsRequest : u.protocol === 'http:' ? httpRequest : null;
    if (!send) {
      resolve(null);
      return;
    }
    const req = send(u, { method: 'HEAD', timeout: timeoutMs }, (res) => {
      res.resume();
      const n = Number(res.headers['content-length']);
      resolve(res.statusCode === 200 && Number.isInteger(n) && n >= 0 ? n : null);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

export type HeadSize = (url: string) => Promise<number | null>;

function toStored(d: Doc): StoredFile {
  return {
    fileId: String(d.fileId),
    kind: d.kind as StoredFile['kind'],
    bytes: Number(d.bytes),
    storedAt: String(d.storedAt),
  };
}

function toNoted(d: Doc): NotedUpload {
  return { ...toStored(d), kind: d.kind as NotedUpload['kind'], userId: String(d.userId), unitId: String(d.unitId) };
}

export class CloudUploadNotes implements UploadNotes {
  constructor(
    private readonly cloud: Pick<CloudSdk, 'getTempFileURL' | 'downloadFile'>,
    private readonly db: CloudDatabase,
    private readonly head: HeadSize = headSize,
  ) {}

  async inspect(fileId: string): Promise<{ kind: NotedUpload['kind']; bytes: number } | null> {
    const res = await this.cloud.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: 600 }] });
    const item = res.fileList.find((f) => f.fileID === fileId);
    if (!item || item.status !== 0 || !item.tempFileURL) return null;
    let bytes = await this.head(item.tempFileURL);
    if (bytes === null) bytes = (await this.cloud.downloadFile({ fileID: fileId })).fileContent.length;
    const kind = /^uploads\/[^/]+\/imports\//.test(fileId.replace(/^cloud:\/\/[^/]+\//, '')) ? 'document' : 'upload';
    return { kind, bytes };
  }

  async get(fileIds: string[]): Promise<NotedUpload[]> {
    const out: NotedUpload[] = [];
    for (const part of chunks([...new Set(fileIds)])) {
      const docs = await this.read(() =>
        getAll(
          this.db
            .collection(C.uploads)
            .where({ _id: this.db.command.in(part.map(uploadDocId)) })
            .orderBy('_id', 'asc'),
        ),
      );
      out.push(...docs.filter((d) => d.userId).map(toNoted));
    }
    return out;
  }

  async since(userId: string, since: string): Promise<NotedUpload[]> {
    const docs = await this.read(() =>
      getAll(
        this.db
          .collection(C.uploads)
          .where({ userId, storedAt: this.db.command.gte(since) })
          .field({ fileId: true, kind: true, bytes: true, storedAt: true, userId: true, unitId: true })
          .orderBy('storedAt', 'asc')
          .orderBy('_id', 'asc'),
      ),
    );
    return docs.map(toNoted);
  }

  async add(notes: NotedUpload[]): Promise<void> {
    for (const n of notes) await this.keep(n);
  }

  /** Records a file (an upload noted, or a copy or circular the function saved); a file kept already stays as it is. */
  async keep(file: StoredFile & { userId?: string; unitId?: string }): Promise<void> {
    const data = { ...file, userId: file.userId ?? null, unitId: file.unitId ?? null };
    const write = () => this.db.collection(C.uploads).add({ data: { _id: uploadDocId(file.fileId), ...data } });
    try {
      await write();
    } catch (e) {
      if (isMissingCollection(e)) {
        await this.db.createCollection(C.uploads).catch(() => undefined); // another instance may have made it
        await write().catch((again: unknown) => {
          if (!isDuplicateKey(again)) throw again;
        });
      } else if (!isDuplicateKey(e)) throw e;
    }
  }

  /** Every file recorded, in `_id` order. */
  async list(): Promise<StoredFile[]> {
    const docs = await this.read(() =>
      getAll(
        this.db
          .collection(C.uploads)
          .field({ fileId: true, kind: true, bytes: true, storedAt: true })
          .orderBy('_id', 'asc'),
      ),
    );
    return docs.map(toStored);
  }

  /** Forgets the records of these files. */
  async forget(fileIds: string[]): Promise<void> {
    for (const part of chunks([...new Set(fileIds)])) {
      await this.read(async () => {
        await this.db
          .collection(C.uploads)
          .where({ _id: this.db.command.in(part.map(uploadDocId)) })
          .remove();
        return [];
      });
    }
  }

  /** A read of a collection that may not exist yet (an environment from before the record): nothing recorded. */
  private async read(run: () => Promise<Doc[]>): Promise<Doc[]> {
    try {
      return await run();
    } catch (e) {
      if (isMissingCollection(e)) return [];
      throw e;
    }
  }
}
