import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkMessageData } from '../../../core/remind/format';
import { openSeededDb } from '../../store/sqlite/remindersFixture';

const run = promisify(execFile);
const BIN = resolve(__dirname, '../../../bin/duban.js');
const duban = (...args: string[]) => run(process.execPath, [BIN, ...args], { cwd: resolve(__dirname, '../../..') });

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-remind-cli-'));
  db = join(dir, 'duban.db');
  const seeded = await openSeededDb(db);
  for (const c of seeded.contacts) seeded.reminders.setCredits(c.id, 'TMPL-DUE', 3, '2018-04-01T00:00:00.000Z');
  seeded.store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface OutboxJson {
  key: string;
  touser: string;
  kind: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

describe('duban remind and duban outbox', () => {
  it('two `duban remind` started together on one database send nothing twice', async () => {
    const now = '2018-04-27T10:00:00+08:00';
    const [a, b] = await Promise.all([
      duban('remind', '--now', now, '--db', db, '--json'),
      duban('remind', '--now', now, '--db', db, '--json'),
    ]);
    const ra = JSON.parse(a.stdout) as { sent: number; skipped: number; failed: number };
    const rb = JSON.parse(b.stdout) as { sent: number; skipped: number; failed: number };
    expect(Object.keys(ra).sort()).toEqual(['failed', 'sent', 'skipped']);
    const outbox = JSON.parse((await duban('outbox', '--db', db, '--json')).stdout) as OutboxJson[];
    expect(outbox.length).toBeGreaterThan(100);
    expect(outbox).toHaveLength(ra.sent + rb.sent);
    expect(new Set(outbox.map((m) => m.key)).size).toBe(outbox.length);
    for (const m of outbox) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['key', 'touser', 'kind', 'templateId', 'page', 'data']));
      expect(m.page).toMatch(/^pages\/task\/index\?id=t\d\d$/);
      expect(checkMessageData(m.data)).toEqual([]);
    }
    // a third pass at the same moment finds everything sent already
    const again = JSON.parse((await duban('remind', '--now', now, '--db', db, '--json')).stdout);
    expect(again).toEqual({ sent: 0, skipped: 0, failed: 0 });
  });

  it('refuses a time it cannot read, in one Chinese sentence', async () => {
    await expect(duban('remind', '--now', 'soon', '--db', db)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('请用 ISO 格式'),
    });
  });
});
