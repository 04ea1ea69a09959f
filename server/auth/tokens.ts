/**
 * Stateless bearer tokens: `<principal>.<HMAC(secret, principal)>`. The server keeps no sessions; a token
 * is valid as long as the secret is unchanged. A principal is the local stand-in for a WeChat OPENID.
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

export function issueToken(secret: string, principal: string): string {
  if (!isPrincipal(principal)) throw new Error(`not a principal: ${principal}`);
  return `${principal}.${mac(secret, 'token', principal)}`;
}

/** The principal a token stands for, or null when it is malformed or not signed with this secret. */
export function verifyToken(secret: string, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const principal = token.slice(0, dot);
  if (!isPrincipal(principal)) return null;
  return sameSignature(token.slice(dot + 1), mac(secret, 'token', principal)) ? principal : null;
}

/** Signature of a file URL valid until `exp` (Unix seconds). */
export function signFile(secret: string, fileId: string, exp: number): string {
  return mac(secret, 'file', `${fileId}:${exp}`);
}

export function verifyFileSignature(secret: string, fileId: string, exp: number, sig: string): boolean {
  return sameSignature(sig, signFile(secret, fileId, exp));
}
