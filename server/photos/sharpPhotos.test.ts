import sharp from 'sharp';
import { dHash, HASH_HEIGHT, HASH_WIDTH, hammingDistance, REUSE_DISTANCE } from '../../core/evidence/phash';
import { stampLines } from '../../core/evidence/evidence';
import { SharpPhotos, stampSvg } from './sharpPhotos';
import { pngCopy, resizedCopy, scene } from './testImages';

const photos = new SharpPhotos();
const hashOf = async (bytes: Uint8Array) => dHash(await photos.grey(bytes, HASH_WIDTH, HASH_HEIGHT));

describe('perceptual hash with sharp', () => {
  it('catches an identical photo and a resized, re-encoded or PNG copy; different photos are far apart', async () => {
    const original = await scene(1);
    const h = await hashOf(original);
    expect(await hashOf(original)).toBe(h);
    const resized = await hashOf(await resizedCopy(original, 480, 55));
    const small = await hashOf(await resizedCopy(original, 240, 40));
    const png = await hashOf(await pngCopy(original));
    for (const copy of [resized, small, png]) expect(hammingDistance(h, copy)).toBeLessThanOrEqual(REUSE_DISTANCE);

    const distances: number[] = [];
    for (let seed = 2; seed <= 12; seed++) distances.push(hammingDistance(h, await hashOf(await scene(seed))));
    expect(Math.min(...distances)).toBeGreaterThan(REUSE_DISTANCE);
  });
});

describe('EXIF capture time', () => {
  it('reads DateTimeOriginal as Beijing time, and null when the photo has none', async () => {
    expect(await photos.takenAt(await scene(3, { takenAt: '2026:03:07 09:30:00' }))).toBe('2026-03-07T01:30:00.000Z');
    expect(await photos.takenAt(await scene(3))).toBeNull();
    expect(await photos.takenAt(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});

describe('the stamp', () => {
  it('burns the receive time and the unit into a JPEG copy, upright and at most 1600 px', async () => {
    const original = await scene(4);
    const lines = stampLines('2026-03-10T02:05:00.000Z', '芙蓉区人民政府');
    expect(lines).toEqual(['服务器接收 2026年3月10日 10:05（北京时间）', '芙蓉区人民政府']);
    const stamped = await photos.stamp(original, lines);
    const meta = await sharp(stamped).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([960, 720]);
    // the lower left is a dark band with white text; the top right is as it was
    const region = async (bytes: Uint8Array, left: number, top: number) => {
      const px = await sharp(bytes).extract({ left, top, width: 300, height: 60 }).greyscale().raw().toBuffer();
      return { mean: px.reduce((a, b) => a + b, 0) / px.length, max: Math.max(...px) };
    };
    const band = await region(stamped, 0, 650);
    const before = await region(original, 0, 650);
    expect(band.max).toBeGreaterThan(200); // white text
    const corner = Math.abs((await region(stamped, 640, 0)).mean - (await region(original, 640, 0)).mean);
    expect(Math.abs(band.mean - before.mean)).toBeGreaterThan(3 * corner);
    // a large photo comes down to 1600 px on its long side
    const big = await sharp(original).resize(3200).jpeg().toBuffer();
    const bigMeta = await sharp(await photos.stamp(new Uint8Array(big), lines)).metadata();
    expect(bigMeta.width).toBe(1600);
  });

  it('draws Chinese text with a CJK font and escapes what would break the SVG', () => {
    const svg = stampSvg(960, 720, ['服务器接收', 'A<&>"\'']);
    expect(svg).toContain('WenQuanYi Zen Hei');
    expect(svg).toContain('A&lt;&amp;&gt;&quot;&apos;');
  });
});
