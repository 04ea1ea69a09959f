/**
 * Crafted files for the hostile-input tests, built by the tests themselves (nothing checked in):
 * - a workbook of many rows with one cell in column XFD (exceljs then walks 16,384 columns a row);
 * - a zip (.xlsx / .docx) with one member that inflates to gigabytes, stream-built from one repeated deflate block
 *   (deflatedZeros), so neither the builder nor the test ever holds the inflated member;
 * - a JPEG that is also an HTML page (a polyglot).
 */
import { constants as zlibConstants, createDeflateRaw } from 'node:zlib';
import JSZip from 'jszip';

/** A minimal .xlsx with `rows` rows of text and one cell in `farColumn` (XFD: the last column Excel has). */
export async function wideWorkbook(rows: number, farColumn = 'XFD'): Promise<Buffer> {
  const parts: string[] = [];
  parts.push(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>目标任务</t></is></c><c r="B1" t="inlineStr"><is><t>牵头单位</t></is></c></row>',
  );
  for (let r = 2; r <= rows; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  parts.push(`<row r="${rows + 1}"><c r="${farColumn}${rows + 1}"><v>1</v></c></row>`);
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${parts.join('')}</sheetData></worksheet>`;
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file('xl/worksheets/sheet1.xml', sheet);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** One megabyte of zeros through `deflate`, flushed to a byte boundary: what it emits for it. */
function flushed(deflate: ReturnType<typeof createDeflateRaw>, data: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const onData = (c: Buffer) => out.push(c);
    deflate.on('data', onData);
    deflate.write(data);
    deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
      deflate.off('data', onData);
      resolve(Buffer.concat(out));
    });
  });
}

/**
 * `megabytes` MB of zeros as one raw deflate stream of about a thousandth of the size, built without deflating
 * them all: once the window is full of zeros, each further flushed megabyte compresses to the same bytes, so that
 * block is repeated, and an empty final block ends the stream (6 GB → about 6 MB in well under a second).
 */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const mb = Buffer.alloc(1024 * 1024);
  const first = await flushed(deflate, mb);
  const repeat = await flushed(deflate, mb);
  deflate.destroy();
  const parts = [first];
  for (let i = 1; i < megabytes; i++) parts.push(repeat);
  parts.push(Buffer.from([0x03, 0x00]));
  return Buffer.concat(parts);
}

/**
 * A zip whose member `bombName` (e.g. xl/worksheets/sheet1.xml or word/document.xml) inflates to `megabytes` MB
 * of zeros, beside the small members that make it look like an .xlsx or a .docx. The sizes in its headers say
 * what they truly are (`declareSmall`: they claim 1 KB, as a lying archive would).
 */
export async function zipBomb(kind: 'xlsx' | 'docx', megabytes: number, declareSmall = false): Promise<Buffer> {
  const small: Array<[string, string]> =
    kind === 'xlsx'
      ? [
          ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
          ['xl/workbook.xml', '<?xml version="1.0"?><workbook/>'],
        ]
      : [
          ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
          ['word/styles.xml', '<?xml version="1.0"?><styles/>'],
        ];
  const bombName = kind === 'xlsx' ? 'xl/worksheets/sheet1.xml' : 'word/document.xml';
  const entries: Array<{ name: Buffer; data: Buffer; size: number; method: number }> = small.map(([name, text]) => ({
    name: Buffer.from(name),
    data: Buffer.from(text),
    size: Buffer.byteLength(text),
    method: 0,
  }));
  const bytes = megabytes * 1024 * 1024;
  const claimed = declareSmall ? 1024 : bytes >= 0xffffffff ? 0xfffffffe : bytes;
  entries.push({ name: Buffer.from(bombName), data: await deflatedZeros(megabytes), size: claimed, method: 8 });
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const header = Buffer.concat([
      u32(0x04034b50),
      u16(20),
      u16(0),
      u16(e.method),
      u16(0),
      u16(0),
      u32(0),
      u32(e.data.length),
      u32(e.size),
      u16(e.name.length),
      u16(0),
      e.name,
    ]);
    local.push(header, e.data);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20),
        u16(20),
        u16(0),
        u16(e.method),
        u16(0),
        u16(0),
        u32(0),
        u32(e.data.length),
        u32(e.size),
        u16(e.name.length),
        u16(0),
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(offset),
        e.name,
      ]),
    );
    offset += header.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(cd.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...local, cd, end]);
}

/** JPEG magic bytes, then an HTML page: what a browser would run if it were served as a page. */
export function polyglotJpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0<html><body><script>alert(document.cookie)</script></body></html>'),
    Buffer.from([0xff, 0xd9]),
  ]);
}
