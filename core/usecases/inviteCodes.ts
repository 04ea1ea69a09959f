/**
 * Invite codes: random from an alphabet without look-alikes (no 0/O, 1/I/L), typed by hand from a chat message;
 * and the refusals. The rules (validity, rebinding, the brake on guessing) are in inviteRules.ts.
 */
import type { InviteView } from '../api/contract';
import type { Invite } from '../model';
import { DubanError } from '../errors';
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
    throw new DubanError(
      'RATE_LIMITED',
      `邀请码输错次数过多，请在 ${formatChineseDateTime(retryAt)} 之后再试，或联系管理员确认邀请码。`,
      { retryAt },
    );
  }
}

/** The refusal for an invite that cannot be used; a wrong code counts against the caller. */
export async function refuseInvite(ctx: Context, outcome: 'invalid' | 'expired' | 'used' | 'revoked'): Promise<never> {
  switch (outcome) {
    case 'invalid':
      await ctx.rt.store.recordFailedAttempt(ctx.caller.throttleKey, ctx.now, forgetAttemptsBefore(ctx.now));
      throw new DubanError('INVITE_INVALID', '邀请码不对，请核对后重新输入（不区分大小写）。');
    case 'expired':
      throw new DubanError('INVITE_EXPIRED', '邀请码已过期，请联系管理员重新生成。');
    case 'used':
      throw new DubanError('INVITE_USED', '这个邀请码已经被使用过了，请联系管理员重新生成。');
    case 'revoked':
      throw new DubanError('INVITE_INVALID', '这个邀请码已被管理员作废，请联系管理员重新生成。');
  }
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
