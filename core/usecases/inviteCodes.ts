/**
 * Invite codes: random from an alphabet without look-alikes (no 0/O, 1/I/L), typed by hand from a chat message;
 * and the refusals. The rules (validity, rebinding, the brake on guessing) are in inviteRules.ts.
 */
import type { InviteView } from '../api/contract';
import type { Invite } from '../model';
import { inviteRefused, inviteThrottled } from '../errors';
import { formatChineseDateTime } from '../time';
import { forgetAttemptsBefore, retryAt as retryAtOf, wrongCodeWindowStart } from './inviteRules';
import type { Context } from './runtime';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;
export const DEFAULT_TTL_DAYS = 7;

/** What people type: lower case, spaces and dashes are forgiven. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Refuses a caller who got the code wrong too often lately, saying when to try again. */
export async function checkThrottle(ctx: Context): Promise<void> {
  const failures = await ctx.rt.store.failedAttemptsSince(ctx.caller.throttleKey, wrongCodeWindowStart(ctx.now));
  const retryAt = retryAtOf(failures);
  if (retryAt) {
    throw inviteThrottled(formatChineseDateTime(retryAt), { retryAt });
  }
}

/** The refusal for an invite that cannot be used; a wrong code counts against the caller. */
export async function refuseInvite(ctx: Context, outcome: 'invalid' | 'expired' | 'used' | 'revoked'): Promise<never> {
  if (outcome === 'invalid') {
    await ctx.rt.store.recordFailedAttempt(ctx.caller.throttleKey, ctx.now, forgetAttemptsBefore(ctx.now));
  }
  throw inviteRefused(outcome);
}

export function inviteView(invite: Invite, unitName: string): InviteView {
  return {
    code: invite.code,
    unitId: invite.unitId,
    unitName,
    role: invite.role,
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    usedAt: invite.usedAt,
    revokedAt: invite.revokedAt,
  };
}
