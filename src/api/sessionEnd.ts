import Taro from '@tarojs/taro';

/**
 * Why the server ended this device's session, kept until the official binds again: the bind page says it
 * (「登录已超过 30 天未使用…」「您已被管理员移出本单位…」) instead of a bare form. The server's own sentence is kept,
 * so each reason reads as the server worded it (core/errors.ts sessionExpired, sessionRevoked, userRemoved).
 */
export interface SessionEnd {
  code: string;
  message: string;
  at: number;
}

/** The codes that end a session that was there: an expired or revoked token, a person removed by an admin. */
export const SESSION_END_CODES = new Set(['UNAUTHENTICATED', 'USER_REMOVED']);

const KEY = 'duban.sessionEnd';

export function noteSessionEnd(code: string, message: string): void {
  if (!SESSION_END_CODES.has(code)) return;
  try {
    Taro.setStorageSync(KEY, { code, message, at: Date.now() } satisfies SessionEnd);
  } catch {
    // storage full: the bind page shows its form alone
  }
}

export function readSessionEnd(): SessionEnd | null {
  try {
    const raw = Taro.getStorageSync(KEY) as SessionEnd | '';
    return raw && typeof raw === 'object' && typeof raw.message === 'string' ? raw : null;
  } catch {
    return null;
  }
}

export function clearSessionEnd(): void {
  try {
    Taro.removeStorageSync(KEY);
  } catch {
    // nothing kept
  }
}
