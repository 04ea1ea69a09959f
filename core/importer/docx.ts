/**
 * Word documents (.docx) through mammoth: its HTML keeps tables (with merged cells as rowspan/colspan) and
 * paragraphs in document order. Tables go to the table parser; a document without a task table goes to the
 * prose parser.
 */
import type { ProseLine } from './prose';
import type { SourceRow } from './table';

export interface DocxContent {
  /** Paragraphs and table rows in document order; paragraphs are loose rows with one cell. */
  rows: SourceRow[];
  /** The paragraphs alone (table cells excluded), one per line, for the prose parser. */
  paragraphs: ProseLine[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

interface Cell {
  text: string;
  rowspan: number;
  colspan: number;
}

/** Reads mammoth's HTML into rows: rowspan / colspan cells are repeated into every grid position they cover. */
export function htmlToRows(html: string): DocxContent {
  const rows: SourceRow[] = [];
  const paragraphs: ProseLine[] = [];
  let line = 0;
  let tableDepth = 0;
  let grid: Cell[][] = [];
  let row: Cell[] | null = null;
  let cell: Cell | null = null;
  let block: string | null = null;
  let blockTag = 'p';

  const emitTable = () => {
    const spans: (string | undefined)[][] = [];
    grid.forEach((cells, r) => {
      spans[r] = spans[r] ?? [];
      let c = 0;
      for (const cl of cells) {
        while (spans[r][c] !== undefined) c += 1;
        for (let dr = 0; dr < cl.rowspan; dr += 1) {
          spans[r + dr] = spans[r + dr] ?? [];
          for (let dc = 0; dc < cl.colspan; dc += 1) spans[r + dr][c + dc] = cl.text;
        }
        c += cl.colspan;
      }
    });
    for (let r = 0; r < grid.length; r += 1) {
      line += 1;
      const cells = Array.from(spans[r] ?? [], (t) => t ?? '');
      rows.push({ cells, line });
    }
    grid = [];
  };

  const emitBlock = () => {
    if (block === null) return;
    const t = block.trim();
    block = null;
    if (t === '') return;
    line += 1;
    rows.push({ cells: [t], line, loose: true });
    const paragraph: ProseLine = { text: t, line };
    if (blockTag === 'li') paragraph.listItem = true;
    if (/^h[1-6]$/.test(blockTag)) paragraph.headingLevel = +blockTag[1];
    paragraphs.push(paragraph);
  };

  const re = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  for (const m of html.matchAll(re)) {
    const [, closing, rawTag, attrs, text] = m;
    if (text !== undefined) {
      const t = decodeEntities(text);
      if (cell) cell.text += t;
      else if (block !== null) block += t;
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (tag === 'table') {
      if (closing) {
        tableDepth -= 1;
        if (tableDepth === 0) emitTable();
      } else tableDepth += 1;
      continue;
    }
    if (tableDepth === 1 && tag === 'tr') {
      if (closing) {
        if (row) grid.push(row);
        row = null;
      } else row = [];
      continue;
    }
    if (tableDepth === 1 && (tag === 'td' || tag === 'th')) {
      if (closing) {
        if (row && cell) row.push({ ...cell, text: cell.text.trim() });
        cell = null;
      } else {
        const span = (name: string) => {
          const v = new RegExp(`${name}\\s*=\\s*"?(\\d+)`, 'i').exec(attrs);
          return v ? Math.max(1, +v[1]) : 1;
        };
        cell = { text: '', rowspan: span('rowspan'), colspan: span('colspan') };
      }
      continue;
    }
    if (cell) {
      // paragraphs and line breaks inside a cell separate lines (e.g. one unit per line)
      if ((BLOCK.has(tag) && closing) || tag === 'br') cell.text += '\n';
      continue;
    }
    if (tableDepth > 0) continue;
    if (BLOCK.has(tag)) {
      // a nested list item opens inside its parent's: the parent's text so far is a paragraph of its own
      emitBlock();
      if (!closing) {
        block = '';
        blockTag = tag;
      }
    } else if (tag === 'br' && block !== null) block += '\n';
  }
  return { rows, paragraphs };
}

export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  // mammoth's Node build reads `buffer` (anything JSZip opens, a Uint8Array included); `arrayBuffer` is its browser input.
  const { default: mammoth } = await import('mammoth');
  const { value } = await mammoth.convertToHtml({ buffer: bytes as unknown as Buffer });
  return htmlToRows(value);
}
