/**
 * addAlias: another spelling of a unit or collective (市编委办 for 市编办), so that imports recognise it.
 * Permission: admin only (PERMISSIONS.addAlias).
 */
import { z } from 'zod';
import { notFound } from '../errors';
import { audit } from './access';
import { defineUseCase } from './define';
import { assertNameFree } from './directoryNames';
import { requireCleanText } from './contentGuard';

export const addAlias = defineUseCase({
  action: 'addAlias',
  schema: z.object({ targetId: z.string().min(1).max(100), alias: z.string().trim().min(1).max(50) }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const dir = await store.getDirectory();
    assertNameFree(dir, input.alias, input.targetId);
    await requireCleanText(ctx, '别名', input.alias);
    const unit = dir.units.find((u) => u.id === input.targetId);
    const group = dir.groups.find((g) => g.id === input.targetId);
    if (unit) {
      if (unit.name !== input.alias && !unit.aliases.includes(input.alias)) {
        await store.saveUnit({ ...unit, aliases: [...unit.aliases, input.alias] });
      }
    } else if (group) {
      if (group.name !== input.alias && !group.aliases.includes(input.alias)) {
        await store.saveGroup({ ...group, aliases: [...group.aliases, input.alias] });
      }
    } else {
      throw notFound('这个单位或集合', { targetId: input.targetId });
    }
    await audit(ctx, 'addAlias', `${unit ? 'unit' : 'group'}:${input.targetId}`, {
      alias: input.alias,
      ...(unit ? { unitId: unit.id } : {}),
    });
    return { ok: true as const };
  },
});
