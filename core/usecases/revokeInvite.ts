/**
 * revokeInvite: an unused code stops working.
 * Permission: admin only (PERMISSIONS.revokeInvite).
 */
import { z } from 'zod';
import { conflict, notFound } from '../errors';
import { audit, requireUnitInReach } from './access';
import { defineUseCase } from './define';
import { normalizeCode } from './inviteCodes';

export const revokeInvite = defineUseCase({
  action: 'revokeInvite',
  schema: z.object({ code: z.string().trim().min(1).max(40) }),
  async run(ctx, input) {
    const code = normalizeCode(input.code);
    const before = await ctx.rt.store.getInvite(code);
    // a district's administrator revokes the codes of its own subtree only
    if (before) await requireUnitInReach(ctx, before.unitId);
    if (!(await ctx.rt.store.revokeInvite(code, ctx.now))) {
      const invite = await ctx.rt.store.getInvite(code);
      if (!invite) throw notFound('这个邀请码', undefined, '请核对后重试');
      throw conflict('这个邀请码已经使用过或已作废，无需再作废。');
    }
    const revoked = await ctx.rt.store.getInvite(code);
    await audit(ctx, 'revokeInvite', `invite:${code}`, revoked ? { unitId: revoked.unitId } : {});
    return { ok: true as const };
  },
});
