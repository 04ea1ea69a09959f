/**
 * Puts an org directory (units and collectives, e.g. data/directory.json) into an empty store, so that admins can
 * edit it from then on. Whoever creates a database calls it once; on a store that has units it does nothing.
 */
import type { Directory } from '../model';
import type { Store } from '../ports/store';

export async function seedDirectory(store: Store, directory: Directory): Promise<{ seeded: boolean }> {
  if ((await store.listUnits()).length > 0) return { seeded: false };
  for (const unit of directory.units) await store.saveUnit(unit);
  for (const group of directory.groups) await store.saveGroup(group);
  return { seeded: true };
}
