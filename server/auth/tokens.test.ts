import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecret, secretPathFor } from './secret';
import { issueToken, newPrincipal, verifyToken } from './tokens';

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
