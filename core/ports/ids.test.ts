import { cryptoIdsOf } from './ids';

describe('cryptoIdsOf', () => {
  it('takes ids from randomUUID and each character from randomInt over the alphabet', () => {
    const picks = [0, 2, 1, 2];
    const asked: number[] = [];
    const ids = cryptoIdsOf({
      randomUUID: () => 'uuid-1',
      randomInt: (max) => {
        asked.push(max);
        return picks.shift() ?? 0;
      },
    });
    expect(ids.id()).toBe('uuid-1');
    expect(ids.random(4, 'ABC')).toBe('ACBC');
    expect(asked).toEqual([3, 3, 3, 3]);
    expect(ids.random(0, 'ABC')).toBe('');
  });
});
