import Database from 'better-sqlite3';
import { keepPreparedStatements } from './statementCache';

function db(): Database.Database {
  const d = keepPreparedStatements(new Database(':memory:'));
  d.exec(`CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3);`);
  return d;
}

describe('keepPreparedStatements', () => {
  it('gives back the statement prepared before for the same text', () => {
    const d = db();
    expect(d.prepare(`SELECT a FROM t`)).toBe(d.prepare(`SELECT a FROM t`));
    expect(d.prepare(`SELECT a FROM t`)).not.toBe(d.prepare(`SELECT a FROM t WHERE a > 1`));
  });

  it('resets the row shape a caller chose before (pluck, raw)', () => {
    const d = db();
    expect(d.prepare(`SELECT a FROM t ORDER BY a`).pluck().get()).toBe(1);
    expect(d.prepare(`SELECT a FROM t ORDER BY a`).get()).toEqual({ a: 1 });
    expect(d.prepare(`SELECT a FROM t ORDER BY a`).raw().get()).toEqual([1]);
    expect(d.prepare(`SELECT a FROM t ORDER BY a`).all()).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('prepares a fresh statement while the kept one is still iterating', () => {
    const d = db();
    const sql = `SELECT a FROM t ORDER BY a`;
    const it = d.prepare(sql).pluck().iterate();
    expect(it.next().value).toBe(1);
    // the same text inside the loop: not the busy statement (better-sqlite3 would throw), and the loop goes on
    expect(d.prepare(sql).all()).toHaveLength(3);
    expect([...it]).toEqual([2, 3]);
  });

  it('writes through kept statements and is applied once per connection', () => {
    const d = db();
    expect(keepPreparedStatements(d)).toBe(d);
    for (let i = 0; i < 3; i++) d.prepare(`INSERT INTO t VALUES (?)`).run(10 + i);
    expect(d.prepare(`SELECT COUNT(*) AS n FROM t`).get()).toEqual({ n: 6 });
  });

  it('starts again past its limit, so texts built with varying placeholders do not grow it for ever', () => {
    const d = keepPreparedStatements(new Database(':memory:'), 2);
    const one = d.prepare(`SELECT 1`);
    d.prepare(`SELECT 2`);
    expect(d.prepare(`SELECT 1`)).toBe(one);
    d.prepare(`SELECT 3`); // a third text: the map starts again
    expect(d.prepare(`SELECT 1`)).not.toBe(one);
  });
});
