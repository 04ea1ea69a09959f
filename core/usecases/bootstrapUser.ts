/**
 * Making the first users of a database without anyone to invite them: the command line's system administrator,
 * the demo's people, and the first administrator of a fresh CloudBase environment. The user is bound through an
 * ordinary invite (written straight to the store, valid for an hour) so that binding and its audit entry are the
 * same as everyone else's.
 */
import type { UserRole } from '../model';
import { dispatch } from '.';
import { CODE_ALPHABET } from './inviteCodes';
import { SYSTEM_INVITE_TTL_MS } from './inviteRules';
import type { Caller, Runtime } from './runtime';

/** Makes `principal` a user of `unitId` with `role`; returns its caller. */
export async function bootstrapUser(
  rt: Runtime,
  principal: string,
  unitId: string,
  role: UserRole,
  name: string,
): Promise<Caller> {
  const now = rt.clock.now();
  const code = rt.ids.random(12, CODE_ALPHABET);
  await rt.store.createInvite({
    code,
    unitId,
    role,
    createdBy: 'system',
    createdAt: now,
    expiresAt: new Date(Date.parse(now) + SYSTEM_INVITE_TTL_MS).toISOString(),
    usedBy: null,
    usedAt: null,
    revokedAt: null,
  });
  const throttleKey = `system:${principal}`;
  await dispatch(rt, { principal, throttleKey, user: null }, 'bind', { code, name });
  const user = await rt.store.getUserByPrincipal(principal);
  if (!user) throw new Error(`bootstrap of ${principal} did not create a user`);
  return { principal, throttleKey, user };
}
