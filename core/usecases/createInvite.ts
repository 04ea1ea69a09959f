/**
 * createInvite: an admin issues a code for a unit and role, valid 7 days unless said otherwise.
 * Permission: admin only (PERMISSIONS.createInvite).
 */
import { z } from 'zod';
import { isDubanError, notFound } from '../errors';
import type { Invite } from '../model';
import { audit, requireUnitInReach } from './access';
import { defineUseCase } from './define';
import { CODE_ALPHABET, CODE_LENGTH, DEFAULT_TTL_DAYS, inviteView } from './inviteCodes';

export const createInvite = defineUseCase({
  action: 'createInvite',
  schema: z.object({
    unitId: z.string().min(1).max(100),
    role: z.enum(['contact', 'supervisor', 'admin', 'viewer']),
    ttlDays: z.number().int().min(1).max(90).optional(),
  }),
  async run(ctx, input) {
    const unit = await ctx.rt.store.getUnit(input.unitId);
    if (!unit) throw notFound('这个单位', { unitId: input.unitId }, '请先在单位名录中添加');
    // a district's administrator issues the codes of its own subtree only
    await requireUnitInReach(ctx, unit.id);
    const ttlMs = (input.ttlDays ?? DEFAULT_TTL_DAYS) * 86400000;
    for (let attempt = 0; ; attempt++) {
      const invite: Invite = {
        code: ctx.rt.ids.random(CODE_LENGTH, CODE_ALPHABET),
        unitId: unit.id,
        role: input.role,
        createdBy: ctx.user.id,
        createdAt: ctx.now,
        expiresAt: new Date(Date.parse(ctx.now) + ttlMs).toISOString(),
        usedBy: null,
        usedAt: null,
        revokedAt: null,
      };
      try {
        await ctx.rt.store.createInvite(invite);
      } catch (e) {
        // a collision of random codes: draw again (a few times at most)
        if (isDubanError(e) && e.code === 'CONFLICT' && attempt < 3) continue;
        throw e;
      }
      await audit(ctx, 'createInvite', `invite:${invite.code}`, { unitId: unit.id, role: invite.role });
      return inviteView(invite, unit.name);
    }
  },
});
