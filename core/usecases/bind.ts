/**
 * bind: turns an invite code into a user of the code's unit and role (单次有效). A caller already bound moves to
 * the new code's unit and role, keeping its history. The runtime issues the session token (server) or relies on
 * the OPENID (CloudBase).
 * Permission: anyone (PERMISSIONS.bind); the caller must have a principal. Wrong codes are slowed down.
 */
import { z } from 'zod';
import { unknownCaller } from '../errors';
import { audit } from './access';
import { defineOpenUseCase } from './define';
import { normalizeCode, refuseInvite } from './inviteCodes';
import { consumeInvite } from './inviteRules';
import { meView } from './views';
import { requireCleanText } from './contentGuard';

export const bind = defineOpenUseCase({
  action: 'bind',
  schema: z.object({
    code: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(20).optional(),
  }),
  async run(ctx, input) {
    const principal = ctx.caller.principal;
    if (!principal) throw unknownCaller();
    await requireCleanText(ctx, '姓名', input.name);
    const code = normalizeCode(input.code);
    const { outcome, user } = await consumeInvite(ctx.rt.store, code, ctx.now, {
      id: ctx.rt.ids.id(),
      principal,
      unitId: '',
      role: 'contact',
      name: input.name ?? null,
      createdAt: ctx.now,
    });
    if (outcome !== 'ok') return refuseInvite(ctx, outcome);
    await audit({ rt: ctx.rt, now: ctx.now, user }, 'bind', `user:${user.id}`, {
      code,
      unitId: user.unitId,
      role: user.role,
    });
    return { me: await meView(ctx.rt, user) };
  },
});
