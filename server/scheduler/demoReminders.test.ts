import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReminderPass } from '../../core/remind/pass';
import { checkMessageData } from '../../core/remind/format';
import { beijingInstant } from '../../core/time';
import { createDemo } from '../demo/createDemo';
import { listOutbox, OutboxMessenger } from '../outbox';
import { openSqliteStore } from '../store/sqlite';
import { SqliteReminderStore } from '../store/sqlite/reminders';

it('a pass on a fresh demo database sends real messages on the first day, each within WeChat rules', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-demo-remind-'));
  try {
    const now = beijingInstant('2026-03-16', 10);
    const path = join(dir, 'duban.db');
    await createDemo(path, { now, filesDir: join(dir, 'files'), secret: 'demo-secret-for-the-test-0123456789' });
    const store = openSqliteStore(path);
    const settings = await store.getSettings();
    expect(settings.templates.due?.templateId).toBe('DEMO-TMPL-DUE');
    const r = await runReminderPass(
      { reminders: new SqliteReminderStore(store), messenger: new OutboxMessenger(store.db, () => now) },
      { now, batchSize: 500 },
    );
    expect(r.sent).toBeGreaterThan(20);
    const outbox = listOutbox(store.db);
    const kinds = new Set(outbox.map((m) => m.kind));
    expect(kinds.has('due') && kinds.has('overdue')).toBe(true);
    for (const m of outbox) {
      expect(m.templateId).toMatch(/^DEMO-TMPL-/);
      expect(m.page).toMatch(/^pages\/task\/index\?id=/);
      expect(checkMessageData(m.data)).toEqual([]);
    }
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000); // the demo stamps and hashes its photos
