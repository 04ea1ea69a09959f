/**
 * The Files port on CloudBase storage.
 *
 * Upload path scheme: the app uploads with `Taro.cloud.uploadFile({ cloudPath: 'uploads/<OPENID>/<folder>/…' })`
 * (the `api` function tells a caller its prefix: action `uploadPrefix`), so a fileID reads
 * `cloud://<env>.<bucket>/uploads/<OPENID>/photos/20260331/k3x9….jpg`. A submitted fileID is the caller's own
 * when it is in this environment, its path starts with `uploads/<caller's OPENID>/` (no `..`), and the file exists.
 * Exports (circulars) go to `exports/<YYYYMMDD>/…` through `cloud.uploadFile`.
 * Temp URLs come from `cloud.getTempFileURL`, at most 50 files a call; they are never stored.
 * With a database (`options.db`), what storage holds is recorded (uploadNotes.ts: uploads the app noted, the copies and
 * circulars saved here), which is what `list` lists, and `remove` deletes with `cloud.deleteFile`, 50 at a time.
 */
import type { Files, StoredFile } from '../../../core/ports/files';
import type { CloudDatabase, CloudSdk } from './cloud';
import { CloudUploadNotes, type HeadSize } from './uploadNotes';

export const TEMP_URL_BATCH = 50;

export interface ParsedFileId {
  env: string;
  bucket: string;
  path: string;
}

/** `cloud://<env>.<bucket>/<path>` → its parts, or null. */
export function parseFileId(fileId: string): ParsedFileId | null {
  const m = /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/.exec(fileId);
  if (!m) return null;
  return { env: m[1], bucket: m[2], path: m[3] };
}

/**
 * A file name as a cloud storage path segment: only what CloudBase documents for object keys (letters, digits,
 * `-`, `!`, `_`, `.`, `*`, and Chinese characters) is kept, any run of anything else becomes one `_`; at most 80
 * characters, keeping the end (the extension); never empty, never only dots.
 */
export function cloudFileName(fileName: string): string {
  const kept = fileName
    .replace(/[^0-9A-Za-z\-!_.*\u3400-\u9fff]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/_+/g, '_')
    .replace(/^[_.]+/, '');
  const cut = Array.from(kept).slice(-80).join('');
  return /[^.]/.test(cut) ? cut : 'export';
}

/** The folder a caller uploads into. */
export function uploadPrefix(openid: string): string {
  return `uploads/${openid}/`;
}

export interface CloudFilesOptions {
  /** The environment id (getWXContext().ENV); fileIDs of other environments are refused. */
  env?: string;
  /** How long temp URLs stay valid, seconds. */
  maxAgeSeconds?: number;
  /** Today's date for export folders (YYYYMMDD) and a random part for names. */
  stamp?: () => { day: string; random: string };
  /** The database the record of stored files is kept in (uploadNotes.ts); without it nothing is listed. */
  db?: CloudDatabase;
  /** How a temp URL's size is read (default: a HEAD request). */
  head?: HeadSize;
}

/** What `cloud.deleteFile` takes at most in one call. */
export const DELETE_BATCH = 50;

function defaultStamp(): { day: string; random: string } {
  const now = new Date(Date.now() + 8 * 3600_000); // Beijing calendar day for the folder name
  return {
    day: now.toISOString().slice(0, 10).replace(/-/g, ''),
    random: Math.random().toString(36).slice(2, 10),
  };
}

export class CloudFiles implements Files {
  readonly notes?: CloudUploadNotes;
  readonly listsRecordedOnly?: boolean;
  readonly list?: () => Promise<StoredFile[]>;
  readonly remove?: (fileIds: string[]) => Promise<number>;

  constructor(
    private readonly cloud: Pick<CloudSdk, 'getTempFileURL' | 'downloadFile' | 'uploadFile' | 'deleteFile'>,
    private readonly options: CloudFilesOptions = {},
  ) {
    if (options.db) {
      const notes = new CloudUploadNotes(cloud, options.db, options.head);
      this.notes = notes;
      this.listsRecordedOnly = true;
      this.list = () => notes.list();
      this.remove = (fileIds) => this.deleteAll(fileIds, notes);
    }
  }

  /** Records a file the function saved (a copy, a circular); a failure costs the figures only, never the save. */
  private async record(file: StoredFile): Promise<void> {
    await this.notes?.keep(file).catch(() => undefined);
  }

  /** Deletes files from storage, 50 a call, and forgets their records; how many storage deleted. */
  private async deleteAll(fileIds: string[], notes: CloudUploadNotes): Promise<number> {
    let deleted = 0;
    const ids = [...new Set(fileIds)].filter((id) => parseFileId(id) !== null);
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      const batch = ids.slice(i, i + DELETE_BATCH);
      const res = await this.cloud.deleteFile({ fileList: batch });
      const gone = res.fileList.filter((f) => f.status === 0).map((f) => f.fileID);
      deleted += gone.length;
      // a file storage no longer has is forgotten too; one it failed to delete stays for the next pass
      const missing = res.fileList.filter((f) => f.status !== 0 && /NONEXIST|not exist/i.test(f.errMsg ?? ''));
      await notes.forget([...gone, ...missing.map((f) => f.fileID)]);
    }
    return deleted;
  }

  async ownedBy(fileId: string, principal: string): Promise<boolean> {
    const f = parseFileId(fileId);
    if (!f || !principal) return false;
    if (this.options.env && f.env !== this.options.env) return false;
    if (!f.path.startsWith(uploadPrefix(principal))) return false;
    if (f.path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return false;
    const urls = await this.urls([fileId]);
    return fileId in urls;
  }

  async urls(fileIds: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const ids = [...new Set(fileIds)].filter((id) => parseFileId(id) !== null);
    const maxAge = this.options.maxAgeSeconds ?? 2 * 3600;
    for (let i = 0; i < ids.length; i += TEMP_URL_BATCH) {
      const batch = ids.slice(i, i + TEMP_URL_BATCH);
      const res = await this.cloud.getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge })) });
      for (const item of res.fileList) {
        if (item.status === 0 && item.tempFileURL) out[item.fileID] = item.tempFileURL;
      }
    }
    return out;
  }

  async read(fileId: string): Promise<Uint8Array> {
    const res = await this.cloud.downloadFile({ fileID: fileId });
    return new Uint8Array(res.fileContent);
  }

  /** A stamped display copy goes to `stamped/<YYYYMMDD>/…`, outside every caller's upload folder. */
  async savePhotoCopy(bytes: Uint8Array): Promise<string> {
    const { day, random } = (this.options.stamp ?? defaultStamp)();
    const res = await this.cloud.uploadFile({
      cloudPath: `stamped/${day}/${random}.jpg`,
      fileContent: Buffer.from(bytes),
    });
    await this.record({
      fileId: res.fileID,
      kind: 'copy',
      bytes: bytes.length,
      storedAt: new Date().toISOString(),
    });
    return res.fileID;
  }

  async saveExport(fileName: string, bytes: Uint8Array): Promise<{ fileId: string; url: string }> {
    const { day, random } = (this.options.stamp ?? defaultStamp)();
    const safe = cloudFileName(fileName);
    const res = await this.cloud.uploadFile({
      cloudPath: `exports/${day}/${random}-${safe}`,
      fileContent: Buffer.from(bytes),
    });
    await this.record({
      fileId: res.fileID,
      kind: 'export',
      bytes: bytes.length,
      storedAt: new Date().toISOString(),
    });
    const urls = await this.urls([res.fileID]);
    return { fileId: res.fileID, url: urls[res.fileID] ?? '' };
  }
}
