/**
 * What the runtime's image library does for the evidence of a photo (core/evidence): the server and the `api`
 * cloud function implement it with sharp and exifr. Core keeps the rules (the hash, the stamp's words, the gap
 * that is flagged); the port only decodes, reads and draws.
 */
export interface PhotoProcessor {
  /** The photo in grey at `width`×`height` (stretched to fill), one byte per pixel, row by row. */
  grey(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array>;
  /** When the photo says it was taken (EXIF DateTimeOriginal / CreateDate) as a UTC ISO instant, or null. */
  takenAt(bytes: Uint8Array): Promise<string | null>;
  /** A JPEG display copy, turned upright, at most 1600 px on its long side, with `lines` drawn in its lower left. */
  stamp(bytes: Uint8Array, lines: string[]): Promise<Uint8Array>;
}
