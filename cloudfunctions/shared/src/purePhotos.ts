/**
 * The PhotoProcessor port (core/ports/photos.ts) without a native module, for CloudBase's Node 16.13 runtime where
 * sharp cannot load: mozjpeg as WebAssembly (@jsquash/jpeg) decodes a JPEG and encodes the display copy, pngjs
 * (pure JavaScript) decodes a PNG; the resizing and turning upright are here, exifr reads the EXIF, and the stamp is the same SVG as the local server's (server/photos/sharpPhotos.ts,
 * `stampSvg`) rendered by resvg (WebAssembly, @resvg/resvg-wasm) with a CJK font shipped in the function's package
 * (WenQuanYi Zen Hei cut to GB2312, cloudfunctions/shared/fonts/, made by scripts/build-stamp-font.ts).
 *
 * Memory (the function has 256 MB): a photo is decoded once, in full (no decoder here scales while decoding), and
 * at once brought down to the hash's grey and the display copy, and the full pixels dropped; each decode gets a
 * fresh WebAssembly instance, so its memory goes with it. A photo over MAX_PHOTO_MEGAPIXELS (read from its header,
 * before decoding) is refused with `photoTooLarge`. jpeg-js (pure JavaScript) was tried first: it needs about
 * 24 bytes a pixel to decode (285 MB for 12 MP) and 110 MB to encode a 1600 px copy; mozjpeg needs about 10 bytes
 * a pixel to decode. scripts/bench-cloud-photos.ts measures it.
 *
 * The libraries are loaded on first use with `import()`: the cloud build gives each a bundle of its own under
 * lib/ (scripts/build-cloud.ts), with resvg's .wasm and the font beside them, so a cold start without a photo
 * reads none of them.
 */
import { readFileSync } from 'node:fs';
import type { PhotoProcessor } from '../../../core/ports/photos';
import { exifInstant } from '../../../core/evidence/evidence';
import { HASH_HEIGHT, HASH_WIDTH } from '../../../core/evidence/phash';
import { photoTooLarge } from '../../../core/errors';
import { DISPLAY_MAX, stampBand, stampSvg } from '../../../server/photos/sharpPhotos';

