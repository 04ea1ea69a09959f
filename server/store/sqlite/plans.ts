/**
 * The SQLite side of issue 9's plan operations: a revised table applied to its plan, archiving, withdrawing an
 * untouched import. Each runs in one better-sqlite3 transaction. Withdrawn assignments keep their rows
 * (`withdrawn_at`); the light-count triggers of migration 10 take them out of the kept counts.
 */
import type Database from 'better-sqlite3';
import { conflict, notFound } from '../../../core/errors';
import type { Task, Unit } from '../../../core/model';
import type { PlanRevision } from '../../../core/ports/store';
import { INSERT_ASSIGNMENT, assignmentParams } from './index';

type Db = Database.Database;

const INSERT_TASK = `INSERT INTO tasks (id, plan_id, seq, stage, content, deadline, lead_names, responsible_names,
  relevant_group_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function taskParams(t: Task, planId: string): (string | number | null)[] {
  return [
    t.id,
    planId,
    t.seq,
    t.stage,
    t.content,
    JSON.stringify(t.deadline),
    JSON.stringify(t.leadNames),
    JSON.stringify(t.responsibleNames),
    JSON.stringify(t.relevantGroupIds ?? []),
  ];
}

export function applyRevision(db: Db, input: PlanRevision, insertAudit: (e: PlanRevision['audit']) => void): void {
  db.transaction(() => {
    const plan = db.prepare(`SELECT id FROM plans WHERE id = ?`).get(input.planId);
    if (!plan) throw notFound('这份任务清单', { planId: input.planId });
    const other = db
      .prepare(`SELECT id FROM plans WHERE fingerprint = ? AND id <> ?`)
      .get(input.fingerprint, input.planId);
    if (other) throw conflict('这份修订后的表格已作为另一份任务清单导入，无需再次应用。');
    db.prepare(`UPDATE plans SET title = ?, fingerprint = ? WHERE id = ?`).run(
      input.title,
      input.fingerprint,
      input.planId,
    );
    addUnits(db, input.newUnits);
    const update = db.prepare(
      `UPDATE tasks SET seq = ?, stage = ?, content = ?, deadline = ?, lead_names = ?, responsible_names = ?,
         relevant_group_ids = ? WHERE id = ? AND plan_id = ?`,
    );
    for (const t of input.updatedTasks) {
      const [id, planId, ...rest] = taskParams(t, input.planId);
      if (update.run(...rest, id, planId).changes !== 1) throw notFound('这项任务', { taskId: t.id });
    }
    const addTask = db.prepare(INSERT_TASK);
    for (const t of input.newTasks) addTask.run(...taskParams(t, input.planId));
    // a unit named again on a task it was withdrawn from gets its old record back (with its history), not a second
    const addAssignment = db.prepare(
      `${INSERT_ASSIGNMENT} ON CONFLICT (task_id, unit_id) DO UPDATE SET withdrawn_at = NULL, withdrawn_reason = NULL,
         role = excluded.role, due_date = excluded.due_date WHERE withdrawn_at IS NOT NULL`,
    );
    for (const a of input.newAssignments) addAssignment.run(...assignmentParams(a));
    const role = db.prepare(`UPDATE assignments SET role = ? WHERE id = ? AND withdrawn_at IS NULL`);
    const due = db.prepare(`UPDATE assignments SET due_date = ? WHERE id = ? AND withdrawn_at IS NULL`);
    for (const c of input.assignmentChanges) {
      if (c.role !== undefined) role.run(c.role, c.id);
      if (c.dueDate !== undefined) due.run(c.dueDate, c.id);
    }
    const withdraw = db.prepare(
      `UPDATE assignments SET withdrawn_at = ?, withdrawn_reason = 'revision' WHERE id = ? AND withdrawn_at IS NULL`,
    );
    for (const id of input.withdraw.assignmentIds) withdraw.run(input.withdraw.at, id);
    const remove = db.prepare(`UPDATE tasks SET removed_at = ? WHERE id = ? AND plan_id = ? AND removed_at IS NULL`);
    for (const id of input.removedTaskIds) remove.run(input.withdraw.at, id, input.planId);
    insertAudit(input.audit);
  })();
}

function addUnits(db: Db, units: Unit[]): void {
  const addUnit = db.prepare(`INSERT INTO units (id, name, kind, aliases) VALUES (?, ?, ?, ?)`);
  for (const u of units) addUnit.run(u.id, u.name, u.kind, JSON.stringify(u.aliases));
}

export function archivePlan(db: Db, planId: string, at: string): number {
  return db.transaction(() => {
    const plan = db.prepare(`SELECT archived_at FROM plans WHERE id = ?`).get(planId) as
      { archived_at: string | null } | undefined;
    if (!plan) throw notFound('这份任务清单', { planId });
    if (plan.archived_at === null) db.prepare(`UPDATE plans SET archived_at = ? WHERE id = ?`).run(at, planId);
    return db
      .prepare(
        `UPDATE assignments SET withdrawn_at = ?, withdrawn_reason = 'archived'
         WHERE withdrawn_at IS NULL AND task_id IN (SELECT id FROM tasks WHERE plan_id = ?)`,
      )
      .run(at, planId).changes;
  })();
}

export function deletePlanIfUntouched(db: Db, planId: string): 'deleted' | 'touched' | 'missing' {
  return db.transaction(() => {
    if (!db.prepare(`SELECT 1 FROM plans WHERE id = ?`).get(planId)) return 'missing' as const;
    const ofPlan = `task_id IN (SELECT id FROM tasks WHERE plan_id = ?)`;
    for (const table of ['reports', 'extensions', 'urges']) {
      if (db.prepare(`SELECT 1 FROM ${table} WHERE ${ofPlan} LIMIT 1`).get(planId)) return 'touched' as const;
    }
    db.prepare(`DELETE FROM assignments WHERE ${ofPlan}`).run(planId);
    db.prepare(`DELETE FROM tasks WHERE plan_id = ?`).run(planId);
    db.prepare(`DELETE FROM plans WHERE id = ?`).run(planId);
    return 'deleted' as const;
  })();
}
