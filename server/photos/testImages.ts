/**
 * Photos for the tests of photo evidence: a "scene" of shapes drawn from a seed (different seeds, different
 * photos), as JPEG, optionally with an EXIF capture time; and the transforms a reused photo goes through
 * (resized, re-encoded).
 */
import sharp from 'sharp';

function random(seed: number): () => number {
  let x = seed * 2654435761;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** A 960×720 JPEG of shapes from `seed`. */
export async function scene(seed: number, options: { takenAt?: string } = {}): Promise<Uint8Array> {
  const r = random(seed);
  const shapes: string[] = [];
  for (let i = 0; i < 14; i++) {
    const colour = `rgb(${Math.floor(r() * 255)},${Math.floor(r() * 255)},${Math.floor(r() * 255)})`;
    if (r() < 0.5) {
      shapes.push(
        `<rect x="${r() * 900}" y="${r() * 660}" width="${60 + r() * 400}" height="${60 + r() * 300}" fill="${colour}"/>`,
      );
    } else {
      shapes.push(`<circle cx="${r() * 960}" cy="${r() * 720}" r="${30 + r() * 200}" fill="${colour}"/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="720"><rect width="960" height="720" fill="rgb(${Math.floor(r() * 255)},120,90)"/>${shapes.join('')}</svg>`;
  let img = sharp(Buffer.from(svg)).jpeg({ quality: 90 });
  if (options.takenAt) img = img.withExif({ IFD2: { DateTimeOriginal: options.takenAt } });
  return new Uint8Array(await img.toBuffer());
}

/** The photo resized to `width` and saved again as a JPEG of lower quality (a forwarded, recompressed copy). */
export async function resizedCopy(bytes: Uint8Array, width = 480, quality = 60): Promise<Uint8Array> {
  return new Uint8Array(await sharp(bytes).resize(width).jpeg({ quality }).toBuffer());
}

/** The same picture as PNG (another encoding altogether). */
export async function pngCopy(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await sharp(bytes).png().toBuffer());
}
