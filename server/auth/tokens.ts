/**
 * Bearer tokens with an end: `<principal>.<issued, base-36 seconds>.v<TOKEN_VERSION>.<HMAC(secret, all before)>`.
 * A token is good for SESSION_DAYS after it was issued, and sliding: a request with a token older than
 * RENEW_AFTER_MS gets a fresh one in the `X-Duban-Token` answer header (the app keeps it: src/api/transport.ts),
 * so someone who uses the app keeps their session and one idle for 30 days binds again. The version ends every
 * older token at once when it changes (the earlier unversioned `<principal>.<HMAC>` tokens are refused).
 * Who the principal is (and whether they were removed from their unit) is the store's: checked on every request.
 * A principal is the local stand-in for a WeChat OPENID.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PRINCIPAL_RE = /^[A-Za-z0-9_-]{6,64}$/;

function mac(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url');
}

/** Compares two strings in constant time (for signatures). */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new random principal for a caller who has no token yet (so that `bind` can make it a user). */
export function newPrincipal(): string {
  return `p_${randomBytes(18).toString('base64url')}`;
}

export function isPrincipal(value: string): boolean {
  return PRINCIPAL_RE.test(value);
}

export const TOKEN_VERSION = 2;
export const SESSION_DAYS = 30;
const SESSION_MS = SESSION_DAYS * 86_400_000;
/** A token older than this is renewed on the next request (X-Duban-Token). */
export const RENEW_AFTER_MS = 86_400_000;

export function issueToken(secret: string, principal: string, nowMs: number = Date.now()): string {
  if (!isPrincipal(principal)) throw new Error(`not a principal: ${principal}`);
  const body = `${principal}.${Math.floor(nowMs / 1000).toString(36)}.v${TOKEN_VERSION}`;
  return `${body}.${mac(secret, 'token', body)}`;
}

export type Session = { principal: string; issuedAtMs: number; renew: boolean };

/**
 * What a token says: its principal, when it was issued and whether to renew it; 'expired' when it is signed but
 * older than SESSION_DAYS; 'revoked' when it is signed but of another TOKEN_VERSION (every session was ended at
 * once); null when it is malformed or not signed with this secret.
 */
export function verifySession(
  secret: string,
  token: string,
  nowMs: number = Date.now(),
): Session | 'expired' | 'revoked' | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [principal, issued, version, sig] = parts;
  if (!isPrincipal(principal) || !/^[0-9a-z]{1,10}$/.test(issued) || !/^v\d{1,3}$/.test(version)) return null;
  if (!signedWith(secret, token, () => sameSignature(sig, mac(secret, 'token', `${principal}.${issued}.${version}`)))) {
    return null;
  }
  const issuedAtMs = parseInt(issued, 36) * 1000;
  if (version !== `v${TOKEN_VERSION}`) return 'revoked';
  if (nowMs - issuedAtMs > SESSION_MS || issuedAtMs - nowMs > 300_000) return 'expired';
  return { principal, issuedAtMs, renew: nowMs - issuedAtMs > RENEW_AFTER_MS };
}

/**
 * Tokens whose signature was found good, per secret: a session sends the same token on every request, and its
 * signature is the same each time, so it is checked once (an HMAC through Node's crypto objects costs more than the
 * rest of the check). What depends on the time (expiry, renewal) is checked on every request. Only good signatures
 * are kept, so nobody without a signed token can fill it; past KEPT_SIGNATURES it starts again.
 */
const goodSignatures = new Map<string, Set<string>>();
const KEPT_SIGNATURES = 10_000;

function signedWith(secret: string, token: string, check: () => boolean): boolean {
  let good = goodSignatures.get(secret);
  if (good?.has(token)) return true;
  if (!check()) return false;
  if (!good) goodSignatures.set(secret, (good = new Set()));
  if (good.size >= KEPT_SIGNATURES) good.clear();
  good.add(token);
  return true;
}

/** The principal a valid, unexpired token stands for; null otherwise. */
export function verifyToken(secret: string, token: string, nowMs: number = Date.now()): string | null {
  const session = verifySession(secret, token, nowMs);
  return session && typeof session === 'object' ? session.principal : null;
}

/** Signature of a file URL valid until `exp` (Unix seconds). */
export function signFile(secret: string, fileId: string, exp: number): string {
  return mac(secret, 'file', `${fileId}:${exp}`);
}

export function verifyFileSignature(secret: string, fileId: string, exp: number, sig: string): boolean {
  return sameSignature(sig, signFile(secret, fileId, exp));
}
