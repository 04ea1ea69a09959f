/**
 * The province-scale dataset (`npx duban bench-data`, and the benchmarks through it): at scale 1 about 1,000
 * tasks over 150 units, ~80,000 assignments and ~300,000 reports; at scale N, N times the tasks, assignments and
 * reports over the same units. Written in bulk through the SQLite store's own schema, in transactions (the kept
 * light counts follow by their triggers). Deterministic for a given seed, so every run measures the same data.
 */
import type Database from 'better-sqlite3';
import { addDays } from '../../core/time';
import type { CalendarDate, Instant } from '../../core/model';

/** A deterministic pseudo-random sequence (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ProvinceOptions {
  tasks: number;
  units: number;
  reports: number;
  /** Assignments per task on average (80: the province table). */
  perTask?: number;
  /** Beijing date the due dates are spread around (120 days before to 280 after). */
  today: CalendarDate;
  now: Instant;
  /** Subscription credits per contact for each of these templates (the reminder benchmark). */
  credits?: { templateIds: string[]; perTemplate: number };
}

export interface Province {
  unitIds: string[];
  assignments: { id: string; taskId: string; unitId: string }[];
  /** The contact of unit `u…` has principal `bench-contact-u…`; the supervisor `bench-supervisor`. */
  contactPrincipal(unitId: string): string;
}

export const SUPERVISOR_PRINCIPAL = 'bench-supervisor';

/**
 * A supervisor bound at a city-level unit, who reaches the whole table (core/org/levels.ts `reachOf`): the
 * province's circular. (`bench-supervisor` is bound to the first unit, a district: its circular is its subtree's.)
 * Not made by `generateProvince`, so the benchmarks that do not ask for it keep the same data.
 */
export const CITY_SUPERVISOR_PRINCIPAL = 'bench-city-supervisor';

