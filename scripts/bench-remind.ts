/**
 * `npm run bench:remind`: one reminder pass over a province-scale dataset. Generates 1,000 tasks over 150 units
 * (about 80,000 assignments, a contact per unit with subscription credits) into a temporary SQLite database through
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
import { addDays, beijingDate, beijingInstant } from '../core/time';
import { OutboxMessenger } from '../server/outbox';
import { LOCAL_BATCH } from '../server/scheduler';
import { DEMO_TEMPLATES } from '../server/scheduler/demoReminders';
import { openSqliteStore } from '../server/store/sqlite';
import { SqliteReminderStore } from '../server/store/sqlite/reminders';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const TASKS = arg('tasks', 1000);
const UNITS = arg('units', 150);
const CREDITS = arg('credits', 1000);

let peakRss = 0;
let peakHeap = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}
const sampler = setInterval(sampleMemory, 20);

/** A deterministic pseudo-random sequence (mulberry32), so every run builds the same dataset. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-remind-'));
  const store = openSqliteStore(join(dir, 'bench.db'));
  try {
    const db = store.db;
    const today = beijingDate(new Date());
    const now = beijingInstant(today, 9);
    const random = rng(2018);

    // ── the dataset ─────────────────────────────────────────────────────────
    let t0 = performance.now();
    const unitIds = Array.from({ length: UNITS }, (_, i) => `u${String(i).padStart(4, '0')}`);
    const insertUnit = db.prepare(`INSERT INTO units (id, name, kind, aliases) VALUES (?, ?, ?, '[]')`);
    const insertUser = db.prepare(
      `INSERT INTO users (id, principal, unit_id, role, name, created_at) VALUES (?, ?, ?, 'contact', ?, ?)`,
    );
    const insertCredit = db.prepare(
      `INSERT INTO subscription_credits (user_id, template_id, credits, updated_at) VALUES (?, ?, ?, ?)`,
    );
    const templateIds = [...new Set(Object.values(DEMO_TEMPLATES).map((t) => t?.templateId ?? ''))].filter(Boolean);
    db.transaction(() => {
      unitIds.forEach((id, i) => {
        insertUnit.run(id, `第${i + 1}单位`, i < 20 ? 'district' : 'city');
        insertUser.run(`user-${id}`, `bench-openid-${id}`, id, `联络员${i + 1}`, now);
        for (const t of templateIds) insertCredit.run(`user-${id}`, t, CREDITS, now);
      });
    })();
    const insertTask = db.prepare(
      `INSERT INTO tasks (id, plan_id, seq, stage, content, deadline, lead_names, responsible_names)
       VALUES (?, 'plan-bench', ?, ?, ?, ?, '[]', '[]')`,
    );
    const insertAssignment = db.prepare(
      `INSERT INTO assignments (id, task_id, unit_id, role, status, due_date, original_due_date, acknowledged_at,
         closed_at, last_report_at, percent) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL)`,
    );
    let assignments = 0;
    const perTask = Math.round(80000 / TASKS);
    db.transaction(() => {
      db.prepare(
        `INSERT INTO plans (id, title, fingerprint, imported_at, imported_by) VALUES ('plan-bench', '全省重点任务责任分解表', 'bench', ?, 'bench')`,
      ).run(now);
      for (let s = 1; s <= TASKS; s++) {
        const taskId = `t${String(s).padStart(5, '0')}`;
        const due = addDays(today, Math.floor(random() * 400) - 120);
        insertTask.run(
          taskId,
          s,
          `第${1 + (s % 12)}阶段`,
          `第${s}项重点任务：推进政务服务事项标准化、规范化、便利化，按时报送进展并完成验收。`,
          JSON.stringify({ text: due, kind: 'date', start: null, due }),
        );
        const n = Math.min(UNITS, Math.max(1, Math.round(perTask * (0.5 + random()))));
        const start = Math.floor(random() * UNITS);
        for (let k = 0; k < n; k++) {
          const closed = random() < 0.6;
          const status = closed ? 'closed' : (['assigned', 'acknowledged', 'in_progress', 'claimed'] as const)[k % 4];
          insertAssignment.run(
            `${taskId}-a${k}`,
            taskId,
            unitIds[(start + k) % UNITS],
            k === 0 ? 'lead' : 'responsible',
            status,
            due,
            due,
            closed ? now : null,
          );
          assignments++;
        }
      }
    })();
    await store.saveSettings({ ...DEFAULT_SETTINGS, templates: DEMO_TEMPLATES });
    db.exec('ANALYZE');
    const open = (db.prepare(`SELECT COUNT(*) AS n FROM assignments WHERE status <> 'closed'`).get() as { n: number })
      .n;
    sampleMemory();
    console.log(
      `数据集：${TASKS} 项任务，${UNITS} 个单位（每单位一名联络员），${assignments} 个单位任务（未办结 ${open} 个）；生成 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
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
      sampleMemory();
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
    clearInterval(sampler);
    sampleMemory();
    console.log(`峰值内存：RSS ${mb(peakRss)}，堆 ${mb(peakHeap)}`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
