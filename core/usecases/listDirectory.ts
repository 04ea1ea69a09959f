/**
 * listDirectory: the org directory (units with aliases and their parent, collectives with members).
 * Permission: any bound user (PERMISSIONS.listDirectory): names are not secret and the app shows them.
 */
import { defineUseCase, noInput } from './define';

export const listDirectory = defineUseCase({
  action: 'listDirectory',
  schema: noInput,
  async run(ctx) {
    const dir = await ctx.rt.store.getDirectory();
    return {
      units: dir.units.map((u) => ({
        id: u.id,
        name: u.name,
        aliases: u.aliases,
        kind: u.kind,
        parentId: u.parentId ?? null,
      })),
      groups: dir.groups.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases, members: g.members })),
    };
  },
});