/** @jsquash/jpeg's decode.js: `init` with the compiled mozjpeg WebAssembly, then `default` decodes (RGBA). */
interface JpegDecoder {
  init(module: WebAssembly.Module): Promise<void>;
  default(bytes: ArrayBuffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
/** @jsquash/jpeg's encode.js: the same, encoding RGBA. */
interface JpegEncoder {
  init(module: WebAssembly.Module): Promise<void>;
  default(
    image: { data: Uint8ClampedArray; width: number; height: number },
    options: { quality: number },
  ): Promise<ArrayBuffer>;
}
type PngJs = Pick<typeof import('pngjs'), 'PNG'>;
type ResvgWasm = Pick<typeof import('@resvg/resvg-wasm'), 'initWasm' | 'Resvg'>;
type Exifr = Pick<typeof import('exifr'), 'parse'>;

/**
 * The largest photo decoded (megapixels): a 12 or 16 MP phone photo is taken, a 24 or 48 MP one refused (what
 * WeChat's chooseMedia sends as "compressed" is far smaller). scripts/bench-cloud-photos.ts measures the memory.
 */
export const MAX_PHOTO_MEGAPIXELS = 17;
/** The display copy's JPEG quality (sharp's stamp uses the same). */
const QUALITY = 85;
/** The font family of the shipped font (stampSvg names it first). */
const STAMP_FONT_FAMILY = 'WenQuanYi Zen Hei';

/** The names of resvg's WebAssembly and of the stamp font beside the built function's lazy libraries (lib/). */
export const PHOTO_ASSET_FILES = {
  wasm: 'resvg.wasm',
  jpegWasm: 'mozjpeg_dec.wasm',
  jpegEncWasm: 'mozjpeg_enc.wasm',
  font: 'stamp-font.ttf',
} as const;
/** The stamp font in the sources (cloudfunctions/shared/fonts/, made by scripts/build-stamp-font.ts). */
export const STAMP_FONT_SOURCE_FILE = 'stamp-wqy-zenhei-gb2312.ttf';

/** A decoded picture: `channels` bytes per pixel (1 grey, 3 RGB, 4 RGBA), row by row. */
export interface Bitmap {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** What one decode of a photo gives (PurePhotos.prepare). */
interface Prepared {
  /** Grey at HASH_WIDTH×HASH_HEIGHT, upright. */
  hash: Uint8Array;
  /** At most DISPLAY_MAX on its long side, upright, RGB(A). */
  display: Bitmap;
}

/** Where resvg's WebAssembly and the stamp's font are read from (files on disk, read on first stamp). */
export interface PhotoAssets {
  wasm: string;
  jpegWasm: string;
  jpegEncWasm: string;
  font: string;
}

export interface PureLibraries {
  jpegDecoder: () => Promise<JpegDecoder>;
  jpegEncoder: () => Promise<JpegEncoder>;
  png: () => Promise<PngJs>;
  resvg: () => Promise<ResvgWasm>;
  exifr: () => Promise<Exifr>;
  assets: () => PhotoAssets;
}

let gc: (() => void) | null | undefined;
/**
 * A full garbage collection now, where the runtime allows it (V8's `gc`, reached through `vm`: no command-line
 * flag is needed, which a cloud function cannot set). Between the decode and the stamp it gives back the tens of MB
 * of a photo's pixels and of a WebAssembly instance, which V8 would otherwise free only later, so that the peaks do
 * not add up within the function's 256 MB.
 */
function collectGarbage(): void {
  if (gc === undefined) {
    try {
      (require('v8') as typeof import('v8')).setFlagsFromString('--expose-gc');
      gc = (require('vm') as typeof import('vm')).runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** A module as `import()` gives it: itself, a CommonJS bundle (the cloud's lib/*.js) or jest's interop wrapper. */
async function unwrap<T>(m: Promise<unknown>, key: string): Promise<T> {
  let v = (await m) as Record<string, unknown>;
  while (!(key in v) && v.default) v = v.default as Record<string, unknown>;
  return v as T;
}

export function defaultLibraries(assets: () => PhotoAssets): PureLibraries {
  return {
    jpegDecoder: () => unwrap<JpegDecoder>(import('@jsquash/jpeg/decode.js'), 'init'),
    jpegEncoder: () => unwrap<JpegEncoder>(import('@jsquash/jpeg/encode.js'), 'init'),
    png: () => unwrap<PngJs>(import('pngjs'), 'PNG'),
    resvg: () => unwrap<ResvgWasm>(import('@resvg/resvg-wasm'), 'Resvg'),
    exifr: () => unwrap<Exifr>(import('exifr'), 'parse'),
    assets,
  };
}

const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
/** A JPEG's size from its frame header (SOF0–SOF15 but DHT, JPG and DAC), or null when there is none. */
export function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const length = (b[i + 2] << 8) | b[i + 3];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
    }
    i += 2 + length;
  }
  return null;
}
const isPng = (b: Uint8Array) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/**
 * `src` brought down to `width`×`height` the way sharp (libvips) does it, so that the perceptual hash of a photo is
 * the same here as on the local server (the tests compare the two): a JPEG is first averaged over blocks of 8, 4 or
 * 2 pixels (what sharp's shrink-on-load, libjpeg's scaled DCT, gives), then `between` runs on that (the grey
 * conversion of the hash), then whole blocks are averaged down to about twice the target (vips_shrink with the
 * resize's gap of 2), and the rest is a lanczos3 reduction (vips_reduce).
 */
export function resizeLikeSharp(
  src: Bitmap,
  width: number,
  height: number,
  options: { jpeg: boolean; between?: (b: Bitmap) => Bitmap; wide?: boolean },
): Bitmap {
  let img = src;
  const shrink = Math.min(img.width / width, img.height / height);
  const onLoad = !options.jpeg ? 1 : shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  if (onLoad > 1) img = boxShrink(img, onLoad, onLoad);
  if (options.between) img = options.between(img);
  const h = img.width / width;
  const v = img.height / height;
  const ih = Math.max(1, Math.floor(h / 2));
  const iv = Math.max(1, Math.floor(v / 2));
  if (ih > 1 || iv > 1) img = boxShrink(img, ih, iv);
  return lanczos3(img, width, height, h / ih, v / iv, options.wide ?? false);
}

/** Each block of `fx`×`fy` pixels averaged into one (the blocks at the right and bottom edges may be smaller). */
function boxShrink(src: Bitmap, fx: number, fy: number): Bitmap {
  const c = src.channels;
  const w = Math.ceil(src.width / fx);
  const h = Math.ceil(src.height / fy);
  const out = new Uint8Array(w * h * c);
  const acc = new Float64Array(w * c);
  const count = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    acc.fill(0);
    count.fill(0);
    const yEnd = Math.min(src.height, (y + 1) * fy);
    for (let sy = y * fy; sy < yEnd; sy++) {
      const row = sy * src.width * c;
      for (let sx = 0; sx < src.width; sx++) {
        const x = (sx / fx) | 0;
        count[x]++;
        const s = row + sx * c;
        const o = x * c;
        for (let ch = 0; ch < c; ch++) acc[o + ch] += src.data[s + ch];
      }
    }
    const o = y * w * c;
    for (let i = 0; i < w * c; i++) out[o + i] = Math.round(acc[i] / count[(i / c) | 0]);
  }
  return { width: w, height: h, channels: c, data: out };
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
const lanczos3Kernel = (x: number) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0);

/** For each of `to` pixels on an axis, the source pixels (edges repeated) and their normalised lanczos3 weights. */
function lanczosAxis(from: number, to: number, scale: number): { index: Int32Array; weight: Float32Array }[] {
  const out: { index: Int32Array; weight: Float32Array }[] = [];
  const stretch = Math.max(1, scale);
  for (let i = 0; i < to; i++) {
    const centre = (i + 0.5) * scale - 0.5;
    const index: number[] = [];
    const weight: number[] = [];
    let sum = 0;
    for (let s = Math.floor(centre - 3 * stretch); s <= Math.ceil(centre + 3 * stretch); s++) {
      const k = lanczos3Kernel((s - centre) / stretch);
      if (k === 0) continue;
      index.push(Math.min(from - 1, Math.max(0, s)));
      weight.push(k);
      sum += k;
    }
    out.push({ index: Int32Array.from(index), weight: Float32Array.from(weight, (k) => k / sum) });
  }
  return out;
}

/**
 * The lanczos3 reduction to `width`×`height`, `h`/`v` source pixels per target pixel; rows, then columns. `wide`
 * (a display copy): the rows' result is kept in bytes rather than floats, a quarter of the memory.
 */
function lanczos3(src: Bitmap, width: number, height: number, h: number, v: number, wide: boolean): Bitmap {
  const c = src.channels;
  const across = lanczosAxis(src.width, width, h);
  const down = lanczosAxis(src.height, height, v);
  const size = width * src.height * c;
  const mid = wide ? new Uint8ClampedArray(size) : new Float32Array(size);
  for (let y = 0; y < src.height; y++) {
    const row = y * src.width * c;
    for (let x = 0; x < width; x++) {
      const { index, weight } = across[x];
      const o = (y * width + x) * c;
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += src.data[row + index[k] * c + ch] * weight[k];
        mid[o + ch] = sum;
      }
    }
  }
  const out = new Uint8Array(width * height * c);
  const acc = new Float32Array(width * c);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    const { index, weight } = down[y];
    for (let k = 0; k < index.length; k++) {
      const row = index[k] * width * c;
      const w = weight[k];
      for (let i = 0; i < acc.length; i++) acc[i] += mid[row + i] * w;
    }
    const o = y * width * c;
    for (let i = 0; i < acc.length; i++) out[o + i] = Math.min(255, Math.max(0, Math.round(acc[i])));
  }
  return { width, height, channels: c, data: out };
}

/** EXIF orientations 5–8 swap width and height. */
const transposes = (orientation: number) => orientation >= 5 && orientation <= 8;

/** The bitmap turned upright from EXIF `orientation` (1–8), as sharp's `rotate()` does. */
export function orient(src: Bitmap, orientation: number): Bitmap {
  if (orientation < 2 || orientation > 8) return src;
  const { width: w, height: h, channels: c } = src;
  const swap = transposes(orientation);
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new Uint8Array(src.data.length);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // the source pixel that lands at (x, y)
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2: [sx, sy] = [w - 1 - x, y]; break; // prettier-ignore
        case 3: [sx, sy] = [w - 1 - x, h - 1 - y]; break; // prettier-ignore
        case 4: [sx, sy] = [x, h - 1 - y]; break; // prettier-ignore
        case 5: [sx, sy] = [y, x]; break; // prettier-ignore
        case 6: [sx, sy] = [y, h - 1 - x]; break; // prettier-ignore
        case 7: [sx, sy] = [w - 1 - y, h - 1 - x]; break; // prettier-ignore
        default:
          [sx, sy] = [w - 1 - y, x]; // 8
      }
      const s = (sy * w + sx) * c;
      const o = (y * ow + x) * c;
      for (let ch = 0; ch < c; ch++) out[o + ch] = src.data[s + ch];
    }
  }
  return { width: ow, height: oh, channels: c, data: out };
}

