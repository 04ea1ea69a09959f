/**
 * Text files: decoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK as Windows saves them)
 * and splitting into rows (tab, comma, semicolon or `|` separated, with quoted cells that may hold line breaks).
 */
import { importFailed, type DubanError } from '../errors';
import type { SourceRow } from './table';
import { findColumns } from './table';

export function unreadable(
  message = '文件无法读取：它不是文本、Excel（.xlsx）或 Word（.docx）文件，请确认文件没有损坏后重新导入。',
): DubanError {
  return importFailed('IMPORT_UNREADABLE', message);
}

export function emptyFile(): DubanError {
  return importFailed('IMPORT_EMPTY', '文件是空的：请确认选择了正确的文件（责任分解表）后重新导入。');
}

function decodeWith(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes a text file, trying UTF-8 first and GB18030 (a superset of GBK) when it is not UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  let text: string | null;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = decodeWith('utf-8', bytes.subarray(3));
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) text = decodeWith('utf-16le', bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = decodeWith('utf-16be', bytes.subarray(2));
  else text = decodeWith('utf-8', bytes) ?? decodeWith('gb18030', bytes);
  if (text === null) throw unreadable();
  text = text.replace(/^\ufeff/, '');
  // Binary files that happen to decode: NUL bytes or many control characters.
  let controls = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0) throw unreadable();
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || c === 0xfffd) controls += 1;
  }
  if (controls > Math.max(2, text.length / 200)) throw unreadable();
  return text;
}

/** Splits text into records on `delimiter`; a cell that starts with `"` may hold delimiters, `""` and line breaks. */
export function splitDelimited(text: string, delimiter: string): SourceRow[] {
  const rows: SourceRow[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let sawDelimiter = false;
    let atCellStart = true;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const ch = text[i];
      if (atCellStart && ch === '"') {
        // quoted cell
        i += 1;
        while (i < n) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (text[i] === '\n') line += 1;
          cell += text[i];
          i += 1;
        }
        atCellStart = false;
        continue;
      }
      if (ch === delimiter) {
        cells.push(cell);
        cell = '';
        sawDelimiter = true;
        atCellStart = true;
        i += 1;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && text[i + 1] === '\n') i += 1;
        i += 1;
        line += 1;
        endOfRecord = true;
        continue;
      }
      cell += ch;
      atCellStart = false;
      i += 1;
    }
    cells.push(cell);
    if (delimiter === '|' && sawDelimiter) {
      // Markdown-style `| a | b |`: drop the empty outer cells and the `|---|---|` rule.
      if (cells[0].trim() === '') cells.shift();
      if (cells.length > 0 && cells[cells.length - 1].trim() === '') cells.pop();
      if (cells.every((c) => /^\s*:?-{2,}:?\s*$/.test(c))) continue;
    }
    rows.push(sawDelimiter ? { cells, line: startLine } : { cells, line: startLine, loose: true });
  }
  return rows;
}

const DELIMITERS = ['\t', ',', ';', '|'];

/** Finds the delimiter whose split gives a header row; null when no line reads as a header. */
export function detectDelimiter(text: string): string | null {
  const lines = text.split(/\r\n|\r|\n/);
  for (const line of lines) {
    for (const d of DELIMITERS) {
      if (!line.includes(d)) continue;
      if (findColumns(line.split(d)) !== null) return d;
    }
  }
  return null;
}
