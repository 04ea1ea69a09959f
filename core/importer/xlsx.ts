/**
 * Excel workbooks (.xlsx) through exceljs. Merged cells (a stage spanning several rows, a title spanning the
 * table) read as the merged value in every cell they cover; dates read as `2019年3月31日`.
 */
import type ExcelJS from 'exceljs';
import type { SourceRow } from './table';

export interface SheetRows {
  name: string;
  rows: SourceRow[];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs reads a date cell as the UTC midnight of the written calendar day
    return `${value.getUTCFullYear()}年${value.getUTCMonth() + 1}月${value.getUTCDate()}日`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as ExcelJS.CellFormulaValue).result ?? '');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

export async function readXlsx(bytes: Uint8Array): Promise<SheetRows[]> {
  // exceljs takes about half a second to load: only workbooks pay for it (cloud functions start faster)
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(bytes as unknown as Buffer);
  const sheets: SheetRows[] = [];
  workbook.eachSheet((sheet) => {
    const rows: SourceRow[] = [];
    const width = sheet.columnCount;
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c += 1) {
        const cell = row.getCell(c);
        cells.push(cellText(cell.isMerged ? cell.master.value : cell.value).replace(/\r\n?/g, '\n'));
      }
      rows.push({ cells, line: rowNumber });
    });
    sheets.push({ name: sheet.name, rows });
  });
  return sheets;
}