const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});
const gammaEncode = (l: number) => 255 * (l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055);

/** The bitmap in grey as libvips makes it (sharp's greyscale): Rec. 709 luminance in linear light, sRGB-encoded. */
export function toGrey(src: Bitmap): Bitmap {
  if (src.channels === 1) return src;
  const n = src.width * src.height;
  const out = new Uint8Array(n);
  for (let i = 0, s = 0; i < n; i++, s += src.channels) {
    const y = 0.2126 * LINEAR[src.data[s]] + 0.7152 * LINEAR[src.data[s + 1]] + 0.0722 * LINEAR[src.data[s + 2]];
    out[i] = Math.round(gammaEncode(y));
  }
  return { width: src.width, height: src.height, channels: 1, data: out };
}

/** The size that fits `width`×`height` inside `max`×`max`, never enlarged (sharp's fit: 'inside'). */
export function fitInside(width: number, height: number, max: number): { width: number; height: number } {
  if (width <= max && height <= max) return { width, height };
  const scale = max / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export class PurePhotos implements PhotoProcessor {
  private pngModule: PngJs | null = null;
  private exifrModule: Exifr | null = null;
  private renderer: Promise<{ resvg: ResvgWasm; font: Uint8Array }> | null = null;
  /** Each photo's decode, for as long as its bytes are held (one report's photos). */
  private readonly prepared = new WeakMap<Uint8Array, Promise<Prepared>>();

  private jpegDecoderModule: JpegDecoder | null = null;
  private jpegWasm: WebAssembly.Module | null = null;
  private jpegEncoderModule: JpegEncoder | null = null;
  private jpegEncWasm: WebAssembly.Module | null = null;

  constructor(private readonly load: PureLibraries) {}

  private async jpegDecoder(): Promise<JpegDecoder> {
    if (!this.jpegDecoderModule) {
      const decoder = await this.load.jpegDecoder();
      this.jpegWasm = await WebAssembly.compile(readFileSync(this.load.assets().jpegWasm));
      this.jpegDecoderModule = decoder;
    }
    return this.jpegDecoderModule;
  }

  private async jpegEncoder(): Promise<JpegEncoder> {
    if (!this.jpegEncoderModule) {
      const encoder = await this.load.jpegEncoder();
      this.jpegEncWasm = await WebAssembly.compile(readFileSync(this.load.assets().jpegEncWasm));
      this.jpegEncoderModule = encoder;
    }
    return this.jpegEncoderModule;
  }

  /** The photo decoded (JPEG or PNG) as RGB(A), refused when over the bounds. */
  async decode(bytes: Uint8Array): Promise<Bitmap> {
    if (isJpeg(bytes)) {
      const size = jpegSize(bytes);
      if (!size) throw new Error('not a readable JPEG');
      if ((size.width * size.height) / 1e6 > MAX_PHOTO_MEGAPIXELS) throw photoTooLarge(MAX_PHOTO_MEGAPIXELS);
      const decoder = await this.jpegDecoder();
      await decoder.init(this.jpegWasm!); // a fresh instance: the last photo's memory is let go
      const img = await decoder.default(bytes.slice().buffer);
      await decoder.init(this.jpegWasm!); // and the decoding instance (its memory holds the pixels too) let go
      return { width: img.width, height: img.height, channels: 4, data: new Uint8Array(img.data.buffer) };
    }
    if (isPng(bytes)) {
      // the size is in the header (IHDR, bytes 16–23): refuse before inflating
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if ((view.getUint32(16) * view.getUint32(20)) / 1e6 > MAX_PHOTO_MEGAPIXELS) {
        throw photoTooLarge(MAX_PHOTO_MEGAPIXELS);
      }
      this.pngModule ??= await this.load.png();
      const img = this.pngModule.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: img.width, height: img.height, channels: 4, data: new Uint8Array(img.data) };
    }
    throw new Error('not a JPEG or PNG photo');
  }

  private async exif(bytes: Uint8Array): Promise<Record<string, unknown> | null> {
    try {
      this.exifrModule ??= await this.load.exifr();
      const tags = (await this.exifrModule.parse(Buffer.from(bytes), {
        pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'Orientation'],
        reviveValues: false,
        translateValues: false,
      })) as Record<string, unknown> | undefined;
      return tags ?? null;
    } catch {
      return null;
    }
  }

  private async orientation(bytes: Uint8Array): Promise<number> {
    if (!isJpeg(bytes)) return 1;
    const o = (await this.exif(bytes))?.Orientation;
    return typeof o === 'number' ? o : 1;
  }

  /**
   * The photo decoded once for both uses (submitReport asks for the hash, then the stamp, of the same bytes): its
   * grey at the hash's size and its display copy, both upright. The full-size pixels are dropped at once, so only
   * the one decode is ever held in memory.
   */
  private prepare(bytes: Uint8Array): Promise<Prepared> {
    let p = this.prepared.get(bytes);
    if (!p) {
      p = (async () => {
        const orientation = await this.orientation(bytes);
        const full = await this.decode(bytes);
        const hash = this.greyOf(full, bytes, orientation, HASH_WIDTH, HASH_HEIGHT);
        const fit = fitInside(full.width, full.height, DISPLAY_MAX);
        const display =
          fit.width === full.width && fit.height === full.height
            ? full
            : resizeLikeSharp(full, fit.width, fit.height, { jpeg: isJpeg(bytes), wide: true });
        const upright = orient(display, orientation);
        collectGarbage(); // the full-size pixels and the decoder's memory, before the stamp needs its own
        return { hash, display: upright };
      })();
      this.prepared.set(bytes, p);
    }
    return p;
  }

  /** `full` in grey at `width`×`height` once upright: brought down first (far less to turn), then turned. */
  private greyOf(full: Bitmap, bytes: Uint8Array, orientation: number, width: number, height: number): Uint8Array {
    const swap = transposes(orientation);
    const img = resizeLikeSharp(full, swap ? height : width, swap ? width : height, {
      jpeg: isJpeg(bytes),
      between: toGrey,
    });
    return orient(img, orientation).data;
  }

  async grey(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array> {
    if (width === HASH_WIDTH && height === HASH_HEIGHT) return (await this.prepare(bytes)).hash;
    return this.greyOf(await this.decode(bytes), bytes, await this.orientation(bytes), width, height);
  }

  async takenAt(bytes: Uint8Array): Promise<string | null> {
    const tags = await this.exif(bytes);
    if (!tags) return null;
    const s = (v: unknown) => (typeof v === 'string' ? v : null);
    return exifInstant(s(tags.DateTimeOriginal) ?? s(tags.CreateDate), s(tags.OffsetTimeOriginal));
  }

  async stamp(bytes: Uint8Array, lines: string[]): Promise<Uint8Array> {
    const img = (await this.prepare(bytes)).display;
    const { resvg, font } = await this.stampRenderer();
    // only the band is rendered (a full-size overlay costs resvg some 60 MB at 1600 px) and drawn in place
    const band = stampBand(img.width, img.height, lines);
    const svg = stampSvg(img.width, img.height, lines, true);
    const overlay = new resvg.Resvg(svg, {
      font: { fontBuffers: [font], loadSystemFonts: false, defaultFontFamily: STAMP_FONT_FAMILY },
    });
    const rendered = overlay.render();
    const rgba = composite(img, rendered.pixels, rendered.width, rendered.height, band.y);
    rendered.free();
    overlay.free();
    collectGarbage();
    const encoder = await this.jpegEncoder();
    await encoder.init(this.jpegEncWasm!); // a fresh instance, as for decoding
    const data = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    return new Uint8Array(await encoder.default({ data, width: img.width, height: img.height }, { quality: QUALITY }));
  }

  /** resvg started once per instance (its WebAssembly compiled, the font read). */
  private stampRenderer(): Promise<{ resvg: ResvgWasm; font: Uint8Array }> {
    this.renderer ??= (async () => {
      const resvg = await this.load.resvg();
      const { wasm, font } = this.load.assets();
      try {
        await resvg.initWasm(readFileSync(wasm));
      } catch (e) {
        // initialised already (another instance of this class in the same process)
        if (!(e instanceof Error && /already/i.test(e.message))) throw e;
      }
      return { resvg, font: new Uint8Array(readFileSync(font)) };
    })();
    this.renderer.catch(() => {
      this.renderer = null; // a failed start is tried again on the next photo
    });
    return this.renderer;
  }
}

/**
 * The photo (RGB or RGBA) as RGBA for the encoder, with the overlay (RGBA, premultiplied, `width`×`height`) drawn
 * over it from its left edge at row `top`.
 */
function composite(img: Bitmap, overlay: Uint8Array, width: number, height: number, top: number): Uint8Array {
  const c = img.channels;
  const out = new Uint8Array(img.width * img.height * 4);
  for (let i = 0, s = 0, o = 0; i < img.width * img.height; i++, s += c, o += 4) {
    for (let ch = 0; ch < 3; ch++) out[o + ch] = img.data[c === 1 ? s : s + ch];
    out[o + 3] = 255;
  }
  for (let y = 0; y < height && top + y < img.height; y++) {
    for (let x = 0; x < width && x < img.width; x++) {
      const v = (y * width + x) * 4;
      const a = overlay[v + 3] / 255;
      if (a === 0) continue;
      const o = ((top + y) * img.width + x) * 4;
      for (let ch = 0; ch < 3; ch++) out[o + ch] = Math.round(overlay[v + ch] + out[o + ch] * (1 - a));
    }
  }
  return out;
}
