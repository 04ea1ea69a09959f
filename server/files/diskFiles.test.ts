import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DubanError } from '../../core/errors';
import { demoPhoto } from '../demo/png';
import { DiskFiles } from './diskFiles';
import { MAX_UPLOAD_BYTES, sniffImage } from './fileTypes';

const SECRET = 'test-secret-0123456789abcdef';
let dir: string;
let nowMs: number;
let files: DiskFiles;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duban-files-'));
  nowMs = Date.parse('2026-03-01T00:00:00Z');
  files = new DiskFiles({ dir, secret: SECRET, nowMs: () => nowMs });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

function query(url: string): { id: string; exp: string; sig: string } {
  const u = new URL(url, 'http://x');
  return {
    id: u.pathname.split('/').pop() as string,
    exp: u.searchParams.get('exp') ?? '',
    sig: u.searchParams.get('sig') ?? '',
  };
}

async function rejection(p: Promise<unknown>): Promise<DubanError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DubanError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('photos on disk', () => {
  it('are known by their content hash and kept under ab/cdef…', async () => {
    const png = demoPhoto(1);
    const id = await files.savePhoto(png, 'p_contact1');
    expect(id).toBe(createHash('sha256').update(png).digest('hex'));
    expect(readFileSync(join(dir, id.slice(0, 2), id.slice(2)))).toEqual(png);
  });

  it('recognises JPEG, PNG and WebP by their bytes, whatever they are called', async () => {
    expect(sniffImage(jpeg)).toBe('image/jpeg');
    expect(sniffImage(demoPhoto(2))).toBe('image/png');
    expect(sniffImage(webp)).toBe('image/webp');
    expect(sniffImage(Buffer.from('GIF89a……'))).toBeNull();
  });

  it('refuse anything that is not an image with FILE_TYPE (415)', async () => {
    const e = await rejection(files.savePhoto(Buffer.from('<html>not a photo</html>'), 'p_contact1'));
    expect([e.code, e.status]).toEqual(['FILE_TYPE', 415]);
    expect(e.message).toMatch(/JPEG/);
  });

  it('refuse more than 10 MB with FILE_TOO_LARGE (413)', async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1);
    jpeg.copy(big);
    const e = await rejection(files.savePhoto(big, 'p_contact1'));
    expect([e.code, e.status]).toEqual(['FILE_TOO_LARGE', 413]);
  });

  it('belong to whoever uploaded them, and to everyone who uploaded the same bytes', async () => {
    const id = await files.savePhoto(jpeg, 'p_a');
    expect(await files.ownedBy(id, 'p_a')).toBe(true);
    expect(await files.ownedBy(id, 'p_b')).toBe(false);
    await files.savePhoto(jpeg, 'p_b');
    expect(await files.ownedBy(id, 'p_b')).toBe(true);
    expect(await files.ownedBy('not-an-id', 'p_a')).toBe(false);
    expect(await files.ownedBy('0'.repeat(64), 'p_a')).toBe(false);
  });

  it('open through a signed URL until it expires, and not with a forged or missing signature', async () => {
    const id = await files.savePhoto(demoPhoto(3), 'p_a');
    const urls = await files.urls([id, 'f'.repeat(64)]);
    expect(Object.keys(urls)).toEqual([id]);
    const q = query(urls[id]);
    expect(urls[id].startsWith(`/files/${id}?exp=`)).toBe(true);
    const opened = await files.open(q.id, q.exp, q.sig);
    expect(typeof opened === 'object' && opened.meta.contentType).toBe('image/png');
    expect(await files.open(q.id, q.exp, undefined)).toBe('forbidden');
    expect(
      await files.open(
        q.id,
        q.exp,
        q.sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBe('forbidden');
    expect(await files.open(q.id, String(Number(q.exp) + 600), q.sig)).toBe('forbidden');
    nowMs += 2 * 3600 * 1000;
    expect(await files.open(q.id, q.exp, q.sig)).toBe('expired');
  });
});

describe('documents and exports', () => {
  it('accepts a table to import only when its bytes fit its name', async () => {
    const id = await files.saveDocument(Buffer.from('序号\t重点任务\n1\t事项'), '分解表.txt', 'p_admin');
    expect(Buffer.from(await files.read(id)).toString()).toContain('重点任务');
    const e = await rejection(files.saveDocument(Buffer.from('plain text'), '分解表.xlsx', 'p_admin'));
    expect(e.code).toBe('FILE_TYPE');
    const e2 = await rejection(files.saveDocument(Buffer.from([0, 1, 2]), '分解表.exe', 'p_admin'));
    expect(e2.code).toBe('FILE_TYPE');
  });

  it('keeps an export with its download name and a signed URL', async () => {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('workbook')]);
    const { fileId, url } = await files.saveExport('督办情况通报（2026年3月1日）.xlsx', bytes);
    const q = query(url);
    const opened = await files.open(fileId, q.exp, q.sig);
    if (typeof opened !== 'object') throw new Error(`not opened: ${opened}`);
    expect(opened.meta).toMatchObject({ kind: 'export', fileName: '督办情况通报（2026年3月1日）.xlsx' });
    expect(opened.meta.contentType).toMatch(/spreadsheetml/);
  });

  it('reading an unknown file says so in Chinese', async () => {
    const e = await rejection(files.read('../../etc/passwd'));
    expect(e.code).toBe('NOT_FOUND');
  });
});
