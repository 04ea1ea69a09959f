import { deepFreeze } from '../frozen';
import type { Unit } from '../model';
import type { Runtime } from './runtime';
import { unitNames } from './views';

const unit = (id: string, name: string): Unit => ({ id, name, aliases: [], kind: 'other' });

describe('unitNames', () => {
  it('names each directory read once, and a directory read again after a change anew', async () => {
    let directory = deepFreeze([unit('u-1', '市发改委'), unit('u-2', '市财政局')]);
    const rt = { store: { listUnits: async () => directory } } as unknown as Runtime;
    const names = await unitNames(rt);
    expect(names.get('u-1')).toBe('市发改委');
    // the same directory (a store keeping it): the same names, read by every caller with it
    expect(await unitNames(rt)).toBe(names);
    expect(await unitNames(rt, directory)).toBe(names);
    // the directory changed: a new list, new names
    directory = deepFreeze([unit('u-1', '市发展和改革委员会'), unit('u-2', '市财政局')]);
    const renamed = await unitNames(rt);
    expect(renamed).not.toBe(names);
    expect(renamed.get('u-1')).toBe('市发展和改革委员会');
    expect(names.get('u-1')).toBe('市发改委');
  });
});
