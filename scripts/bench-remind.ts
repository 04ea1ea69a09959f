/**
 * `npm run bench:remind`: reminder passes at province scale, at 1× and 2× (`--scales 1,2`). For each scale, in a
 * child process: `duban bench-data` makes the database (every contact with subscription credits for the demo
 * templates), then, at 09:00 Beijing time today, through the same code as `duban remind` (outbox as Messenger):
 *   first pass   the day's first pass: every due and overdue reminder claimed, sent and recorded
 *   same day     the next pass on the same day, nothing changed (the finished sweep is not repeated)
 *   re-sweep     a pass after a credit was added (the sweep reads everything again, with nothing new to send)
 * each beside reading every assignment row into JS (`SELECT * FROM assignments`) on the same file.
 * Target (issue 14): the first pass within 4 × that floor at 1×; under 300 MB RSS at 2×.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runReminderPass, type PassResult } from '../core/remind/pass';
import { beijingDate, beijingInstant } from '../core/time';
import { OutboxMessenger } from '../server/outbox';
import { LOCAL_BATCH } from '../server/scheduler';
import { DEMO_TEMPLATES } from '../server/scheduler/demoReminders';
import { openSqliteStore } from '../server/store/sqlite';
import { SqliteReminderStore } from '../server/store/sqlite/reminders';
import { benchData, p50, peakRssMb, report, benchMain, type Figure } from './bench/harness';

async function child(scale: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-remind-'));
  const dbPath = join(dir, 'bench.db');
  try {
    const { assignments } = benchData(dbPath, scale);
    const store = openSqliteStore(dbPath);
    const now = beijingInstant(beijingDate(new Date().toISOString()), 9);
    const reminders = new SqliteReminderStore(store);
    const messenger = new OutboxMessenger(store.db, () => now);
    const figures: Figure[] = [];
    // the floor is read after the passes (so that the peak RSS is theirs); the figures get it then
    let floorMs = 0;
    const floor = 'SELECT * FROM assignments，全部行读入 JS';
    const pass = async (name: string): Promise<PassResult> => {
      global.gc?.();
      const t0 = performance.now();
      const r = await runReminderPass({ reminders, messenger }, { now, budgetMs: 10 * 60_000, batchSize: LOCAL_BATCH });
      const ms = performance.now() - t0;
      process.stderr.write(
        `${name}: ${ms.toFixed(0)} ms, sent ${r.sent}, skipped ${r.skipped}, waiting ${r.waiting}\n`,
      );
      figures.push({
        name,
        ms,
        floorMs,
        floor,
        ...(figures.length ? {} : { maxRatio: 4 }),
      });
      return r;
    };
    await pass('first pass');
    await pass('same day');
    const templateId = Object.values(DEMO_TEMPLATES).find((t) => t?.templateId)?.templateId ?? '';
    const someone = store.db.prepare(`SELECT id FROM users WHERE role = 'contact' LIMIT 1`).pluck().get() as string;
    await reminders.addCredits(someone, [templateId], now);
    await pass('re-sweep');
    store.close();
    const rssMb = peakRssMb();
    const raw = new Database(dbPath, { readonly: true });
    const all = raw.prepare(`SELECT * FROM assignments`);
    floorMs = await p50(3, () => all.all());
    raw.close();
    report({ scale, assignments, figures: figures.map((f) => ({ ...f, floorMs })), rssMb });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchMain('bench:remind：一轮提醒对比读取全部单位任务行', __filename, child);
