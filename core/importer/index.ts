/**
 * Importing a responsibility table: whatever the office sent (text, CSV, Excel, Word table, Word prose),
 * the result is one ParsedPlan. The shape is chosen by the file's content, not its name.
 */
import type JSZip from 'jszip';
import type { DirectoryIndex } from '../org/directory';
import type { ParsedPlan } from '../model';
import { readDocx } from './docx';
import { parseProse } from './prose';
import { findColumns, noHeader, parseTableRows } from './table';
import type { ImportOverride, SourceRow } from './table';
import { decodeText, detectDelimiter, emptyFile, splitDelimited, unreadable } from './text';
import { readXlsx } from './xlsx';

export { findColumns } from './table';
export type { ImportOverride } from './table';
export { parseProse } from './prose';

export interface PlanFile {
  fileName: string;
  bytes: Uint8Array;
}

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

export async function parsePlan(
  input: PlanFile,
  dir: DirectoryIndex,
  override: ImportOverride = {},
): Promise<ParsedPlan> {
  const { bytes, fileName } = input;
  if (bytes.length === 0) throw emptyFile();
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    let zip: JSZip;
    try {
      // loaded only when a zip (.xlsx / .docx) comes in, not when the server or the cloud function starts
      const { default: Zip } = await import('jszip');
      zip = await Zip.loadAsync(bytes);
    } catch {
      throw unreadable('文件已损坏，无法打开：请在 Excel 或 Word 中重新保存（.xlsx / .docx）后再导入。');
    }
    if (zip.file('xl/workbook.xml')) return parseWorkbook(bytes, dir, override);
    if (zip.file('word/document.xml')) return parseWordDocument(bytes, dir, override);
    throw unreadable('这个压缩文件不是 Excel（.xlsx）或 Word（.docx）文件：请导入责任分解表本身。');
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw unreadable(
      '这是旧版 Excel（.xls）或 Word（.doc）文件：请在 Excel 或 Word 中“另存为” .xlsx 或 .docx 后重新导入。',
    );
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw unreadable('暂不支持 PDF 文件：请把表格复制到 Excel 并保存为 .xlsx（或另存为 Word 文档）后重新导入。');
  }
  if (/\.(xlsx|docx)$/i.test(fileName)) {
    throw unreadable(`文件名是 ${fileName}，但内容不是 Excel 或 Word 文件（可能已损坏）：请重新保存后再导入。`);
  }
  return parsePlanText(decodeText(bytes), dir, override);
}

/** Text tables (tab, comma, semicolon or `|` separated) and prose 分工方案 given as text. */
export function parsePlanText(text: string, dir: DirectoryIndex, override: ImportOverride = {}): ParsedPlan {
  const clean = text.replace(/^\ufeff/, '');
  if (clean.trim() === '') throw emptyFile();
  const delimiter = detectDelimiter(clean);
  if (delimiter !== null) return parseTableRows(splitDelimited(clean, delimiter), dir, 'table-text', override);
  const lines = clean.split(/\r\n|\r|\n/).map((t, i) => ({ text: t, line: i + 1 }));
  const plan = parseProse(lines, dir, 'prose');
  if (!plan) throw noHeader();
  return plan;
}

async function parseWorkbook(bytes: Uint8Array, dir: DirectoryIndex, override: ImportOverride): Promise<ParsedPlan> {
  let sheets: Awaited<ReturnType<typeof readXlsx>>;
  try {
    sheets = await readXlsx(bytes);
  } catch {
    throw unreadable('Excel 工作簿已损坏，无法读取：请在 Excel 中重新保存为 .xlsx 后再导入。');
  }
  const nonEmpty = sheets.filter((s) => s.rows.some((r) => r.cells.some((c) => c.trim() !== '')));
  if (nonEmpty.length === 0) throw emptyFile();
  const withHeader = nonEmpty.filter((s) => s.rows.some((r) => findColumns(r.cells) !== null));
  if (withHeader.length > 0) {
    const rows: SourceRow[] = withHeader.flatMap((s) => s.rows);
    return parseTableRows(rows, dir, 'xlsx', override);
  }
  const lines = nonEmpty.flatMap((s) =>
    s.rows.map((r) => ({ text: r.cells.filter((c) => c.trim() !== '').join(' '), line: r.line })),
  );
  const plan = parseProse(lines, dir, 'xlsx-prose');
  if (!plan) throw noHeader();
  return plan;
}

async function parseWordDocument(
  bytes: Uint8Array,
  dir: DirectoryIndex,
  override: ImportOverride,
): Promise<ParsedPlan> {
  let content: Awaited<ReturnType<typeof readDocx>>;
  try {
    content = await readDocx(bytes);
  } catch {
    throw unreadable('Word 文档已损坏，无法读取：请在 Word 中重新保存为 .docx 后再导入。');
  }
  if (content.rows.every((r) => r.cells.every((c) => c.trim() === ''))) throw emptyFile();
  if (content.rows.some((r) => !r.loose && findColumns(r.cells) !== null)) {
    return parseTableRows(content.rows, dir, 'docx-table', { looseLines: 'ignore', ...override });
  }
  const plan = parseProse(content.paragraphs, dir, 'docx-prose');
  if (!plan) throw noHeader();
  return plan;
}
