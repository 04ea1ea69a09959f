/**
 * The CloudBase side of issue 9's plan operations. A withdrawn assignment keeps its document with
 * `live: 'withdrawn'` (and `withdrawnAt`, `withdrawnReason`): every reader asks for `live: true`, so lists, light
 * counts and reminders pass it over, while `getAssignment` still returns the record; the import protocol only ever
 * touches `live: false` documents, so it never mistakes one for an unfinished import.
 *
 * A revision is several writes, not one transaction: new units, tasks and assignments first, then the changes and
 * withdrawals, the plan record (title, fingerprint and its guard) last. A failure part-way leaves what was written
 * (visible); the plan's fingerprint is still the old one, so the admin sees the revision again and may re-apply it.
 */
import { conflict, notFound } from '../../../core/errors';
import type { Task } from '../../../core/model';
import type { PlanRevision } from '../../../core/ports/store';
import type { CloudDatabase, DocData } from './cloud';
import { C } from './collections';
import { chunks, getAll, getByIds } from './db';
import { CountsDelta } from './lightCounts';
import { auditData, toTask, unitData, type CloudStore } from './store';

export class CloudPlans {
  constructor(
    private readonly db: CloudDatabase,
    private readonly store: CloudStore,
  ) {}

  private col(name: string) {
    return this.db.collection(name);
  }

  async listTasksOfPlan(planId: string): Promise<Task[]> {
    const docs = await getAll(
      this.col(C.tasks).where({ planId, live: true }).orderBy('seq', 'asc').orderBy('_id', 'asc'),
    );
    return docs.map(toTask);
  }

  async applyRevision(input: PlanRevision): Promise<void> {
    const _ = this.db.command;
    const plan = (await this.col(C.plans).doc(input.planId).get()).data;
    if (!plan) throw notFound('这份任务清单', { planId: input.planId });
    const other = (await this.col(C.plans).where({ fingerprint: input.fingerprint }).limit(1).get()).data[0];
    if (other && other._id !== input.planId) {
      throw conflict('这份修订后的表格已作为另一份任务清单导入，无需再次应用。');
    }
    for (const part of chunks(input.newUnits)) {
      await this.col(C.units).add({ data: part.map((u) => ({ _id: u.id, ...unitData(u) })) });
    }
    const planOrder = `${String(plan.importedAt)}|${input.planId}`;
    const taskDoc = (t: Task): DocData => ({
      planId: input.planId,
      seq: t.seq,
      stage: t.stage,
      content: t.content,
      deadline: t.deadline,
      leadNames: [...t.leadNames],
      responsibleNames: [...t.responsibleNames],
      relevantGroupIds: [...(t.relevantGroupIds ?? [])],
    });
    for (const part of chunks(input.newTasks)) {
      await this.col(C.tasks).add({
        data: part.map((t) => ({ _id: t.id, ...taskDoc(t), planOrder, live: true })),
      });
    }
    for (const t of input.updatedTasks) {
      const r = await this.col(C.tasks)
        .doc(t.id)
        .update({ data: taskDoc(t) });
      if (r.stats.updated === 0) {
        const exists = (await this.col(C.tasks).doc(t.id).get()).data;
        if (!exists) throw notFound('这项任务', { taskId: t.id });
      }
    }
    const tasks = new Map([...input.newTasks, ...input.updatedTasks].map((t) => [t.id, t]));
    // the kept light counts (lightCounts.ts), moved by each write below, applied once at the end
    const counts = new CountsDelta();
    for (const part of chunks(input.newAssignments)) {
      const docs = part.map((a) => {
        const t = tasks.get(a.taskId);
        if (!t) throw conflict('修订的分配指向不存在的任务，请重新预览后再确认。');
        return { _id: a.id, ...this.store.assignmentData(a, t, []), live: true };
      });
      await this.col(C.assignments).add({ data: docs });
      for (const d of docs) counts.add(d, 1);
    }
    for (const c of input.assignmentChanges) {
      const d = (await this.col(C.assignments).doc(c.id).get()).data;
      if (!d || d.live !== true) continue;
      const data: DocData = {};
      if (c.role !== undefined) {
        data.role = c.role;
        data.roleRank = c.role === 'lead' ? 0 : 1;
      }
      if (c.dueDate !== undefined) {
        data.dueDate = c.dueDate;
        data.dueKey = d.closedRank === 1 ? d.dueKey : (c.dueDate ?? '9999-12-31');
      }
      await this.col(C.assignments).doc(c.id).update({ data });
      counts.change(d, { ...d, ...data });
    }
    for (const part of chunks(input.withdraw.assignmentIds)) {
      const before = await getByIds(this.db, C.assignments, part);
      await this.col(C.assignments)
        .where({ _id: _.in(part), live: true })
        .update({ data: { live: 'withdrawn', withdrawnAt: input.withdraw.at, withdrawnReason: 'revision' } });
      for (const d of before.values()) counts.add(d, -1);
      await this.markWithdrawn({ assignmentId: _.in(part) });
    }
    // a removed task keeps its document (getTask finds it); `live: 'removed'` takes it out of every task list
    for (const part of chunks(input.removedTaskIds)) {
      await this.col(C.tasks)
        .where({ _id: _.in(part), planId: input.planId, live: true })
        .update({ data: { live: 'removed', removedAt: input.withdraw.at } });
    }
    // every touched task's assignment documents carry its fields and its lead units again
    for (const t of tasks.values()) {
      const live = await getAll(this.col(C.assignments).where({ taskId: t.id, live: true }).orderBy('_id', 'asc'));
      const leadUnitIds = live.filter((d) => d.role === 'lead').map((d) => String(d.unitId));
      for (const d of live) counts.change(d, { ...d, taskStage: t.stage }); // a task's stage may have changed
      await this.col(C.assignments)
        .where({ taskId: t.id, live: true })
        .update({
          data: {
            planId: input.planId,
            taskSeq: t.seq,
            taskStage: t.stage,
            taskContent: t.content,
            deadlineText: t.deadline.text,
            leadUnitIds,
          },
        });
    }
    await this.store.moveCounts(counts);
    await this.col(C.audit).add({ data: { _id: input.audit.id, ...auditData(input.audit), live: true } });
    // the commit point: the plan answers to the revised table from now on
    await this.db.runTransaction(async (tx) => {
      const guard = (await tx.collection(C.state).doc(`plan:${input.fingerprint}`).get()).data;
      if (!guard) {
        await tx.collection(C.state).add({ data: { _id: `plan:${input.fingerprint}`, planId: input.planId } });
      }
      await tx
        .collection(C.plans)
        .doc(input.planId)
        .update({ data: { title: input.title, fingerprint: input.fingerprint } });
    });
  }

