/**
 * The limits a document to import is read under, in one place for both runtimes (the local server's worker,
 * server/files/planWorker.ts, and the CloudBase function with its 256 MB): checked on the zip itself before exceljs
 * or mammoth read a byte of it, so that a crafted file (a 6 GB member in a 6 MB zip, 50,000 rows with one cell in
 * column XFD) is refused with IMPORT_TOO_LARGE naming the limit, and never reaches a reader that would build it all
 * in memory.
 *
 * What is measured, not believed: every member is inflated as a stream and counted, whatever its header declares,
 * and stopped at the limit; worksheets are scanned for the rows, the highest column actually used (cell references,
 * or the number of cells in a row when they carry none) and the cells; Word documents for table rows and cells.
 */
import type JSZip from 'jszip';
import { importTooLarge } from '../errors';
import type { PlanFile } from './index';

const MB = 1024 * 1024;

export const DOCUMENT_LIMITS = {
  /** The file itself (what an upload or a base64 import may carry). */
  fileBytes: 10 * MB,
  /** Members of the zip. */
  entries: 2_000,
  /** One member, inflated. */
  entryBytes: 48 * MB,
  /** All members together, inflated. */
  totalBytes: 96 * MB,
  /** Rows of a worksheet or lines of a text table (the highest row number counts). */
  rows: 20_000,
  /** The highest column used in a worksheet, or the widest row of a Word table. */
  columns: 200,
  /** Cells of a workbook or of a document's tables. */
  cells: 500_000,
  /** Characters of a text table. */
  textChars: 5_000_000,
  /** The worker that reads a document on the local server: its heap, and how long it may take. */
  workerHeapMb: 768,
  workerMs: 60_000,
} as const;

export type DocumentLimits = typeof DOCUMENT_LIMITS;

const SPLIT = '请删除多余的内容，或把表格拆成几个文件分别导入';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

function columnNumber(letters: string): number {
  let c = 0;
  for (const ch of letters) c = c * 26 + (ch.charCodeAt(0) - 64);
  return c;
}

function columnLetters(c: number): string {
  let s = '';
  for (let x = c; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Counts what a reader would build from one XML member, fed in chunks. */
class XmlScanner {
  rows = 0;
  maxRow = 0;
  cells = 0;
  maxColumn = 0;
  private rowCells = 0;
  private carry = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly kind: 'sheet' | 'word',
    private readonly name: string,
    private readonly limits: DocumentLimits,
  ) {}

  push(chunk: Uint8Array, last = false): void {
    let text = this.carry + this.decoder.decode(chunk, { stream: !last });
    const cut = last ? text.length : text.lastIndexOf('<');
    this.carry = cut < 0 ? '' : text.slice(cut);
    // text with no tag in it carries nothing worth keeping (cell text)
    if (this.carry.length > 64 * 1024) this.carry = '';
    text = cut < 0 ? text : text.slice(0, cut);
    if (this.kind === 'sheet') this.scanSheet(text);
    else this.scanWord(text);
    this.check();
  }

  private scanSheet(text: string): void {
    const re = /<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[1] === 'row') {
        this.rows += 1;
        this.rowCells = 0;
        const r = /\sr="(\d{1,9})"/.exec(m[2]);
        this.maxRow = Math.max(this.maxRow, r ? Number(r[1]) : this.maxRow + 1);
      } else {
        this.cells += 1;
        this.rowCells += 1;
        const r = /\sr="([A-Z]{1,4})\d/.exec(m[2]);
        this.maxColumn = Math.max(this.maxColumn, r ? columnNumber(r[1]) : this.rowCells);
      }
    }
  }

  private scanWord(text: string): void {
    const re = /<w:(tr|tc)\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[1] === 'tr') {
        this.rows += 1;
        this.maxRow += 1;
        this.rowCells = 0;
      } else {
        this.cells += 1;
        this.rowCells += 1;
        this.maxColumn = Math.max(this.maxColumn, this.rowCells);
      }
    }
  }

  private check(): void {
    const L = this.limits;
    const rows = Math.max(this.rows, this.maxRow);
    if (rows > L.rows) {
      throw importTooLarge(
        `行数（「${this.name}」超过 ${n(L.rows)} 行）`,
        '请删除多余的空行（含看不见的空白单元格），或把表格拆成几个文件分别导入',
        { limit: 'rows', max: L.rows },
      );
    }
    if (this.maxColumn > L.columns) {
      const where =
        this.kind === 'sheet'
          ? `用到了第 ${n(this.maxColumn)} 列（${columnLetters(this.maxColumn)} 列）`
          : `一行有 ${n(this.maxColumn)} 格`;
      throw importTooLarge(
        `列数（「${this.name}」${where}，上限 ${L.columns} 列）`,
        '请删除表格右侧多余的列（含看不见的空白单元格）后重新保存，再导入',
        { limit: 'columns', max: L.columns, found: this.maxColumn },
      );
    }
  }
}

