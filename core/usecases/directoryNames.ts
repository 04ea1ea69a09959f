/**
 * A name or alias must point at one unit or collective only, or imports would resolve it at random.
 */
import type { Directory } from '../model';
import { conflict } from '../errors';
import { nameKey } from '../org/normalize';

/** Throws CONFLICT when `name` is already the name or an alias of another unit or collective than `selfId`. */
export function assertNameFree(dir: Directory, name: string, selfId: string | null): void {
  const key = nameKey(name);
  for (const entry of [...dir.units, ...dir.groups]) {
    if (entry.id === selfId) continue;
    if ([entry.name, ...entry.aliases].some((n) => nameKey(n) === key)) {
      throw conflict(`“${name}”已是“${entry.name}”的名称或别名，同一个名称只能指向一个单位或集合。`, {
        conflictsWith: entry.id,
      });
    }
  }
}
