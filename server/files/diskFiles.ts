/**
 * Files on disk under their SHA-256 content hash (`<dir>/ab/cdef…`), with a small JSON sidecar for the
 * content type and download name, and an owners list: who uploaded it (a submitted photo must be the
 * caller's own). URLs are signed with the server secret and expire; only use cases that let the caller see
 * a report hand them out.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { emptyFile, fileType, notFound } from '../../core/errors';
import type { Files, StoredFile } from '../../core/ports/files';
import { uploadTooLarge as tooLarge } from '../../core/usecases/uploadQuota';
import { signFile, verifyFileSignature } from '../auth/tokens';
import { carriesMarkup, DOCX_TYPE, MAX_UPLOAD_BYTES, sniffDocument, sniffImage, XLSX_TYPE } from './fileTypes';

export type StoredKind = 'photo' | 'document' | 'export';

export interface StoredFileMeta {
  kind: StoredKind;
  contentType: string;
  size: number;
  /** Download name (exports, documents). */
  fileName: string | null;
}

export interface DiskFilesOptions {
  dir: string;
  secret: string;
  /** How long a handed-out URL stays valid. Default one hour. */
  urlTtlSeconds?: number;
  /** Prefix for URLs ('' for same-origin paths such as `/files/…`; `https://host` for the mini program). */
  baseUrl?: string;
  /** Milliseconds since the epoch (tests move it). */
  nowMs?: () => number;
}

const ID_RE = /^[0-9a-f]{64}$/;

export function isFileId(value: string): boolean {
  return ID_RE.test(value);
}

export class DiskFiles implements Files {
  readonly dir: string;
  private readonly secret: string;
  private readonly ttl: number;
  private readonly baseUrl: string;
  private readonly nowMs: () => number;

  constructor(options: DiskFilesOptions) {
    this.dir = options.dir;
    this.secret = options.secret;
    this.ttl = options.urlTtlSeconds ?? 3600;
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.nowMs = options.nowMs ?? Date.now;
  }

  private pathOf(fileId: string): string {
    return join(this.dir, fileId.slice(0, 2), fileId.slice(2));
  }

  /** A report photo: JPEG, PNG or WebP by content, at most 10 MB. Returns its id. */
  async savePhoto(bytes: Uint8Array, principal: string): Promise<string> {
    if (bytes.length > MAX_UPLOAD_BYTES) throw tooLarge();
    if (bytes.length === 0) throw emptyFile('photo');
    const type = sniffImage(bytes);
    if (!type) throw fileType('只能上传 JPEG、PNG 或 WebP 格式的照片，请重新选择。');
    if (carriesMarkup(bytes)) throw fileType('这张照片里夹带了网页代码，请用相机或相册重新选择原图上传。');
    return this.store(bytes, { kind: 'photo', contentType: type, size: bytes.length, fileName: null }, principal);
  }

  /** A photo's stamped display copy (JPEG, made by the server): owned by nobody, so it cannot be submitted. */
  async savePhotoCopy(bytes: Uint8Array): Promise<string> {
    return this.store(bytes, { kind: 'photo', contentType: 'image/jpeg', size: bytes.length, fileName: null }, null);
  }

  /** A document to import (.xlsx, .docx, .txt, .csv), at most 10 MB. Returns its id. */
  async saveDocument(bytes: Uint8Array, fileName: string, principal: string): Promise<string> {
    if (bytes.length > MAX_UPLOAD_BYTES) throw tooLarge();
    if (bytes.length === 0) throw emptyFile('document');
    const type = sniffDocument(fileName, bytes);
    if (!type) {
      throw fileType('只能导入 .xlsx、.docx、.txt 或 .csv 文件，且内容须与扩展名一致。');
    }
    const name = safeFileName(fileName);
    return this.store(bytes, { kind: 'document', contentType: type, size: bytes.length, fileName: name }, principal);
  }