/**
 * Refuses (IMPORT_TOO_LARGE) a document over a limit; otherwise returns without having kept anything in memory
 * but the zip's directory. Text files: size, characters and lines. Zips (.xlsx / .docx): members, inflated size per
 * member and in total, and for worksheets and Word documents rows, columns and cells.
 */
export async function checkDocumentLimits(file: PlanFile, limits: DocumentLimits = DOCUMENT_LIMITS): Promise<void> {
  const { bytes } = file;
  if (bytes.length > limits.fileBytes) {
    throw importTooLarge(
      `大小（上限 ${limits.fileBytes / MB} MB）`,
      '请删除多余的工作表、图片，或把表格拆成几个文件分别导入',
      {
        limit: 'fileBytes',
      },
    );
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
  if (!isZip) return checkText(bytes, limits);
  let zip: JSZip;
  try {
    const { default: Zip } = await import('jszip');
    zip = await Zip.loadAsync(bytes);
  } catch {
    return; // not a readable zip: the importer says so in its own words
  }
  const members = Object.values(zip.files).filter((f) => !f.dir);
  if (members.length > limits.entries) {
    throw importTooLarge(
      `压缩包成员数（${n(members.length)} 个，上限 ${n(limits.entries)} 个）`,
      '请在 Excel 或 Word 中另存为新文件后再导入',
      {
        limit: 'entries',
      },
    );
  }
  let total = 0;
  let cells = 0;
  for (const member of members) {
    const declared = (member as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    if (declared > limits.entryBytes) throw memberTooLarge(member.name, limits);
    const kind = /^xl\/worksheets\/[^/]+\.xml$/i.test(member.name)
      ? 'sheet'
      : /^word\/document\d*\.xml$/i.test(member.name)
        ? 'word'
        : null;
    const scanner = kind ? new XmlScanner(kind, member.name.replace(/^.*\//, ''), limits) : null;
    const size = await inflatedSize(member, limits, (chunk) => scanner?.push(chunk));
    scanner?.push(new Uint8Array(0), true);
    total += size;
    if (total > limits.totalBytes) {
      throw importTooLarge(`解压后总大小（上限 ${limits.totalBytes / MB} MB）`, SPLIT, { limit: 'totalBytes' });
    }
    if (scanner) {
      cells += scanner.cells;
      if (cells > limits.cells) {
        throw importTooLarge(`单元格数（超过 ${n(limits.cells)} 个）`, SPLIT, { limit: 'cells', max: limits.cells });
      }
    }
  }
}

function memberTooLarge(name: string, limits: DocumentLimits) {
  return importTooLarge(
    `解压后大小（其中「${name}」超过 ${limits.entryBytes / MB} MB）`,
    '请删除多余的工作表、图片或空行空列，或把表格拆成几个文件分别导入',
    { limit: 'entryBytes', member: name.slice(0, 200) },
  );
}

/** Inflates one member as a stream, counting; stops at the limit (the member is never held whole). */
function inflatedSize(
  member: JSZip.JSZipObject,
  limits: DocumentLimits,
  onChunk: (chunk: Uint8Array) => void,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let size = 0;
    let done = false;
    // the streaming API of JSZip objects (documented, missing from its typings)
    const stream = (
      member as unknown as { internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array> }
    ).internalStream('uint8array');
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      stream.pause();
      reject(e);
    };
    stream.on('data', (chunk: Uint8Array) => {
      if (done) return;
      size += chunk.length;
      if (size > limits.entryBytes) return fail(memberTooLarge(member.name, limits));
      try {
        onChunk(chunk);
      } catch (e) {
        fail(e);
      }
    });
    stream.on('error', () => {
      // a broken member: the importer says so in its own words
      if (!done) {
        done = true;
        resolve(size);
      }
    });
    stream.on('end', () => {
      if (!done) {
        done = true;
        resolve(size);
      }
    });
    stream.resume();
  });
}

function checkText(bytes: Uint8Array, limits: DocumentLimits): void {
  let lines = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lines++;
  if (lines > limits.rows) {
    throw importTooLarge(
      `行数（${n(lines)} 行，上限 ${n(limits.rows)} 行）`,
      '请删除多余的空行，或把表格拆成几个文件分别导入',
      {
        limit: 'rows',
      },
    );
  }
  // UTF-8 takes at least one byte a character: only a long file can have too many
  if (bytes.length > limits.textChars) {
    throw importTooLarge(`字数（上限 ${n(limits.textChars)} 字）`, SPLIT, { limit: 'textChars' });
  }
}
