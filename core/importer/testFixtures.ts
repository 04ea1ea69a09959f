/**
 * Builds the input files the importer tests read: workbooks with exceljs, Word documents with jszip
 * (the few parts Word needs), so that every fixture is made by the project itself.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph. */
export const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;

/**
 * A table; a cell is text (several lines become several paragraphs), or `{ merge: 'start', text }` /
 * `{ merge: 'continue' }` for a cell merged with the ones below it.
 */
export type DocxCell = string | { merge: 'start'; text: string } | { merge: 'continue' };

export function table(rows: DocxCell[][]): string {
  const cell = (c: DocxCell) => {
    if (typeof c === 'string') return `<w:tc>${c.split('\n').map(p).join('') || '<w:p/>'}</w:tc>`;
    if (c.merge === 'start') return `<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>${p(c.text)}</w:tc>`;
    return `<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>`;
  };
  return `<w:tbl>${rows.map((r) => `<w:tr>${r.map(cell).join('')}</w:tr>`).join('')}</w:tbl>`;
}

export async function docx(body: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  );
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
