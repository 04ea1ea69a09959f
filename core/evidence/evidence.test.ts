import { captureGap, exifInstant, findReuse, stampLines, type PhotoEvidence } from './evidence';
import { BANDS, dHash, hammingDistance, hashBands, REUSE_DISTANCE } from './phash';

const ramp = (f: (x: number, y: number) => number) => Array.from({ length: 72 }, (_, i) => f(i % 9, Math.floor(i / 9)));

describe('dHash', () => {
  it('sets a bit where the left neighbour is brighter, row by row', () => {
    expect(dHash(ramp((x) => 100 - x))).toBe('ffffffffffffffff');
    expect(dHash(ramp((x) => x))).toBe('0000000000000000');
    expect(dHash(ramp((x, y) => (y === 0 ? 100 - x : x)))).toBe('ff00000000000000');
    expect(() => dHash([1, 2, 3])).toThrow(RangeError);
  });

  it('measures the distance in bits, and cuts the hash into bands a near copy shares', () => {
    expect(hammingDistance('ff00000000000000', '0f00000000000001')).toBe(5);
    expect(hammingDistance('ff', 'ff00')).toBe(Number.POSITIVE_INFINITY);
    expect(hashBands('0123456789abcdef')).toEqual(['0:01', '1:23', '2:45', '3:67', '4:89', '5:ab', '6:cd', '7:ef']);
    // pigeonhole: REUSE_DISTANCE bits flipped anywhere leave at least one band whole
    expect(REUSE_DISTANCE).toBeLessThan(BANDS);
    const a = 'ffffffffffffffff';
    const b = '7f7f7f7f7f7fffff'; // six bands touched, two intact
    expect(hammingDistance(a, b)).toBe(6);
    expect(hashBands(a).filter((x) => hashBands(b).includes(x))).toHaveLength(2);
  });
});

const row = (over: Partial<PhotoEvidence>): PhotoEvidence => ({
  reportId: 'r0',
  fileId: 'f0',
  displayId: null,
  hash: '0000000000000000',
  takenAt: null,
  receivedAt: '2026-03-01T00:00:00.000Z',
  unitId: 'u1',
  taskId: 't1',
  assignmentId: 'a1',
  reuseOf: null,
  ...over,
});

describe('evidence rules', () => {
  it('finds the closest earlier photo within the reuse distance, never the report itself', () => {
    const candidates = [
      row({ reportId: 'r1', hash: '000000000000003f' }), // 6 bits
      row({ reportId: 'r2', hash: '0000000000000003', receivedAt: '2026-03-02T00:00:00.000Z' }), // 2 bits
      row({ reportId: 'r3', hash: '00000000000000ff' }), // 8 bits: too far
      row({ reportId: 'self', hash: '0000000000000000' }),
    ];
    expect(findReuse('0000000000000000', candidates, { reportId: 'self' })).toMatchObject({
      reportId: 'r2',
      distance: 2,
    });
    expect(findReuse('ffffffffffffffff', candidates, { reportId: 'self' })).toBeNull();
  });

  it('flags a capture time more than a day from the receive time', () => {
    const at = '2026-03-10T02:00:00.000Z';
    expect(captureGap(null, at)).toBeNull();
    expect(captureGap('2026-03-09T20:00:00.000Z', at)).toBeNull();
    expect(captureGap('2026-03-07T02:00:00.000Z', at)).toBe(72);
  });

  it('reads EXIF dates as Beijing time unless they carry an offset', () => {
    expect(exifInstant('2026:03:10 09:15:00')).toBe('2026-03-10T01:15:00.000Z');
    expect(exifInstant('2026:03:10 09:15:00', '+09:00')).toBe('2026-03-10T00:15:00.000Z');
    expect(exifInstant('garbage')).toBeNull();
    expect(exifInstant(null)).toBeNull();
  });

  it('stamps the receive time in Beijing time and the unit', () => {
    expect(stampLines('2026-12-31T16:30:00.000Z', '市编办')).toEqual([
      '服务器接收 2027年1月1日 00:30（北京时间）',
      '市编办',
    ]);
  });
});
