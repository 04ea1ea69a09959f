/**
 * The PhotoProcessor port (core/ports/photos.ts) with sharp (libvips) and exifr, for both runtimes: the local
 * server, and the `api` cloud function where its runtime can load sharp (cloudfunctions/shared/src/photos.ts says
 * what happens where it cannot).
 * Both libraries are loaded on first use, so a server or a function instance that never sees a photo never loads
 * them. The stamp is SVG text rendered by librsvg with a CJK font of the machine (fonts-wqy-zenhei on Debian;
 * Noto Sans CJK SC and the usual Chinese system fonts are named after it).
 */
import type { PhotoProcessor } from '../../core/ports/photos';
import { exifInstant } from '../../core/evidence/evidence';

type Sharp = typeof import('sharp');
type Exifr = Pick<typeof import('exifr'), 'parse'>;

/** The longest side of a display copy. */
export const DISPLAY_MAX = 1600;
const FONTS =
  "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** Width of a line in em: CJK characters one em, others about half. */
function ems(line: string): number {
  let w = 0;
  for (const ch of line) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.56;
  return w;
}

/** Where the stamp goes on a photo `width`×`height`: a band in the lower left, `y` its top, and its text size. */
export function stampBand(width: number, height: number, lines: string[]) {
  const size = Math.max(14, Math.round(Math.min(width, height * 1.4) / 30));
  const pad = Math.round(size * 0.5);
  const lineHeight = Math.round(size * 1.35);
  const w = Math.min(width, Math.ceil(Math.max(...lines.map(ems)) * size + pad * 2));
  const h = Math.min(height, lineHeight * lines.length + pad * 2);
  return { y: height - h, w, h, size, pad, lineHeight };
}

/**
 * The SVG drawn over a photo `width`×`height`: the lines on a dark band in the lower left. `band`: only the band
 * itself (its own width and height, the same drawing), for a renderer that composites it in place
 * (cloudfunctions/shared/src/purePhotos.ts).
 */
export function stampSvg(width: number, height: number, lines: string[], band = false): string {
  const { y: y0, w: boxW, h: boxH, size, pad, lineHeight } = stampBand(width, height, lines);
  const texts = lines
    .map(
      (l, i) =>
        `<text x="${pad}" y="${y0 + pad + lineHeight * i + size}" font-size="${size}" font-family="${FONTS}" fill="#ffffff">${escapeXml(l)}</text>`,
    )
    .join('');
  const frame = band
    ? `width="${boxW}" height="${boxH}" viewBox="0 ${y0} ${boxW} ${boxH}"`
    : `width="${width}" height="${height}"`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" ${frame}>` +
    `<rect x="0" y="${y0}" width="${boxW}" height="${boxH}" fill="#000000" fill-opacity="0.55"/>${texts}</svg>`
  );
}

export class SharpPhotos implements PhotoProcessor {
  private sharpModule: Sharp | null = null;
  private exifrModule: Exifr | null = null;

  /**
   * `load` gives the libraries: sharp by `require` (a native module, external to the cloud bundle), exifr by
   * `import()` (pure JavaScript: the cloud build makes it a lazy library of its own, lib/exifr.js).
   */
  constructor(
    private readonly load: { sharp: () => Sharp; exifr: () => Promise<Exifr> } = {
      sharp: () => require('sharp') as Sharp,
      exifr: async () => {
        // as a module, a CommonJS bundle (the cloud's lib/exifr.js) or through jest's interop: find `parse`
        let m = (await import('exifr')) as unknown as Partial<Exifr> & { default?: unknown };
        while (!m.parse && m.default) m = m.default as Partial<Exifr> & { default?: unknown };
        return m as Exifr;
      },
    },
  ) {}

  private sharp(): Sharp {
    this.sharpModule ??= this.load.sharp();
    return this.sharpModule;
  }

  async grey(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array> {
    const { data } = await this.sharp()(bytes)
      .rotate()
      .greyscale()
      .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    // one channel per pixel (greyscale keeps one channel without alpha)
    const channels = data.length / (width * height);
    if (channels === 1) return new Uint8Array(data);
    const out = new Uint8Array(width * height);
    for (let i = 0; i < out.length; i++) out[i] = data[i * channels];
    return out;
  }

  async takenAt(bytes: Uint8Array): Promise<string | null> {
    try {
      this.exifrModule ??= await this.load.exifr();
      const tags = (await this.exifrModule.parse(Buffer.from(bytes), {
        pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal'],
        reviveValues: false,
      })) as Record<string, string> | undefined;
      if (!tags) return null;
      return exifInstant(tags.DateTimeOriginal ?? tags.CreateDate, tags.OffsetTimeOriginal);
    } catch {
      return null;
    }
  }

  async stamp(bytes: Uint8Array, lines: string[]): Promise<Uint8Array> {
    const sharp = this.sharp();
    const upright = await sharp(bytes)
      .rotate()
      .resize(DISPLAY_MAX, DISPLAY_MAX, { fit: 'inside', withoutEnlargement: true })
      .toBuffer({ resolveWithObject: true });
    const { width, height } = upright.info;
    const out = await sharp(upright.data)
      .composite([{ input: Buffer.from(stampSvg(width, height, lines)), top: 0, left: 0 }])
      .jpeg({ quality: 85 })
      .toBuffer();
    return new Uint8Array(out);
  }
}
