/**
 * The perceptual hash of a photo (a difference hash, dHash): the photo in grey at 9×8 pixels, one bit per pair of
 * neighbours in a row (is the left one brighter?), 64 bits written as 16 hex digits. A copy resized, re-encoded or
 * slightly recoloured keeps almost every bit; a different photo differs in about half of them.
 * Pure: the runtime's image library gives the grey pixels (core/ports/photos.ts).
 */

/** The grey image the hash is computed from. */
export const HASH_WIDTH = 9;
export const HASH_HEIGHT = 8;

/**
 * Photos at most this many bits apart are "the same photo". Re-encoded and resized copies measure 0–4 in the tests;
 * unrelated photos measure 20–40. It is below BANDS, so the band lookup finds every match (pigeonhole).
 */
export const REUSE_DISTANCE = 6;

/** The hash is cut into this many bands of 8 bits; two hashes within REUSE_DISTANCE < BANDS share a band. */
export const BANDS = 8;

/** The dHash of a 9×8 grey image, row by row (`pixels.length` = 72). */
export function dHash(pixels: ArrayLike<number>): string {
  if (pixels.length !== HASH_WIDTH * HASH_HEIGHT) {
    throw new RangeError(`dHash needs ${HASH_WIDTH}×${HASH_HEIGHT} grey pixels, got ${pixels.length}`);
  }
  let hex = '';
  for (let y = 0; y < HASH_HEIGHT; y++) {
    let byte = 0;
    for (let x = 0; x < HASH_WIDTH - 1; x++) {
      const i = y * HASH_WIDTH + x;
      byte = (byte << 1) | (pixels[i] > pixels[i + 1] ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

const POPCOUNT = Array.from({ length: 256 }, (_, n) => {
  let c = 0;
  for (let v = n; v; v >>= 1) c += v & 1;
  return c;
});

/** How many bits two hashes differ in. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i += 2)
    d += POPCOUNT[parseInt(a.slice(i, i + 2), 16) ^ parseInt(b.slice(i, i + 2), 16)];
  return d;
}

/** The hash's bands as the store indexes them: `0:a3`, `1:ff`, … (its row and byte). */
export function hashBands(hash: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < BANDS; i++) out.push(`${i}:${hash.slice(i * 2, i * 2 + 2)}`);
  return out;
}
