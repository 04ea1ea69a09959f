import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecret, secretPathFor } from './secret';
import { issueToken, newPrincipal, SESSION_DAYS, verifySession, verifyToken } from './tokens';

describe('bearer tokens', () => {
  const secret = 'a-secret-of-enough-length';

  it('carry the principal they were issued for', () => {
    const p = newPrincipal();
    expect(verifyToken(secret, issueToken(secret, p))).toBe(p);
  });

  it('are refused when tampered with, signed with another secret, or malformed', () => {
    const token = issueToken(secret, 'demo-admin');
    expect(verifyToken(secret, token.replace('demo-admin', 'demo-viewer'))).toBeNull();
    expect(verifyToken('another-secret-value', token)).toBeNull();
    expect(verifyToken(secret, 'demo-admin')).toBeNull();
    expect(verifyToken(secret, '.abc')).toBeNull();
    expect(verifyToken(secret, '')).toBeNull();
  });

  it('end 30 days after they were issued; older than a day they are to be renewed; other versions are refused', () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const token = issueToken(secret, 'p_someone1', t0);
    expect(verifySession(secret, token, t0 + 3600_000)).toMatchObject({ principal: 'p_someone1', renew: false });
    expect(verifySession(secret, token, t0 + 2 * 86_400_000)).toMatchObject({ renew: true });
    expect(verifySession(secret, token, t0 + (SESSION_DAYS + 1) * 86_400_000)).toBe('expired');
    expect(verifyToken(secret, token, t0 + (SESSION_DAYS + 1) * 86_400_000)).toBeNull();
    const [p, issued, , sig] = token.split('.');
    expect(verifySession(secret, `${p}.${issued}.v1.${sig}`, t0)).toBeNull(); // the signature covers the version
    // a token of another version, properly signed: every session was ended at once (TOKEN_VERSION changed)
    const body = `${p}.${issued}.v1`;
    const v1 = `${body}.${createHmac('sha256', secret).update(`token\n${body}`).digest('base64url')}`;
    expect(verifySession(secret, v1, t0)).toBe('revoked');
    // the earlier unversioned tokens are refused
    expect(verifyToken(secret, `${p}.${sig}`, t0)).toBeNull();
  });

  it('a signature found good once is not checked again, but the time is, and nothing else passes for it', () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const token = issueToken(secret, 'p_kept0001', t0);
    expect(verifySession(secret, token, t0)).toMatchObject({ principal: 'p_kept0001' }); // kept from here
    expect(verifySession(secret, token, t0 + 2 * 86_400_000)).toMatchObject({ renew: true });
    expect(verifySession(secret, token, t0 + (SESSION_DAYS + 1) * 86_400_000)).toBe('expired');
    expect(verifySession('another-secret-value', token, t0)).toBeNull();
    const [p, issued, v, sig] = token.split('.');
    expect(
      verifySession(secret, `${p}.${issued}.${v}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, t0),
    ).toBeNull();
    expect(verifySession(secret, `${p}.${(parseInt(issued, 36) + 1).toString(36)}.${v}.${sig}`, t0)).toBeNull();
    expect(verifySession(secret, `p_kept0002.${issued}.${v}.${sig}`, t0)).toBeNull();
  });

  it('fresh principals are different every time', () => {
    expect(newPrincipal()).not.toBe(newPrincipal());
  });
});

describe('the server secret', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'duban-secret-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated next to the database on first run and kept afterwards', () => {
    const db = join(dir, 'duban.db');
    const first = loadSecret(db, {});
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(secretPathFor(db), 'utf8').trim()).toBe(first);
    expect(loadSecret(db, {})).toBe(first);
  });

  it('comes from DUBAN_SECRET when set, and a short one is refused', () => {
    const db = join(dir, 'duban.db');
    expect(loadSecret(db, { DUBAN_SECRET: 'x'.repeat(40) })).toBe('x'.repeat(40));
    expect(() => loadSecret(db, { DUBAN_SECRET: 'short' })).toThrow(/DUBAN_SECRET/);
  });
});
