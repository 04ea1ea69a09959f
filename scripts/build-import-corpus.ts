/**
 * `npm run build:import-corpus`: writes the three files an office may send for each table-shaped document of the
 * import corpus (core/importer/corpus/<id>/table.json): a text export (`table.txt`, tab separated, as Word or Excel
 * save a table as text: a merged cell is written once, its continuation cells empty), an Excel workbook
 * (`table.xlsx`, exceljs, merged cells as merges) and a Word document (`table.docx`, docx, merged cells as vertical
 * merges). The files are committed; run this again after editing a table.json (a file is rewritten only when its
 * source is newer, or with `--force`: workbooks and Word files carry their build time, so an unneeded rewrite
 * changes committed bytes).
 *
 * table.json: `before` (the lines above the table: title, notes), `header` (the header row's cells) and `rows`
 * (each cell a string, or null for a cell merged with the one above it).
 *
 * A prose document (`source.txt`) is also written as a Word document (`source.docx`), one paragraph per line.
 */
import { readdirSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';

export interface CorpusTable {
  before: string[];
  header: string[];
  rows: (string | null)[][];
}

export const CORPUS_DIR = join(__dirname, '..', 'core', 'importer', 'corpus');

function quoteCell(c: string): string {
  return /[\t\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
}

export function tableText(t: CorpusTable): string {
  const lines = [...t.before, t.header.join('\t'), ...t.rows.map((r) => r.map((c) => quoteCell(c ?? '')).join('\t'))];
  return `${lines.join('\r\n')}\r\n`;
}

/** How many rows the cell at (r, c) spans: itself and the null cells under it. */
function spanBelow(rows: (string | null)[][], r: number, c: number): number {
  let n = 1;
  while (r + n < rows.length && rows[r + n][c] === null) n += 1;
  return n;
}

export async function tableWorkbook(t: CorpusTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  const width = t.header.length;
  let at = 1;
  for (const line of t.before) {
    ws.getCell(at, 1).value = line;
    if (width > 1) ws.mergeCells(at, 1, at, width);
    at += 1;
  }
  t.header.forEach((h, c) => (ws.getCell(at, c + 1).value = h));
  at += 1;
  const first = at;
  t.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === null) return;
      const excelCell = ws.getCell(first + r, c + 1);
      excelCell.value = cell;
      excelCell.alignment = { wrapText: true, vertical: 'middle' };
      const span = spanBelow(t.rows, r, c);
      if (span > 1) ws.mergeCells(first + r, c + 1, first + r + span - 1, c + 1);
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cellParagraphs = (text: string) => text.split('\n').map((l) => new Paragraph({ children: [new TextRun(l)] }));

export async function tableDocument(t: CorpusTable): Promise<Buffer> {
  const rows = [
    new TableRow({ tableHeader: true, children: t.header.map((h) => new TableCell({ children: cellParagraphs(h) })) }),
    ...t.rows.map(
      (row, r) =>
        new TableRow({
          children: row.flatMap((cell, c) =>
            cell === null ? [] : [new TableCell({ children: cellParagraphs(cell), rowSpan: spanBelow(t.rows, r, c) })],
          ),
        }),
    ),
  ];
  const doc = new Document({
    sections: [
      {
        children: [
          ...t.before.map(
            (line, i) =>
              new Paragraph({
                alignment: i === t.before.length - 1 ? AlignmentType.CENTER : AlignmentType.LEFT,
                children: [new TextRun(line)],
              }),
          ),
          new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export async function proseDocument(text: string): Promise<Buffer> {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const doc = new Document({
    sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }],
  });
  return Packer.toBuffer(doc);
}

const force = process.argv.includes('--force');

/** Writes `target` from `source` when it is missing or older than its source (or with --force). */
async function build(source: string, target: string, make: () => Promise<Buffer | string>): Promise<boolean> {
  if (!force && existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) return false;
  writeFileSync(target, await make());
  return true;
}

async function main(): Promise<void> {
  for (const id of readdirSync(CORPUS_DIR).sort()) {
    const written: string[] = [];
    const prose = join(CORPUS_DIR, id, 'source.txt');
    if (existsSync(prose)) {
      const target = join(CORPUS_DIR, id, 'source.docx');
      if (await build(prose, target, () => proseDocument(readFileSync(prose, 'utf8')))) written.push('source.docx');
    }
    const spec = join(CORPUS_DIR, id, 'table.json');
    if (existsSync(spec)) {
      const t = JSON.parse(readFileSync(spec, 'utf8')) as CorpusTable;
      const out = (name: string) => join(CORPUS_DIR, id, name);
      if (await build(spec, out('table.txt'), async () => tableText(t))) written.push('table.txt');
      if (await build(spec, out('table.xlsx'), () => tableWorkbook(t))) written.push('table.xlsx');
      if (await build(spec, out('table.docx'), () => tableDocument(t))) written.push('table.docx');
    }
    console.log(`${id}: ${written.length > 0 ? written.join(', ') : 'up to date'}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
