/**
 * The rules of invites and wrong codes, in one place; the stores only read and write (core/ports/store.ts):
 * - when an invite can be used (not revoked, not used, not expired: an invite expiring at `now` is expired);
 * - what a code does to a caller already bound (the user keeps its id and history, takes the code's unit and role,
 *   and keeps its name unless a new one is given);
 * - the brake on guessing, per code space: MAX_WRONG_CODES wrong codes from one address (or OPENID) within
 *   WRONG_CODE_WINDOW_MINUTES, or GLOBAL_WRONG_CODES_PER_MINUTE wrong codes from everyone in a minute, and further
 *   wrong codes are answered RATE_LIMITED (429) instead of INVITE_INVALID. A valid code is never refused: it is looked
 *   up first, so a caller behind a proxy that makes everyone one address, or an address an attacker got locked, still
 *   binds with the code an admin gave. What stops guessing is the code space (31^10 ≈ 8×10^14 codes,
 *   inviteCodes.ts): at the global budget a guesser needs millions of years per code; the budget bounds the rows a
 *   flood writes and tells it apart in the log.
 * - attempts older than FAILED_ATTEMPT_MEMORY_MS are forgotten, every caller's (pruned when the next one is recorded).
 */
import type { Instant, Invite, User } from '../model';
import type { InviteDecision, InviteOutcome, Store } from '../ports/store';

export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MINUTES = 15;
/** Wrong codes from all callers together within a minute, before further wrong codes are RATE_LIMITED. */
export const GLOBAL_WRONG_CODES_PER_MINUTE = 60;
/** The key the global budget is counted under (beside each caller's own key). */
export const GLOBAL_THROTTLE_KEY = '*';
/** How long an invite the system writes for itself (bootstrapUser) stays valid: an hour. */
export const SYSTEM_INVITE_TTL_MS = 3_600_000;
/** How long a wrong code is remembered: a day, far longer than the window it counts in. */
export const FAILED_ATTEMPT_MEMORY_MS = 86_400_000;

/** Whether an invite can still be used at `now`, and if not, why. */
export function inviteState(invite: Invite | null, now: Instant): InviteOutcome {
  if (!invite) return 'invalid';
  if (invite.revokedAt) return 'revoked';
  if (invite.usedBy) return 'used';
  if (Date.parse(invite.expiresAt) <= Date.parse(now)) return 'expired';
  return 'ok';
}

/** The user an invite binds: `candidate` when the principal is new; else the bound user moved to the code's unit. */
export function boundUser(invite: Invite, candidate: User, prior: User | null): User {
  if (prior) return { ...prior, unitId: invite.unitId, role: invite.role, name: candidate.name ?? prior.name };
  return { ...candidate, unitId: invite.unitId, role: invite.role };
}

/** What consuming `invite` at `at` does for `candidate`, given the user its principal is bound to already. */
export function decideInvite(invite: Invite | null, at: Instant, candidate: User, prior: User | null): InviteDecision {
  const state = inviteState(invite, at);
  if (state !== 'ok' || !invite) return { outcome: state === 'ok' ? 'invalid' : state, user: null };
  return { outcome: 'ok', user: boundUser(invite, candidate, prior) };
}

/** Consumes a code for `candidate` atomically under the rules above (only one of many concurrent consumers wins). */
export function consumeInvite(store: Store, code: string, at: Instant, candidate: User): Promise<InviteDecision> {
  return store.consumeInvite(code, at, candidate.principal, (invite, prior) =>
    decideInvite(invite, at, candidate, prior),
  );
}

/** The instant from which failed attempts count against a caller at `now`. */
export function wrongCodeWindowStart(now: Instant): Instant {
  return new Date(Date.parse(now) - WRONG_CODE_WINDOW_MINUTES * 60000).toISOString();
}

/** When a caller with these failed attempts (oldest first, within the window) may try again; null: it may now. */
export function retryAt(failures: Instant[]): Instant | null {
  if (failures.length < MAX_WRONG_CODES) return null;
  const oldestCounted = failures[failures.length - MAX_WRONG_CODES];
  return new Date(Date.parse(oldestCounted) + WRONG_CODE_WINDOW_MINUTES * 60000).toISOString();
}

/** Failed attempts before this instant may be forgotten when one is recorded at `at`. */
export function forgetAttemptsBefore(at: Instant): Instant {
  return new Date(Date.parse(at) - FAILED_ATTEMPT_MEMORY_MS).toISOString();
}

/** The instant from which failed attempts count against the global budget at `now`. */
export function globalWindowStart(now: Instant): Instant {
  return new Date(Date.parse(now) - 60_000).toISOString();
}

/** Whether the wrong codes of everyone in the last minute (oldest first) use up the global budget. */
export function overGlobalBudget(failures: Instant[]): boolean {
  return failures.length >= GLOBAL_WRONG_CODES_PER_MINUTE;
}