  async archivePlan(planId: string, at: string): Promise<number> {
    const _ = this.db.command;
    const plan = (await this.col(C.plans).doc(planId).get()).data;
    if (!plan) throw notFound('这份任务清单', { planId });
    if (!plan.archivedAt)
      await this.col(C.plans)
        .doc(planId)
        .update({ data: { archivedAt: at } });
    const taskIds = (await this.listTasksOfPlan(planId)).map((t) => t.id);
    let n = 0;
    for (const part of chunks(taskIds)) {
      const counts = new CountsDelta();
      for (const d of await this.liveAssignmentsOf(part)) counts.add(d, -1);
      const r = await this.col(C.assignments)
        .where({ taskId: _.in(part), live: true })
        .update({ data: { live: 'withdrawn', withdrawnAt: at, withdrawnReason: 'archived' } });
      n += r.stats.updated;
      await this.store.moveCounts(counts);
      await this.markWithdrawn({ taskId: _.in(part) });
    }
    return n;
  }

  /** The counted fields of the live assignments of these tasks (what a bulk write takes out of the counts, gaps too). */
  private liveAssignmentsOf(taskIds: string[]) {
    return getAll(
      this.col(C.assignments)
        .where({ taskId: this.db.command.in(taskIds), live: true })
        .field({
          live: true,
          taskStage: true,
          unitId: true,
          status: true,
          dueDate: true,
          taskId: true,
          lastReportAt: true,
        })
        .orderBy('_id', 'asc'),
    );
  }

  /** Reports and extensions of withdrawn assignments wait for no review or decision (the pending lists skip them). */
  private async markWithdrawn(where: object): Promise<void> {
    for (const name of [C.reports, C.extensions]) {
      await this.col(name)
        .where(where)
        .update({ data: { withdrawn: true } });
    }
  }

  async deletePlanIfUntouched(planId: string): Promise<'deleted' | 'touched' | 'missing'> {
    const _ = this.db.command;
    const plan = (await this.col(C.plans).doc(planId).get()).data;
    if (!plan) return 'missing';
    const taskIds = (await getAll(this.col(C.tasks).where({ planId }).orderBy('_id', 'asc'))).map((d) => d._id);
    for (const part of chunks(taskIds)) {
      for (const name of [C.reports, C.extensions, C.urges]) {
        const got = await this.col(name)
          .where({ taskId: _.in(part) })
          .limit(1)
          .get();
        if (got.data.length > 0) return 'touched';
      }
    }
    // the assignments first (they are what lists show), the plan record and its guard last: from then on the
    // table is free to be imported again
    for (const part of chunks(taskIds)) {
      const counts = new CountsDelta();
      for (const d of await this.liveAssignmentsOf(part)) counts.add(d, -1);
      await this.col(C.assignments)
        .where({ taskId: _.in(part) })
        .remove();
      await this.store.moveCounts(counts);
      await this.col(C.tasks)
        .where({ _id: _.in(part) })
        .remove();
    }
    await this.col(C.plans).doc(planId).remove();
    await this.col(C.state)
      .doc(`plan:${String(plan.fingerprint)}`)
      .remove();
    return 'deleted';
  }
}
