/**
 * A minimal PNG encoder (8-bit RGB, no interlace) on node's zlib, so that the demo dataset carries real
 * photos without shipping binary files.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export type Rgb = [number, number, number];

/** Encodes a width×height image whose pixel colours `paint(x, y)` gives. */
export function encodePng(width: number, height: number, paint: (x: number, y: number) => Rgb): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let i = 0;
  for (let y = 0; y < height; y++) {
    raw[i++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      raw[i++] = r;
      raw[i++] = g;
      raw[i++] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A demo "site photo": a sheet of paper with text lines and a red seal, and a coloured board, on a desk, all
 * placed and sized by `seed`, so that each demo report shows a different, recognisable picture (different enough
 * that the perceptual hash of core/evidence tells them apart, as it tells real site photos apart).
 */
export function demoPhoto(seed: number, width = 320, height = 240): Buffer {
  const mix = (n: number) => {
    let x = (seed + 1) * 2654435761 + n * 40503;
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d);
    x = Math.imul(x ^ (x >>> 12), 0x297a2d39);
    return (x ^ (x >>> 15)) >>> 0;
  };
  const hue = (seed * 47) % 360;
  const desk = hsl(hue, 0.35, 0.55);
  const board = hsl((hue + 180) % 360, 0.5, 0.45);
  const paperX0 = 8 + (mix(1) % 130);
  const paperY0 = 8 + (mix(2) % 80);
  const paperX1 = Math.min(width - 8, paperX0 + 110 + (mix(3) % 120));
  const paperY1 = Math.min(height - 8, paperY0 + 90 + (mix(4) % 90));
  const corner = mix(5) % 4;
  const sealX = corner % 2 ? paperX0 + 40 : paperX1 - 40;
  const sealY = corner < 2 ? paperY1 - 40 : paperY0 + 40;
  const boardX0 = mix(6) % (width - 60);
  const boardY0 = mix(7) % (height - 50);
  const boardX1 = boardX0 + 40 + (mix(8) % 80);
  const boardY1 = boardY0 + 30 + (mix(9) % 60);
  const slope = (mix(10) % 2 ? 1 : -1) * (10 + (mix(11) % 30));
  const plant = hsl((hue + 90 + (mix(12) % 90)) % 360, 0.55, 0.35);
  const plantX = mix(13) % width;
  const plantY = mix(14) % height;
  const plantR = 18 + (mix(15) % 40);
  return encodePng(width, height, (x, y) => {
    if (x < paperX0 || x > paperX1 || y < paperY0 || y > paperY1) {
      if (x >= boardX0 && x <= boardX1 && y >= boardY0 && y <= boardY1) return board;
      if (Math.hypot(x - plantX, y - plantY) < plantR) return plant;
      const shade = ((x + y) % 16 < 8 ? 0 : 6) + (slope * (x - width / 2)) / width - Math.floor(y / 24);
      return [clamp(desk[0] + shade), clamp(desk[1] + shade), clamp(desk[2] + shade)];
    }
    const d = Math.hypot(x - sealX, y - sealY);
    if (d > 26 && d < 31) return [200, 30, 30];
    if (d <= 8) return [200, 30, 30];
    const line = y - paperY0 - 18;
    const lineLength = paperX1 - paperX0 - 30 - (((Math.floor(line / 14) + seed) * 37) % 90);
    if (line > 0 && line % 14 < 3 && x - paperX0 > 14 && x - paperX0 < lineLength && y < paperY1 - 50) {
      return [70, 70, 80];
    }
    return [250, 248, 240];
  });
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

function hsl(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  return [clamp((r + m) * 255), clamp((g + m) * 255), clamp((b + m) * 255)];
}
