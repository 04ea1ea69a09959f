import { deepFreeze, derivedFrom } from './frozen';

describe('derivedFrom', () => {
  it('derives once per frozen value, and anew on every call for a value that is not frozen', () => {
    const memo = new WeakMap<number[], number>();
    let made = 0;
    const sum = (xs: number[]) => derivedFrom(memo, xs, () => (made++, xs.reduce((a, b) => a + b, 0)));
    const frozen = deepFreeze([1, 2, 3]) as number[];
    expect([sum(frozen), sum(frozen)]).toEqual([6, 6]);
    expect(made).toBe(1);
    const open = [1, 2, 3];
    expect(sum(open)).toBe(6);
    open.push(4);
    expect(sum(open)).toBe(10);
    expect(made).toBe(3);
  });
});
