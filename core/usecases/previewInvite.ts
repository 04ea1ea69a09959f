/**
 * previewInvite: what a code would bind to (unit, role, expiry), before binding.
 * Permission: anyone, bound or not (PERMISSIONS.previewInvite). A wrong code counts against the caller.
 */
import { z } from 'zod';
import { defineOpenUseCase } from './define';
import { normalizeCode, refuseInvite } from './inviteCodes';
import { inviteState } from './inviteRules';

export const previewInvite = defineOpenUseCase({
  action: 'previewInvite',
  schema: z.object({ code: z.string().trim().min(1).max(40) }),
  async run(ctx, input) {
    const invite = await ctx.rt.store.getInvite(normalizeCode(input.code));
    const state = inviteState(invite, ctx.now);
    if (state !== 'ok' || !invite) return refuseInvite(ctx, state === 'ok' ? 'invalid' : state);
    const unit = await ctx.rt.store.getUnit(invite.unitId);
    return { unitName: unit?.name ?? '', role: invite.role, expiresAt: invite.expiresAt };
  },
});
