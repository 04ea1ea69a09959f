/**
 * listDirectory: the org directory (units with aliases and their parent, collectives with members), and the short
 * names of the caller's own district (core/org/directory.ts `levelSpellings`: 区发改局, 区直各单位, 各街道), which
 * the split sheet searches by.
 * Permission: any bound user (PERMISSIONS.listDirectory): names are not secret and the app shows them.
 */
import { levelSpellings } from '../org/directory';
import { reachOf } from '../org/levels';
import { defineUseCase, noInput } from './define';

export const listDirectory = defineUseCase({
  action: 'listDirectory',
  schema: noInput,
  async run(ctx) {
    const dir = await ctx.rt.store.getDirectory();
    const reach = reachOf(dir.units, ctx.user.unitId);
    const rootId = reach.all ? null : reach.rootId;
    return {
      units: dir.units.map((u) => ({
        id: u.id,
        name: u.name,
        aliases: u.aliases,
        kind: u.kind,
        parentId: u.parentId ?? null,
      })),
      groups: dir.groups.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases, members: g.members })),
      levelNames: rootId ? levelSpellings(dir, rootId).map(({ kind, id, spellings }) => ({ kind, id, spellings })) : [],
    };
  },
});