  private async store(bytes: Uint8Array, meta: StoredFileMeta, principal: string | null): Promise<string> {
    const fileId = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(fileId);
    await fs.mkdir(join(this.dir, fileId.slice(0, 2)), { recursive: true });
    if (!(await exists(path))) {
      // Write then rename: a reader never sees half a file, and two equal uploads end in the same bytes.
      const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, path);
    }
    const metaTmp = `${path}.json.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(metaTmp, JSON.stringify(meta));
    await fs.rename(metaTmp, `${path}.json`);
    if (principal) await fs.appendFile(`${path}.owners`, `${principal}\n`);
    return fileId;
  }

  async meta(fileId: string): Promise<StoredFileMeta | null> {
    if (!isFileId(fileId)) return null;
    try {
      return JSON.parse(await fs.readFile(`${this.pathOf(fileId)}.json`, 'utf8')) as StoredFileMeta;
    } catch {
      return null;
    }
  }

  async ownedBy(fileId: string, principal: string): Promise<boolean> {
    if (!isFileId(fileId)) return false;
    try {
      const owners = await fs.readFile(`${this.pathOf(fileId)}.owners`, 'utf8');
      return owners.split('\n').includes(principal);
    } catch {
      return false;
    }
  }

  /** The signed URL for one file, valid for the configured time. */
  urlFor(fileId: string): string {
    // Expiry rounded up to 10 minutes, so that a page reloaded soon after gets the same (cacheable) URL.
    const exp = Math.ceil((this.nowMs() / 1000 + this.ttl) / 600) * 600;
    return `${this.baseUrl}/files/${fileId}?exp=${exp}&sig=${signFile(this.secret, fileId, exp)}`;
  }

  async urls(fileIds: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const id of fileIds) {
      if (isFileId(id) && (await exists(this.pathOf(id)))) out[id] = this.urlFor(id);
    }
    return out;
  }

  async read(fileId: string): Promise<Uint8Array> {
    if (isFileId(fileId)) {
      try {
        return new Uint8Array(await fs.readFile(this.pathOf(fileId)));
      } catch {
        // fall through
      }
    }
    throw notFound('这个文件', undefined, '请重新上传');
  }

  async saveExport(fileName: string, bytes: Uint8Array): Promise<{ fileId: string; url: string }> {
    const lower = fileName.toLowerCase();
    const contentType = lower.endsWith('.xlsx')
      ? XLSX_TYPE
      : lower.endsWith('.docx')
        ? DOCX_TYPE
        : 'application/octet-stream';
    const fileId = await this.store(
      bytes,
      { kind: 'export', contentType, size: bytes.length, fileName: safeFileName(fileName) },
      null,
    );
    return { fileId, url: this.urlFor(fileId) };
  }

  /**
   * Every stored file (core/ports/files.ts `list`): its kind from the sidecar — a photo with an owners list is an
   * upload, one without is a stamped copy — its size, and when it was last stored (the owners list is appended to on
   * every upload of the same bytes, so an equal photo uploaded again is new again).
   */
  async list(): Promise<StoredFile[]> {
    const out: StoredFile[] = [];
    let shards: string[];
    try {
      shards = (await fs.readdir(this.dir)).filter((d) => /^[0-9a-f]{2}$/.test(d));
    } catch {
      return out;
    }
    for (const shard of shards) {
      for (const name of await fs.readdir(join(this.dir, shard))) {
        const fileId = shard + name;
        if (!isFileId(fileId)) continue;
        const meta = await this.meta(fileId);
        if (!meta) continue;
        const path = this.pathOf(fileId);
        const owners = await fs.stat(`${path}.owners`).catch(() => null);
        const stat = owners ?? (await fs.stat(path).catch(() => null));
        if (!stat) continue;
        const kind = meta.kind === 'photo' ? (owners ? 'upload' : 'copy') : meta.kind;
        out.push({ fileId, kind, bytes: meta.size, storedAt: stat.mtime.toISOString() });
      }
    }
    return out;
  }

  /** Deletes files with their sidecars (the cleanup's orphan uploads); how many existed. */
  async remove(fileIds: string[]): Promise<number> {
    let removed = 0;
    for (const fileId of fileIds) {
      if (!isFileId(fileId)) continue;
      const path = this.pathOf(fileId);
      if (await exists(path)) removed += 1;
      await Promise.all([path, `${path}.json`, `${path}.owners`].map((p) => fs.rm(p, { force: true })));
    }
    return removed;
  }

  /**
   * The file a signed URL points at, or why not: 'expired', 'forbidden' (bad or missing signature),
   * 'missing'.
   */
  async open(
    fileId: string,
    exp: string | undefined,
    sig: string | undefined,
  ): Promise<{ path: string; meta: StoredFileMeta } | 'expired' | 'forbidden' | 'missing'> {
    if (!isFileId(fileId)) return 'missing';
    if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return 'forbidden';
    if (!verifyFileSignature(this.secret, fileId, Number(exp), sig)) return 'forbidden';
    if (Number(exp) * 1000 < this.nowMs()) return 'expired';
    const meta = await this.meta(fileId);
    if (!meta || !(await exists(this.pathOf(fileId)))) return 'missing';
    return { path: this.pathOf(fileId), meta };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

/** A download name without path separators or control characters. */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f/\\]/g, '').trim();
  return cleaned.slice(-120) || 'file';
}
