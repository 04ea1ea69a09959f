/**
 * The demo's circular, both files, rendered through LibreOffice to PDF (`soffice --headless --convert-to pdf`) as an
 * office would print them: page counts within bounds, and no text outside the page's text block (pdftotext -bbox
 * gives each word's box). The annex is also checked cell by cell: no unwrapped text wider than its column, no
 * wrapped text taller than its row.
 *
 * LibreOffice (libreoffice-writer, libreoffice-calc) and pdftotext (poppler-utils) come from Debian; CI installs
 * them (.ci/run) and sets CI=1, where their absence fails this test. On a machine without them it says so and skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { wrappedLines } from '../../core/usecases/exportCircular';

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'duban.js');

function has(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

const missing = ['soffice', 'pdftotext'].filter((b) => !has(b));
const inCi = !!process.env.CI;
if (missing.length && !inCi) {
  console.warn(
    `跳过 LibreOffice 渲染测试：本机没有 ${missing.join('、')}（Debian：libreoffice-writer libreoffice-calc poppler-utils）。`,
  );
}
const describeRender = missing.length && !inCi ? describe.skip : describe;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'duban-pdf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[], timeout = 180_000): string {
  return execFileSync(cmd, args, {
    cwd: dir,
    encoding: 'utf8',
    timeout,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, HOME: dir },
  });
}

interface Word {
  page: number;
  pageWidth: number;
  xMin: number;
  xMax: number;
  text: string;
}

/** Every word of a PDF with its box, from `pdftotext -bbox`. */
function words(pdf: string): { pages: number; words: Word[]; text: string[] } {
  const html = run('pdftotext', ['-bbox', pdf, '-']);
  const out: Word[] = [];
  const pages = [...html.matchAll(/<page width="([\d.]+)" height="[\d.]+">([\s\S]*?)<\/page>/g)];
  pages.forEach((p, i) => {
    for (const m of p[2].matchAll(
      /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
    )) {
      out.push({ page: i + 1, pageWidth: Number(p[1]), xMin: Number(m[1]), xMax: Number(m[2]), text: m[3] });
    }
  });
  const text = pages.map((_, i) => run('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']));
  return { pages: pages.length, words: out, text };
}

describeRender('the demo circular printed through LibreOffice', () => {
  jest.setTimeout(300_000);

  it('has LibreOffice and pdftotext (CI installs them)', () => {
    expect(missing).toEqual([]);
  });

  it('renders the Word circular on A4 within its margins, in a few pages', () => {
    const db = join(dir, 'demo.db');
    run(process.execPath, [BIN, 'demo', '--db', db]);
    run(process.execPath, [BIN, 'export', '--out', join(dir, 'circular.docx'), '--db', db]);
    run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'circular.docx')]);
    const { pages, words: ws, text } = words(join(dir, 'circular.pdf'));
    console.log(`Word 通报：${pages} 页`);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(12);
    expect(text[0]).toContain('督查通报');
    expect(text[0]).toContain('第1期');
    expect(text[0].replace(/\s+/g, '')).toMatch(/截至\d{4}年\d{1,2}月\d{1,2}日，全市32项任务中，已办结\d+项/);
    // the text block is 28 mm from the left and 26 mm from the right edge (1 mm = 2.835 pt); 3 pt of slack
    const left = 28 * 2.835 - 3;
    // Word and LibreOffice let a closing punctuation mark hang past the right margin (标点悬挂), one character at most
    const hangs = (w: Word, right: number) => /[，。、；：！？”’）》]$/.test(w.text) && w.xMax - right <= 17;
    for (const w of ws) {
      const right = w.pageWidth - 26 * 2.835 + 3;
      if (w.xMin < left || (w.xMax > right && !hangs(w, right))) {
        throw new Error(`「${w.text}」在第${w.page}页超出版心（${w.xMin}–${w.xMax}）`);
      }
    }
    // no figure broken over two lines (a column too narrow for "29.2%")
    expect(ws.filter((w) => /^%$|^\d+\.$/.test(w.text))).toEqual([]);
  });

  it('renders the Excel annex on A4 landscape pages, every cell within its column and row', async () => {
    const db = join(dir, 'demo.db');
    const xlsx = join(dir, 'annex.xlsx');
    run(process.execPath, [BIN, 'export', '--out', xlsx, '--db', db]);
    run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx]);
    const { pages, words: ws } = words(join(dir, 'annex.pdf'));
    console.log(`Excel 附表：${pages} 页`);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(24);
    for (const w of ws) {
      if (w.xMin < 0 || w.xMax > w.pageWidth) throw new Error(`「${w.text}」在第${w.page}页超出纸面`);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row, r) => {
        if (r <= 2) return; // the merged title and date rows
        row.eachCell((cell, c) => {
          if (cell.isMerged && cell.master !== cell) return;
          const width = sheet.getColumn(c).width ?? 9;
          const value = cell.numFmt === '0.0%' && typeof cell.value === 'number' ? '100.0%' : String(cell.value ?? '');
          const lines = wrappedLines(value, width);
          if (cell.alignment?.wrapText) {
            const span = cell.isMerged ? mergedHeight(sheet, r, c) : (row.height ?? 15);
            if (lines * 14.5 > span + 0.5)
              throw new Error(`${sheet.name}!${cell.address}：${lines} 行放不进 ${span} 磅高的行`);
          } else if (lines > 1) {
            throw new Error(`${sheet.name}!${cell.address}「${value}」比列宽 ${width} 宽`);
          }
        });
      });
    }
  });
});

/** The height of a merged cell: the rows it spans. */
function mergedHeight(sheet: ExcelJS.Worksheet, r: number, c: number): number {
  let h = 0;
  for (let i = r; i <= sheet.rowCount && (i === r || sheet.getCell(i, c).master === sheet.getCell(r, c)); i++) {
    h += sheet.getRow(i).height ?? 15;
  }
  return h;
}