export function addCitySupervisor(db: Database.Database, now: Instant): string {
  const city = db.prepare(`SELECT id FROM units WHERE kind = 'city' ORDER BY id LIMIT 1`).get() as
    { id: string } | undefined;
  if (!city) throw new Error('addCitySupervisor: the province has no city-level unit');
  db.prepare(`INSERT INTO users (id, principal, unit_id, role, name, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    'user-city-supervisor',
    CITY_SUPERVISOR_PRINCIPAL,
    city.id,
    'supervisor',
    '市督查员',
    now,
  );
  return CITY_SUPERVISOR_PRINCIPAL;
}

/** The dataset at `scale` × the province of bench:api (1,000 tasks, ~81,000 assignments, 300,000 reports). */
export function provinceAt(scale: number, today: CalendarDate, now: Instant): ProvinceOptions {
  return { tasks: Math.round(1000 * scale), units: 150, reports: Math.round(300000 * scale), today, now };
}

export function generateProvince(db: Database.Database, o: ProvinceOptions): Province {
  const random = rng(2018);
  const unitIds = Array.from({ length: o.units }, (_, i) => `u${String(i).padStart(4, '0')}`);
  const contactPrincipal = (unitId: string): string => `bench-contact-${unitId}`;
  const insertUnit = db.prepare(`INSERT INTO units (id, name, kind, aliases) VALUES (?, ?, ?, '[]')`);
  const insertUser = db.prepare(
    `INSERT INTO users (id, principal, unit_id, role, name, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertCredit = db.prepare(
    `INSERT INTO subscription_credits (user_id, template_id, credits, updated_at) VALUES (?, ?, ?, ?)`,
  );
  db.transaction(() => {
    unitIds.forEach((id, i) => {
      insertUnit.run(id, `第${i + 1}单位`, i < 20 ? 'district' : 'city');
      insertUser.run(`user-${id}`, contactPrincipal(id), id, 'contact', `联络员${i + 1}`, o.now);
      for (const t of o.credits?.templateIds ?? []) insertCredit.run(`user-${id}`, t, o.credits?.perTemplate, o.now);
    });
    insertUser.run('user-supervisor', SUPERVISOR_PRINCIPAL, unitIds[0], 'supervisor', '督查员', o.now);
  })();

  const insertTask = db.prepare(
    `INSERT INTO tasks (id, plan_id, seq, stage, content, deadline, lead_names, responsible_names)
     VALUES (?, 'plan-bench', ?, ?, ?, ?, ?, ?)`,
  );
  const insertAssignment = db.prepare(
    `INSERT INTO assignments (id, task_id, unit_id, role, status, due_date, original_due_date, acknowledged_at,
       closed_at, last_report_at, percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  const assignments: Province['assignments'] = [];
  const perTask = o.perTask ?? 80;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO plans (id, title, fingerprint, imported_at, imported_by)
       VALUES ('plan-bench', '全省重点任务责任分解表', 'bench', ?, 'user-supervisor')`,
    ).run(o.now);
    for (let s = 1; s <= o.tasks; s++) {
      const taskId = `t${String(s).padStart(5, '0')}`;
      const due = addDays(o.today, Math.floor(random() * 400) - 120);
      const n = Math.min(o.units, Math.max(1, Math.round(perTask * (0.5 + random()))));
      const start = Math.floor(random() * o.units);
      insertTask.run(
        taskId,
        s,
        `第${1 + (s % 12)}阶段`,
        `第${s}项重点任务：推进政务服务事项标准化、规范化、便利化，按时报送进展并完成验收。`,
        JSON.stringify({ text: due, kind: 'date', start: null, due }),
        JSON.stringify([`第${start + 1}单位`]),
        JSON.stringify(['各相关单位']),
      );
      for (let k = 0; k < n; k++) {
        const id = `${taskId}-a${k}`;
        const unitId = unitIds[(start + k) % o.units];
        const closed = random() < 0.15;
        const status = closed ? 'closed' : (['assigned', 'acknowledged', 'in_progress', 'claimed'] as const)[k % 4];
        const ownDue = random() < 0.05 ? addDays(due, 30) : due;
        insertAssignment.run(
          id,
          taskId,
          unitId,
          k === 0 ? 'lead' : 'responsible',
          status,
          ownDue,
          due,
          status === 'assigned' ? null : o.now,
          closed ? o.now : null,
          closed ? 100 : Math.floor(random() * 90),
        );
        assignments.push({ id, taskId, unitId });
      }
    }
  })();

  const insertReport = db.prepare(
    `INSERT INTO reports (id, assignment_id, task_id, request_id, author_id, text, photos, percent, claim_done,
       review, reviewer_id, review_reason, reviewed_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const insertReports = db.transaction((from: number, to: number) => {
    for (let r = from; r < to; r++) {
      const a = assignments[Math.floor(random() * assignments.length)];
      const at = new Date(Date.parse(o.now) - Math.floor(random() * 200) * 86400000).toISOString();
      const claim = random() < 0.1;
      const review = claim ? (random() < 0.5 ? 'pending' : 'accepted') : 'none';
      insertReport.run(
        `r${r}`,
        a.id,
        a.taskId,
        `req-${r}`,
        `user-${a.unitId}`,
        '本月已完成阶段目标，相关材料已归档，下一步按计划推进。',
        claim ? 100 : 50,
        claim ? 1 : 0,
        review,
        review === 'accepted' ? 'user-supervisor' : null,
        review === 'accepted' ? at : null,
        at,
      );
    }
  });
  for (let r = 0; r < o.reports; r += 20000) insertReports(r, Math.min(o.reports, r + 20000));
  db.exec('ANALYZE');
  return { unitIds, assignments, contactPrincipal };
}

/**
 * The reporting cycles of the province (issue 11), for the benchmarks that measure the missed-report scan: the
 * table imported 200 days before `now` (so the last period due is judged), each assignment's `lastReportAt` its
 * latest report's, and the cycles the offices use: 每月28日前 for every task (the settings' report day), 每周五 on
 * one stage, 每季度末月20日前 on every 50th task of its own. The other benches keep the dataset as generated.
 */
export function addProvinceCycles(db: Database.Database, now: Instant): void {
  const imported = new Date(Date.parse(now) - 200 * 86400000).toISOString();
  const taskIds = (
    db.prepare(`SELECT id FROM tasks WHERE plan_id = 'plan-bench' AND seq % 50 = 0 ORDER BY seq`).all() as {
      id: string;
    }[]
  ).map((r) => r.id);
  const start = imported.slice(0, 10);
  const cycles = [
    { id: 'cycle-stage-3', planId: 'plan-bench', stage: '第3阶段', taskId: null, rule: { every: 'week', weekday: 5 } },
    ...taskIds.map((taskId) => ({
      id: `cycle-${taskId}`,
      planId: 'plan-bench',
      stage: null,
      taskId,
      rule: { every: 'quarter', day: 20 },
    })),
  ].map((c) => ({ ...c, start, end: null }));
  db.transaction(() => {
    db.prepare(`UPDATE plans SET imported_at = ? WHERE id = 'plan-bench'`).run(imported);
    db.exec(
      `UPDATE assignments SET last_report_at = (SELECT MAX(created_at) FROM reports WHERE assignment_id = assignments.id)`,
    );
    const prior = db.prepare(`SELECT value FROM settings WHERE key = 'settings'`).pluck().get() as string | undefined;
    const settings = { ...(prior ? (JSON.parse(prior) as object) : {}), periodicReportDay: 28, cycles };
    db.prepare(
      `INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(JSON.stringify(settings));
  })();
}
