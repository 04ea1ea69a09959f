/**
 * `npm run bench:remind`: one reminder pass over a province-scale dataset. Generates 1,000 tasks over 150 units
 * (about 80,000 assignments, 300,000 reports: the dataset of bench:api, scripts/bench/province.ts), a contact per unit
 * with subscription credits, into a temporary SQLite database through
 * the store's own schema, then times, with the outbox as Messenger:
 *   first pass     the day's first pass: every due and overdue reminder claimed, sent and recorded
 *   same day       the next pass on the same day, nothing changed (the finished sweep is not repeated)
 *   re-sweep       a pass after a credit was added (the sweep reads everything again, with nothing new to send)
 *   CloudBase-size the re-sweep in batches of 100 (what a cloud function reads per page)
 * and prints each one's time, messages and the peak memory (RSS and heap) of the process.
 * Options: --tasks N (1000) --units N (150) --credits N (per contact and template, 1000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS } from '../core/model';
import { runReminderPass, type PassOptions, type PassResult } from '../core/remind/pass';
import { beijingDate, beijingInstant } from '../core/time';
import { arg, memorySampler } from './bench/util';
import { generateProvince } from '../server/bench/province';
import { OutboxMessenger } from '../server/outbox';
import { LOCAL_BATCH } from '../server/scheduler';
import { DEMO_TEMPLATES } from '../server/scheduler/demoReminders';
import { openSqliteStore } from '../server/store/sqlite';
import { SqliteReminderStore } from '../server/store/sqlite/reminders';

const TASKS = arg('tasks', 1000);
const UNITS = arg('units', 150);
const REPORTS = arg('reports', 300000);
const CREDITS = arg('credits', 1000);
const memory = memorySampler(20);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-remind-'));
  const store = openSqliteStore(join(dir, 'bench.db'));
  try {
    const db = store.db;
    const today = beijingDate(new Date());
    const now = beijingInstant(today, 9);

    // ── the dataset (the same as bench:api's) ───────────────────────────────
    let t0 = performance.now();
    const templateIds = [...new Set(Object.values(DEMO_TEMPLATES).map((t) => t?.templateId ?? ''))].filter(Boolean);
    const { unitIds, assignments } = generateProvince(db, {
      tasks: TASKS,
      units: UNITS,
      reports: REPORTS,
      today,
      now,
      credits: { templateIds, perTemplate: CREDITS },
    });
    await store.saveSettings({ ...DEFAULT_SETTINGS, templates: DEMO_TEMPLATES });
    const open = (db.prepare(`SELECT COUNT(*) AS n FROM assignments WHERE status <> 'closed'`).get() as { n: number })
      .n;
    memory.sample();
    console.log(
      `数据集：${TASKS} 项任务，${UNITS} 个单位（每单位一名联络员），${assignments.length} 个单位任务（未办结 ${open} 个）；生成 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
    );

    // ── the passes ──────────────────────────────────────────────────────────
    const reminders = new SqliteReminderStore(store);
    const messenger = new OutboxMessenger(db, () => now);
    const pass = async (label: string, opts: Partial<PassOptions> = {}): Promise<PassResult> => {
      if (global.gc) global.gc();
      t0 = performance.now();
      const r = await runReminderPass(
        { reminders, messenger },
        { now, budgetMs: 10 * 60_000, batchSize: LOCAL_BATCH, ...opts },
      );
      const ms = performance.now() - t0;
      memory.sample();
      console.log(
        `${label.padEnd(14)} ${ms.toFixed(0).padStart(7)} ms   发送 ${r.sent}，跳过 ${r.skipped}，失败 ${r.failed}，等待额度 ${r.waiting}${r.complete ? '' : '（未完成）'}`,
      );
      return r;
    };
    console.log(`一轮提醒（北京时间 ${today} 09:00，发件箱为 Messenger）：`);
    await pass('first pass');
    await pass('same day');
    await reminders.addCredits(`user-${unitIds[0]}`, [templateIds[0]], now);
    await pass('re-sweep');
    await reminders.addCredits(`user-${unitIds[0]}`, [templateIds[0]], now);
    await pass('CloudBase-size', { batchSize: 100 });
    memory.stop();
    memory.sample();
    console.log(`峰值内存：RSS ${mb(memory.peak().rss)}，堆 ${mb(memory.peak().heap)}`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
