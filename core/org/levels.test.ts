import { deepFreeze } from '../frozen';
import type { Unit } from '../model';
import { chainOf, isWithin, reachOf, subtreeOf, unitsBelow } from './levels';

const unit = (id: string, parentId: string | null = null, kind: Unit['kind'] = 'other'): Unit => ({
  id,
  name: id,
  aliases: [],
  kind,
  ...(parentId ? { parentId } : {}),
});

const directory = (): Unit[] => [
  unit('city', null, 'city'),
  unit('furong', null, 'district'),
  unit('furong-fagai', 'furong'),
  unit('furong-fagai-1', 'furong-fagai'),
  unit('tianxin', null, 'district'),
];

describe('what follows from a directory with levels', () => {
  it('gives the same answers for a frozen directory (indexed once) as for one that is not', () => {
    const open = directory();
    const frozen = deepFreeze(directory());
    for (const units of [open, frozen]) {
      expect(chainOf(units, 'furong-fagai-1').map((u) => u.id)).toEqual(['furong', 'furong-fagai', 'furong-fagai-1']);
      expect([...subtreeOf(units, 'furong')].sort()).toEqual(['furong', 'furong-fagai', 'furong-fagai-1']);
      expect([...unitsBelow(units, 'furong-fagai')]).toEqual(['furong-fagai-1']);
      expect(isWithin(units, 'furong-fagai-1', 'furong')).toBe(true);
      expect(isWithin(units, 'furong-fagai-1', 'tianxin')).toBe(false);
      expect(reachOf(units, 'city')).toEqual({ all: true, rootId: null });
    }
    // asked again, the frozen one answers the same from what it kept
    expect(chainOf(frozen, 'furong-fagai-1').map((u) => u.id)).toEqual(['furong', 'furong-fagai', 'furong-fagai-1']);
    expect(unitsBelow(frozen, 'furong').size).toBe(2);
  });

  it('reads a directory that is not frozen anew on every call, so a change to it is seen', () => {
    const units = directory();
    expect(unitsBelow(units, 'tianxin').size).toBe(0);
    expect(chainOf(units, 'tianxin-1')).toEqual([]);
    units.push(unit('tianxin-1', 'tianxin'));
    expect([...unitsBelow(units, 'tianxin')]).toEqual(['tianxin-1']);
    expect(chainOf(units, 'tianxin-1').map((u) => u.id)).toEqual(['tianxin', 'tianxin-1']);
  });

  it('does not let one caller change what another is given from a frozen directory', () => {
    const frozen = deepFreeze(directory());
    unitsBelow(frozen, 'furong').add('intruder');
    chainOf(frozen, 'furong-fagai').pop();
    expect([...unitsBelow(frozen, 'furong')].sort()).toEqual(['furong-fagai', 'furong-fagai-1']);
    expect(chainOf(frozen, 'furong-fagai').map((u) => u.id)).toEqual(['furong', 'furong-fagai']);
  });
});
