import sharp from 'sharp';
import { stampLines } from '../../../core/evidence/evidence';
import { dHash, HASH_HEIGHT, HASH_WIDTH, hammingDistance, REUSE_DISTANCE } from '../../../core/evidence/phash';
import { SharpPhotos } from '../../../server/photos/sharpPhotos';
import { pngCopy, resizedCopy, scene } from '../../../server/photos/testImages';
import { cloudPhotos } from './photos';
import { jpegSize, MAX_PHOTO_MEGAPIXELS } from './purePhotos';

const withSharp = new SharpPhotos();
const hash = async (p: { grey: SharpPhotos['grey'] }, bytes: Uint8Array) =>
  dHash(await p.grey(bytes, HASH_WIDTH, HASH_HEIGHT));

describe('the CloudBase photo processor (no native module)', () => {
  it('hashes a photo as sharp does, so that identical and resized copies are caught across the two', async () => {
    const original = await scene(1);
    const copies = [await resizedCopy(original, 480, 55), await pngCopy(original)];
    const own = await hash(cloudPhotos, original);
    // the same bits as sharp's, or within two
    expect(hammingDistance(own, await hash(withSharp, original))).toBeLessThanOrEqual(2);
    for (const copy of copies) {
      expect(hammingDistance(own, await hash(cloudPhotos, copy))).toBeLessThanOrEqual(REUSE_DISTANCE);
      // a copy hashed here matches the original hashed by sharp, and the other way round
      expect(hammingDistance(await hash(withSharp, original), await hash(cloudPhotos, copy))).toBeLessThanOrEqual(
        REUSE_DISTANCE,
      );
      expect(hammingDistance(own, await hash(withSharp, copy))).toBeLessThanOrEqual(REUSE_DISTANCE);
    }
    const distances: number[] = [];
    for (let seed = 2; seed <= 8; seed++)
      distances.push(hammingDistance(own, await hash(cloudPhotos, await scene(seed))));
    expect(Math.min(...distances)).toBeGreaterThan(REUSE_DISTANCE);
  }, 60_000);

  it('turns the photo upright from its EXIF orientation before hashing, as sharp does', async () => {
    const upright = await scene(3);
    // stored turned a quarter, with orientation 6 saying how to turn it back
    const stored = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    const own = await hash(cloudPhotos, new Uint8Array(stored));
    expect(hammingDistance(own, await hash(cloudPhotos, upright))).toBeLessThanOrEqual(REUSE_DISTANCE);
    const stamped = await cloudPhotos.stamp(new Uint8Array(stored), ['x']);
    const meta = await sharp(stamped).metadata();
    expect([meta.width, meta.height]).toEqual([960, 720]);
  }, 60_000);

  it('burns the receive time and the unit into a JPEG display copy, and reads the EXIF capture time', async () => {
    const original = await scene(4, { takenAt: '2026:03:07 09:30:00' });
    expect(await cloudPhotos.takenAt(original)).toBe('2026-03-07T01:30:00.000Z');
    expect(await cloudPhotos.takenAt(await scene(4))).toBeNull();
    const stamped = await cloudPhotos.stamp(original, stampLines('2026-03-10T02:05:00.000Z', '芙蓉区人民政府'));
    const meta = await sharp(stamped).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 960, 720]);
    const region = async (bytes: Uint8Array, left: number, top: number) => {
      const px = await sharp(bytes).extract({ left, top, width: 300, height: 60 }).greyscale().raw().toBuffer();
      return { px, mean: px.reduce((a, b) => a + b, 0) / px.length, max: Math.max(...px) };
    };
    const band = await region(stamped, 0, 650);
    const before = await region(original, 0, 650);
    expect(band.max).toBeGreaterThan(200); // white text
    const changed = band.px.reduce((n, v, i) => n + (Math.abs(v - before.px[i]) > 30 ? 1 : 0), 0);
    expect(changed / band.px.length).toBeGreaterThan(0.3);
    // the top right is as it was (re-encoding only)
    const corner = Math.abs((await region(stamped, 640, 0)).mean - (await region(original, 640, 0)).mean);
    expect(corner).toBeLessThan(3);
    // a large photo comes down to 1600 px on its long side
    const big = await sharp(original).resize(3200).jpeg().toBuffer();
    expect((await sharp(await cloudPhotos.stamp(new Uint8Array(big), ['x'])).metadata()).width).toBe(1600);
  }, 120_000);

  it('refuses a photo over its pixel limit before decoding it, and keeps what it cannot read undecoded', async () => {
    const side = Math.ceil(Math.sqrt(MAX_PHOTO_MEGAPIXELS * 1e6)) + 8;
    const huge = await sharp({ create: { width: side, height: side, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    expect(jpegSize(new Uint8Array(huge))).toEqual({ width: side, height: side });
    await expect(cloudPhotos.grey(new Uint8Array(huge), HASH_WIDTH, HASH_HEIGHT)).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    await expect(cloudPhotos.grey(new Uint8Array([1, 2, 3]), HASH_WIDTH, HASH_HEIGHT)).rejects.toThrow();
  });
});
