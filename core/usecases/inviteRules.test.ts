import type { Invite, User } from '../model';
import {
  FAILED_ATTEMPT_MEMORY_MS,
  MAX_WRONG_CODES,
  WRONG_CODE_WINDOW_MINUTES,
  boundUser,
  decideInvite,
  forgetAttemptsBefore,
  inviteState,
  retryAt,
  wrongCodeWindowStart,
} from './inviteRules';

const NOW = '2026-03-01T02:00:00.000Z';
const min = (m: number) => new Date(Date.parse(NOW) + m * 60000).toISOString();

const invite: Invite = {
  code: 'ABCD2345',
  unitId: 'u-furong',
  role: 'supervisor',
  createdBy: 'admin',
  createdAt: min(-60),
  expiresAt: min(60),
  usedBy: null,
  usedAt: null,
  revokedAt: null,
};
const candidate: User = {
  id: 'user-new',
  principal: 'openid-1',
  unitId: '',
  role: 'contact',
  name: null,
  createdAt: NOW,
};
const prior: User = { ...candidate, id: 'user-1', unitId: 'u-bianban', name: '张三', createdAt: min(-600) };

describe('invite rules', () => {
  it('an invite is usable until it is revoked, used or expired (expiring now is expired)', () => {
    expect(inviteState(invite, NOW)).toBe('ok');
    expect(inviteState(null, NOW)).toBe('invalid');
    expect(inviteState({ ...invite, revokedAt: min(-1), usedBy: 'x' }, NOW)).toBe('revoked');
    expect(inviteState({ ...invite, usedBy: 'x' }, NOW)).toBe('used');
    expect(inviteState(invite, min(60))).toBe('expired');
    expect(inviteState(invite, min(59))).toBe('ok');
  });

  it('a new principal becomes the candidate in the code’s unit and role', () => {
    expect(boundUser(invite, candidate, null)).toEqual({ ...candidate, unitId: 'u-furong', role: 'supervisor' });
  });

  it('a bound principal keeps its id and name, taking the code’s unit and role; a new name wins', () => {
    expect(boundUser(invite, candidate, prior)).toEqual({ ...prior, unitId: 'u-furong', role: 'supervisor' });
    expect(boundUser(invite, { ...candidate, name: '李四' }, prior).name).toBe('李四');
  });

  it('decides: a refusal carries no user, ok carries the bound user', () => {
    expect(decideInvite(null, NOW, candidate, null)).toEqual({ outcome: 'invalid', user: null });
    expect(decideInvite({ ...invite, usedBy: 'x' }, NOW, candidate, prior)).toEqual({ outcome: 'used', user: null });
    expect(decideInvite(invite, NOW, candidate, prior)).toEqual({
      outcome: 'ok',
      user: { ...prior, unitId: 'u-furong', role: 'supervisor' },
    });
  });

  it('wrong codes: the window, the retry instant after the limit, and a day of memory', () => {
    expect(wrongCodeWindowStart(NOW)).toBe(min(-WRONG_CODE_WINDOW_MINUTES));
    const failures = Array.from({ length: MAX_WRONG_CODES }, (_, i) => min(-10 + i));
    expect(retryAt(failures.slice(1))).toBeNull();
    expect(retryAt(failures)).toBe(min(-10 + WRONG_CODE_WINDOW_MINUTES));
    expect(retryAt([min(-14), ...failures])).toBe(min(-10 + WRONG_CODE_WINDOW_MINUTES));
    expect(forgetAttemptsBefore(NOW)).toBe(new Date(Date.parse(NOW) - FAILED_ATTEMPT_MEMORY_MS).toISOString());
    expect(FAILED_ATTEMPT_MEMORY_MS).toBeGreaterThan(WRONG_CODE_WINDOW_MINUTES * 60000);
  });
});
