/**
 * Offboarding (联络员 change often): an admin sees each unit's people (listUnitUsers) and removes one who left,
 * or replaces them (removeUser with `replace`: the same unit and role get a fresh invite code to hand to the
 * successor). A removed person acts no more from their next request, on both runtimes (Store.removeUser: their
 * token / OPENID finds no user, so no action runs and no photo URL is issued to them); what they did stays in
 * the history under their name. An admin cannot remove themselves (the last way in).
 * Permission: admin only (PERMISSIONS.listUnitUsers, PERMISSIONS.removeUser); an admin bound to a district only
 * within its own subtree (requireUnitInReach, as createInvite).
 */
import { z } from 'zod';
import type { UnitUserView } from '../api/contract';
import { conflict, notFound } from '../errors';
import type { User } from '../model';
import { audit, requireUnitInReach } from './access';
import { createInvite } from './createInvite';
import { defineUseCase } from './define';

function unitUserView(u: User): UnitUserView {
  return { id: u.id, name: u.name, role: u.role, unitId: u.unitId, createdAt: u.createdAt };
}

export const listUnitUsers = defineUseCase({
  action: 'listUnitUsers',
  schema: z.object({ unitId: z.string().min(1).max(100) }),
  async run(ctx, input) {
    const unit = await ctx.rt.store.getUnit(input.unitId);
    if (!unit) throw notFound('这个单位', { unitId: input.unitId });
    await requireUnitInReach(ctx, unit.id);
    return (await ctx.rt.store.listUsersOfUnit(unit.id)).map(unitUserView);
  },
});

export const removeUser = defineUseCase({
  action: 'removeUser',
  schema: z.object({ userId: z.string().min(1).max(100), replace: z.boolean().optional() }),
  async run(ctx, input) {
    if (input.userId === ctx.user.id) {
      throw conflict('不能移出您自己：请由另一位管理员操作。');
    }
    const person = await ctx.rt.store.getUser(input.userId);
    if (person) await requireUnitInReach(ctx, person.unitId);
    const removed = person ? await ctx.rt.store.removeUser(person.id, ctx.now) : null;
    if (!removed) throw notFound('这个人员', { userId: input.userId }, '可能已被移出，请刷新后重试');
    await audit(ctx, 'removeUser', `user:${removed.id}`, {
      unitId: removed.unitId,
      role: removed.role,
      name: removed.name,
      replace: input.replace === true,
    });
    const invite = input.replace ? await createInvite.run(ctx, { unitId: removed.unitId, role: removed.role }) : null;
    return { removed: unitUserView(removed), invite };
  },
});
