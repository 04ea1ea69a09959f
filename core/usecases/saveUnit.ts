/**
 * saveUnit: an admin adds a unit or changes one (name, aliases, kind).
 * Permission: admin only (PERMISSIONS.saveUnit).
 */
import { z } from 'zod';
import { DubanError } from '../errors';
import type { Unit, UnitKind } from '../model';
import { audit } from './access';
import { defineUseCase } from './define';
import { assertNameFree } from './directoryNames';

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
    if (input.id && !existing) throw new DubanError('NOT_FOUND', '找不到这个单位，请刷新后重试。');
    const unit: Unit = {
      id: existing?.id ?? ctx.rt.ids.id(),
      name: input.name,
      aliases: [...new Set(input.aliases ?? existing?.aliases ?? [])].filter((a) => a !== input.name),
      kind: (input.kind as UnitKind | undefined) ?? existing?.kind ?? 'other',
    };
    const dir = await store.getDirectory();
    for (const n of [unit.name, ...unit.aliases]) assertNameFree(dir, n, unit.id);
    await store.saveUnit(unit);
    await audit(ctx, existing ? 'updateUnit' : 'createUnit', `unit:${unit.id}`, {
      name: unit.name,
      aliases: unit.aliases,
      kind: unit.kind,
      before: existing ? { name: existing.name, aliases: existing.aliases, kind: existing.kind } : null,
    });
    return { id: unit.id, name: unit.name, aliases: unit.aliases, kind: unit.kind };
  },
});
