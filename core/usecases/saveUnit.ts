/**
 * saveUnit: an admin adds a unit or changes one (name, aliases, kind, the unit it belongs to).
 * Levels: a district's administrator keeps its own subtree only (the unit and its parent within its reach, and never
 * a unit at the top); a unit is never put under itself or its own subtree. A unit under another takes the kind of
 * its parent unless one is given.
 * A renamed unit keeps its old name as an alias: officials go on writing the old name in their tables for years,
 * and imports must still find the unit by it.
 * Permission: admin only (PERMISSIONS.saveUnit).
 */
import { z } from 'zod';
import { badInput, notFound, outOfReach } from '../errors';
import type { Unit, UnitKind } from '../model';
import { wouldCycle } from '../org/levels';
import { audit, callerReach } from './access';
import { defineUseCase } from './define';
import { nameKey } from '../org/normalize';
import { assertNameFree } from './directoryNames';
import { requireCleanTexts } from './contentGuard';

const name = z.string().trim().min(1).max(50);

export const saveUnit = defineUseCase({
  action: 'saveUnit',
  schema: z.object({
    id: z.string().min(1).max(100).optional(),
    name,
    aliases: z.array(name).max(30).optional(),
    kind: z.enum(['city', 'district', 'park', 'other']).optional(),
    parentId: z.string().min(1).max(100).nullable().optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const existing = input.id ? await store.getUnit(input.id) : null;
    if (input.id && !existing) throw notFound('这个单位', { unitId: input.id });
    const reach = await callerReach(ctx);
    const parentId = input.parentId === undefined ? (existing?.parentId ?? null) : input.parentId;
    const dir = await store.getDirectory();
    const parent = parentId ? dir.units.find((u) => u.id === parentId) : null;
    if (parentId && !parent) throw notFound('上级单位', { parentId });
    if (!reach.all) {
      // a district's administrator: its own subtree, and the district itself stays where it is
      if (existing && !reach.unitIds.has(existing.id)) throw outOfReach({ unitId: existing.id });
      if (existing?.id !== reach.rootId && (!parentId || !reach.unitIds.has(parentId))) {
        throw outOfReach({ parentId });
      }
      if (existing?.id === reach.rootId && parentId !== (existing.parentId ?? null)) throw outOfReach({ parentId });
    }
    if (existing && wouldCycle(dir.units, existing.id, parentId)) {
      throw badInput('「上级单位」不能是这个单位本身或它的下级单位，请修改后重试。');
    }
    const oldName = existing && nameKey(existing.name) !== nameKey(input.name) ? [existing.name] : [];
    const unit: Unit = {
      id: existing?.id ?? ctx.rt.ids.id(),
      name: input.name,
      aliases: distinctOtherThan([...(input.aliases ?? existing?.aliases ?? []), ...oldName], input.name),
      kind: (input.kind as UnitKind | undefined) ?? existing?.kind ?? parent?.kind ?? 'other',
      parentId,
    };
    for (const n of [unit.name, ...unit.aliases]) assertNameFree(dir, n, unit.id);
    await requireCleanTexts(ctx, [
      ['单位名称', unit.name],
      ...unit.aliases.map((a): [string, string] => ['单位别名', a]),
    ]);
    await store.saveUnit(unit);
    await audit(ctx, existing ? 'updateUnit' : 'createUnit', `unit:${unit.id}`, {
      unitId: unit.id,
      name: unit.name,
      aliases: unit.aliases,
      kind: unit.kind,
      parentId: unit.parentId,
      before: existing
        ? { name: existing.name, aliases: existing.aliases, kind: existing.kind, parentId: existing.parentId ?? null }
        : null,
    });
    return { id: unit.id, name: unit.name, aliases: unit.aliases, kind: unit.kind, parentId: unit.parentId ?? null };
  },
});

/** The spellings once each (by name key), without the unit's own name. */
function distinctOtherThan(spellings: string[], name: string): string[] {
  const seen = new Set([nameKey(name)]);
  return spellings.filter((s) => {
    const key = nameKey(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
