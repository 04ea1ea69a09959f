/**
 * Invite codes: random from an alphabet without look-alikes (no 0/O, 1/I/L), typed by hand from a chat message;
 * and the refusals. The rules (validity, rebinding, the brake on guessing) are in inviteRules.ts.
 */
import type { InviteView } from '../api/contract';
import type { Invite } from '../model';
import { inviteRefused, inviteThrottled } from '../errors';
import { formatChineseDateTime } from '../time';
import {
  forgetAttemptsBefore,
  GLOBAL_THROTTLE_KEY,
  globalWindowStart,
  overGlobalBudget,
  retryAt as retryAtOf,
  wrongCodeWindowStart,
} from './inviteRules';
import type { Context } from './runtime';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 10;
export const DEFAULT_TTL_DAYS = 7;

/** What people type: lower case, spaces and dashes are forgiven. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * After a wrong code: RATE_LIMITED when the caller (or everyone together) got codes wrong too often lately, saying
 * when to try again; nothing otherwise. Called only once a code turned out not to be valid (inviteRules.ts: a valid
 * code is never refused).
 */
export async function checkThrottle(ctx: Context): Promise<void> {
  const failures = await ctx.rt.store.failedAttemptsSince(ctx.caller.throttleKey, wrongCodeWindowStart(ctx.now));
  const retryAt = retryAtOf(failures);
  if (retryAt) {
    throw inviteThrottled(formatChineseDateTime(retryAt), { retryAt });
  }
  const everyone = await ctx.rt.store.failedAttemptsSince(GLOBAL_THROTTLE_KEY, globalWindowStart(ctx.now));
  if (overGlobalBudget(everyone)) {
    const at = new Date(Date.parse(everyone[0]) + 60_000).toISOString();
    throw inviteThrottled(formatChineseDateTime(at), { retryAt: at, global: true });
  }
}

/** The refusal for an invite that cannot be used; a wrong code counts against the caller and the global budget. */
export async function refuseInvite(ctx: Context, outcome: 'invalid' | 'expired' | 'used' | 'revoked'): Promise<never> {
  if (outcome === 'invalid') {
    try {
      await checkThrottle(ctx);
    } finally {
      const forget = forgetAttemptsBefore(ctx.now);
      await ctx.rt.store.recordFailedAttempt(ctx.caller.throttleKey, ctx.now, forget);
      await ctx.rt.store.recordFailedAttempt(GLOBAL_THROTTLE_KEY, ctx.now, forget);
    }
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
