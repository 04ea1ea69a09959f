/**
 * saveUnit: an admin adds a unit or changes one (name, aliases, kind).
 * A renamed unit keeps its old name as an alias: officials go on writing the old name in their tables for years,
 * and imports must still find the unit by it.
 * Permission: admin only (PERMISSIONS.saveUnit).
 */
import { z } from 'zod';
import { notFound } from '../errors';
import type { Unit, UnitKind } from '../model';
import { audit } from './access';
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
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const existing = input.id ? await store.getUnit(input.id) : null;
    if (input.id && !existing) throw notFound('这个单位', { unitId: input.id });
    const oldName = existing && nameKey(existing.name) !== nameKey(input.name) ? [existing.name] : [];
    const unit: Unit = {
      id: existing?.id ?? ctx.rt.ids.id(),
      name: input.name,
      aliases: distinctOtherThan([...(input.aliases ?? existing?.aliases ?? []), ...oldName], input.name),
      kind: (input.kind as UnitKind | undefined) ?? existing?.kind ?? 'other',
    };
    const dir = await store.getDirectory();
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
      before: existing ? { name: existing.name, aliases: existing.aliases, kind: existing.kind } : null,
    });
    return { id: unit.id, name: unit.name, aliases: unit.aliases, kind: unit.kind };
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
