/**
 * `npx tsx scripts/build-stamp-font.ts [font]`: the font the CloudBase photo processor burns the stamp with
 * (cloudfunctions/shared/src/purePhotos.ts), cut from WenQuanYi Zen Hei (Debian's fonts-wqy-zenhei, the font the
 * local server's stamp uses through librsvg) down to what a stamp can say: printable ASCII and every character of
 * GB2312 (its 6,763 汉字 and its punctuation and symbols), which covers the unit names of a 行政区划 directory.
 * Written to cloudfunctions/shared/fonts/stamp-wqy-zenhei-gb2312.ttf (committed; the cloud build copies it into
 * the api function's lib/). Run again only to change the characters or the font.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import subsetFont from 'subset-font';

export const STAMP_FONT_SOURCE = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
export const STAMP_FONT_FILE = resolve(__dirname, '../cloudfunctions/shared/fonts/stamp-wqy-zenhei-gb2312.ttf');

/** Printable ASCII and every character GB2312 encodes (rows A1–A9 symbols, B0–F7 汉字). */
export function stampCharacters(): string {
  const gb = new TextDecoder('gb18030', { fatal: true });
  let out = '';
  for (let c = 0x20; c < 0x7f; c++) out += String.fromCharCode(c);
  for (let hi = 0xa1; hi <= 0xf7; hi++) {
    if (hi > 0xa9 && hi < 0xb0) continue;
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      try {
        const ch = gb.decode(new Uint8Array([hi, lo]));
        const cp = ch.codePointAt(0) ?? 0;
        if (ch !== '\ufffd' && [...ch].length === 1 && !(cp >= 0xe000 && cp <= 0xf8ff)) out += ch; // no private use
      } catch {
        // not a GB2312 code point (the gaps at the end of rows)
      }
    }
  }
  return out;
}

/** One face of a font collection (.ttc) as a font file of its own (its tables copied, the directory rewritten). */
export function ttcFace(ttc: Buffer, index = 0): Buffer {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') return ttc;
  const at = ttc.readUInt32BE(12 + 4 * index);
  const numTables = ttc.readUInt16BE(at + 4);
  const tables: { record: Buffer; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const r = at + 12 + 16 * i;
    const offset = ttc.readUInt32BE(r + 8);
    const length = ttc.readUInt32BE(r + 12);
    tables.push({ record: Buffer.from(ttc.subarray(r, r + 16)), data: ttc.subarray(offset, offset + length) });
  }
  const head = Buffer.from(ttc.subarray(at, at + 12));
  let offset = 12 + 16 * numTables;
  const parts: Buffer[] = [head];
  const bodies: Buffer[] = [];
  for (const t of tables) {
    t.record.writeUInt32BE(offset, 8);
    parts.push(t.record);
    const padded = Buffer.alloc(Math.ceil(t.data.length / 4) * 4);
    t.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  }
  return Buffer.concat([...parts, ...bodies]);
}

async function main(source = STAMP_FONT_SOURCE): Promise<void> {
  const text = stampCharacters();
  const font = await subsetFont(ttcFace(readFileSync(source)), text, { targetFormat: 'truetype' });
  writeFileSync(STAMP_FONT_FILE, font);
  console.log(`${STAMP_FONT_FILE}: ${[...text].length} characters, ${(font.length / 1024).toFixed(0)} KB`);
}

if (require.main === module) {
  main(process.argv[2]).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
