/**
 * The ReminderStore port on the CloudBase database, beside the CloudStore (same database, same settings).
 *
 * - The message log (`duban_reminders`) is keyed by the message key: `_id` = key, so a claim is an insert that
 *   exactly one of many concurrent passes wins. The claim and the credit it spends are one transaction over two
 *   single documents (the log record and the credit `${userId}:${templateId}`).
 * - Credits change by `_.inc` (adding outside a transaction) or inside a transaction that read the count first
 *   (spending never goes below zero).
 * - Lists page at ≤ 100 by a cursor: `${dueDate}|${_id}` for the dated sweep, `_id` for the full one.
 * - changeStamp reads the change counter (changeCounter.ts), which the CloudStore increments on every write that may
 *   make a message due and this store on credits added or refunded.
 */
import type { Frozen } from '../../../core/frozen';
import type { AssignmentStatus, CalendarDate, Instant, MessageKind, Settings } from '../../../core/model';
import type {
  ClaimOutcome,
  EventKind,
  FinishOutcome,
  NewClaim,
  OpenAssignmentsPage,
  PendingEvent,
  ReminderAssignment,
  ReminderContact,
  ReminderEvent,
  ReminderRecord,
  ReminderStatus,
  ReminderStore,
} from '../../../core/ports/reminders';
import { REMINDED_STATUSES } from '../../../core/remind/planner';
import { isDuplicateKey, type CloudDatabase, type Doc, type Transaction } from './cloud';
import { C } from './collections';
import { GET_LIMIT, chunks, getAll, getByIds, sn } from './db';
import type { CloudStore } from './store';
import { claimConcurrently, finishConcurrently, type ClaimItem } from './reminderBatch';

const SWEEP = 'sweep';

export function creditId(userId: string, templateId: string): string {
  return `${userId}:${templateId}`;
}

function toRecord(d: Doc): ReminderRecord {
  return {
    key: d._id,
    userId: String(d.userId),
    assignmentId: sn(d.assignmentId),
    kind: d.kind as MessageKind,
    touser: String(d.touser),
    templateId: String(d.templateId),
    page: String(d.page),
    data: JSON.parse(JSON.stringify(d.data)) as ReminderRecord['data'],
    status: d.status as ReminderStatus,
    attempts: Number(d.attempts),
    creditHeld: d.creditHeld === true,
    claimedAt: String(d.claimedAt),
    finishedAt: sn(d.finishedAt),
    errCode: d.errCode === null || d.errCode === undefined ? null : Number(d.errCode),
    error: sn(d.error),
  };
}

function toEvent(d: Doc): ReminderEvent {
  return {
    id: d._id,
    kind: d.kind as EventKind,
    assignmentId: String(d.assignmentId),
    refId: String(d.refId),
    createdAt: String(d.createdAt),
    note: sn(d.note),
    from: sn(d.from),
    approved: d.approved === null || d.approved === undefined ? null : d.approved === true,
    newDue: sn(d.newDue),
  };
}

export class CloudReminderStore implements ReminderStore {
  private readonly db: CloudDatabase;

  constructor(private readonly store: CloudStore) {
    this.db = store.db;
  }

  private get _() {
    return this.db.command;
  }

  getSettings(): Promise<Frozen<Settings>> {
    return this.store.getSettings();
  }

  async changeStamp(): Promise<string> {
    return `c${await this.store.changeCount()}`;
  }

  /** Assignments with their unit's name, as the planner wants them. */
  private async withUnits(docs: Doc[]): Promise<ReminderAssignment[]> {
    const units = await getByIds(
      this.db,
      C.units,
      docs.map((d) => String(d.unitId)),
    );
    return docs.map((d) => ({
      assignmentId: d._id,
      taskId: String(d.taskId),
      unitId: String(d.unitId),
      unitName: String(units.get(String(d.unitId))?.name ?? ''),
      status: d.status as AssignmentStatus,
      dueDate: sn(d.dueDate),
      lastReportAt: sn(d.lastReportAt),
      taskSeq: Number(d.taskSeq),
      taskContent: String(d.taskContent),
      taskStage: sn(d.taskStage),
      deadlineText: String(d.deadlineText ?? ''),
      planId: String(d.planId ?? ''),
    }));
  }

  async openAssignments(
    filter: { dueOnOrBefore?: CalendarDate },
    page: { cursor: string | null; limit: number },
  ): Promise<OpenAssignmentsPage> {
    const _ = this._;
    const limit = Math.max(1, Math.min(GET_LIMIT, Math.floor(page.limit)));
    const conds: object[] = [{ live: true, status: _.in([...REMINDED_STATUSES]) }];
    let docs: Doc[];
    if (filter.dueOnOrBefore) {
      conds.push({ dueDate: _.lte(filter.dueOnOrBefore) });
      if (page.cursor) {
        const i = page.cursor.indexOf('|');
        const due = page.cursor.slice(0, i);
        const id = page.cursor.slice(i + 1);
        conds.push(_.or([{ dueDate: _.gt(due) }, { dueDate: due, _id: _.gt(id) }]));
      }
      docs = (
        await this.db
          .collection(C.assignments)
          .where(_.and(conds))
          .orderBy('dueDate', 'asc')
          .orderBy('_id', 'asc')
          .limit(limit)
          .get()
      ).data;
    } else {
      if (page.cursor) conds.push({ _id: _.gt(page.cursor) });
      docs = (await this.db.collection(C.assignments).where(_.and(conds)).orderBy('_id', 'asc').limit(limit).get())
        .data;
    }
    const items = await this.withUnits(docs);
    const last = items[items.length - 1];
    const cursor =
      items.length < limit || !last
        ? null
        : filter.dueOnOrBefore
          ? `${last.dueDate}|${last.assignmentId}`
          : last.assignmentId;
    return { items, cursor };
  }

  async contactsOfUnits(unitIds: string[]): Promise<ReminderContact[]> {
    const out: ReminderContact[] = [];
    for (const part of chunks([...new Set(unitIds)])) {
      const docs = await getAll(
        this.db
          .collection(C.users)
          .where({ role: 'contact', unitId: this._.in(part) })
          .orderBy('_id', 'asc'),
      );
      for (const d of docs) {
        if (d.removedAt) continue; // removed by an admin: no more messages
        out.push({ userId: d._id, principal: String(d.principal), name: sn(d.name), unitId: String(d.unitId) });
      }
    }
    return out;
  }

  async reviewersOfTask(taskId: string): Promise<ReminderContact[]> {
    const leads = await getAll(
      this.db.collection(C.assignments).where({ taskId, role: 'lead', live: true }).orderBy('_id', 'asc'),
    );
    const contacts = await this.contactsOfUnits(leads.map((d) => String(d.unitId)));
    const supervisors = await getAll(this.db.collection(C.users).where({ role: 'supervisor' }).orderBy('_id', 'asc'));
    const out = [
      ...contacts,
      ...supervisors.map((d) => ({
        userId: d._id,
        principal: String(d.principal),
        name: sn(d.name),
        unitId: String(d.unitId),
      })),
    ];
    return out.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }

  async creditsOfUsers(userIds: string[]): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const part of chunks([...new Set(userIds)])) {
      const docs = await getAll(
        this.db
          .collection(C.credits)
          .where({ userId: this._.in(part), credits: this._.gt(0) })
          .orderBy('_id', 'asc'),
      );
      for (const d of docs) (out[String(d.userId)] ??= {})[String(d.templateId)] = Number(d.credits);
    }
    return out;
  }

  async recordedKeys(keys: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const part of chunks([...new Set(keys)])) {
      const docs = (
        await this.db
          .collection(C.reminders)
          .where({ _id: this._.in(part) })
          .field({ _id: true })
          .limit(GET_LIMIT)
          .get()
      ).data;
      for (const d of docs) out.push(d._id);
    }
    return out;
  }

  /** Takes one credit inside a transaction; false when none is left. */
  private async spend(tx: Transaction, userId: string, templateId: string, at: Instant): Promise<boolean> {
    const ref = tx.collection(C.credits).doc(creditId(userId, templateId));
    const d = (await ref.get()).data;
    if (!d || Number(d.credits) <= 0) return false;
    await ref.update({ data: { credits: Number(d.credits) - 1, updatedAt: at } });
    return true;
  }

  async claim(claim: NewClaim, spendCredit: boolean): Promise<ClaimOutcome> {
    const m = claim.message;
    try {
      return await this.db.runTransaction(async (tx): Promise<ClaimOutcome> => {
        const ref = tx.collection(C.reminders).doc(m.key);
        if ((await ref.get()).data) return 'exists';
        if (spendCredit && !(await this.spend(tx, claim.userId, m.templateId, claim.at))) return 'no-credit';
        await tx.collection(C.reminders).add({
          data: {
            _id: m.key,
            userId: claim.userId,
            assignmentId: claim.assignmentId,
            kind: m.kind,
            touser: m.touser,
            templateId: m.templateId,
            page: m.page,
            data: m.data,
            status: 'claimed',
            attempts: 1,
            creditHeld: spendCredit,
            claimedAt: claim.at,
            finishedAt: null,
            errCode: null,
            error: null,
          },
        });
        return 'claimed';
      });
    } catch (e) {
      // another pass inserted the key between our read and our write
      if (isDuplicateKey(e)) return 'exists';
      throw e;
    }
  }

  async reclaim(
    key: string,
    expected: { status: 'claimed' | 'retry'; attempts: number },
    at: Instant,
  ): Promise<'claimed' | 'lost'> {
    // one conditional single-document update: of two passes taking it over, only one matches
    const r = await this.db
      .collection(C.reminders)
      .where({ _id: key, status: expected.status, attempts: expected.attempts })
      .update({ data: { status: 'claimed', attempts: this._.inc(1), claimedAt: at } });
    return r.stats.updated === 1 ? 'claimed' : 'lost';
  }

  async finish(key: string, outcome: FinishOutcome): Promise<void> {
    if (await this.finishRecord(key, outcome)) await this.store.touch();
  }

  /** Claims of a batch, concurrently where they cannot meet (reminderBatch.ts). */
  claimMany(claims: ClaimItem[]): Promise<ClaimOutcome[]> {
    return claimConcurrently(claims, (c, spend) => this.claim(c, spend));
  }

  /** Finishes of a batch, concurrently where no credit changes (reminderBatch.ts); one change count at the end. */
  async finishMany(items: { key: string; outcome: FinishOutcome }[]): Promise<void> {
    if (await finishConcurrently(items, (k, o) => this.finishRecord(k, o))) await this.store.touch();
  }

  /**
   * Ends one claimed record; true when it gave a credit back. An outcome that leaves the credit as it is (sent, a
   * retry) is one single-document update; one that gives back or zeroes a credit is a transaction over both.
   */
  private async finishRecord(key: string, outcome: FinishOutcome): Promise<boolean> {
    if (!outcome.zeroCredit && !outcome.refundCredit) {
      await this.db
        .collection(C.reminders)
        .doc(key)
        .update({
          data: {
            status: outcome.status,
            finishedAt: outcome.status === 'retry' ? null : outcome.at,
            errCode: outcome.errCode ?? null,
            error: outcome.error ?? null,
          },
        });
      return false;
    }
    return this.db.runTransaction(async (tx) => {
      const ref = tx.collection(C.reminders).doc(key);
      const d = (await ref.get()).data;
      if (!d) return false;
      const held = d.creditHeld === true;
      const cref = tx.collection(C.credits).doc(creditId(String(d.userId), String(d.templateId)));
      let stillHeld = held;
      let refund = false;
      if (outcome.zeroCredit) {
        await cref.set({
          data: { userId: d.userId, templateId: d.templateId, credits: 0, updatedAt: outcome.at },
        });
        stillHeld = false;
      } else if (outcome.refundCredit && held) {
        const c = (await cref.get()).data;
        await cref.set({
          data: {
            userId: d.userId,
            templateId: d.templateId,
            credits: (c ? Number(c.credits) : 0) + 1,
            updatedAt: outcome.at,
          },
        });
        stillHeld = false;
        refund = true;
      }
      await ref.update({
        data: {
          status: outcome.status,
          finishedAt: outcome.status === 'retry' ? null : outcome.at,
          errCode: outcome.errCode ?? null,
          error: outcome.error ?? null,
          creditHeld: stillHeld,
        },
      });
      return refund;
    });
  }

  async unfinished(staleBefore: Instant, limit: number): Promise<ReminderRecord[]> {
    const _ = this._;
    const docs = (
      await this.db
        .collection(C.reminders)
        .where(_.or([{ status: 'retry' }, { status: 'claimed', claimedAt: _.lt(staleBefore) }]))
        .orderBy('claimedAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(Math.max(1, Math.min(GET_LIMIT, Math.floor(limit))))
        .get()
    ).data;
    return docs.map(toRecord);
  }

  async getCursor(): Promise<string | null> {
    const d = (await this.db.collection(C.state).doc(SWEEP).get()).data;
    return d ? sn(d.value) : null;
  }

  async setCursor(value: string | null): Promise<void> {
    await this.db.collection(C.state).doc(SWEEP).set({ data: { value } });
  }

  async enqueueEvent(e: ReminderEvent): Promise<void> {
    try {
      await this.db.collection(C.events).add({
        data: {
          _id: e.id,
          kind: e.kind,
          assignmentId: e.assignmentId,
          refId: e.refId,
          createdAt: e.createdAt,
          note: e.note,
          from: e.from,
          approved: e.approved ?? null,
          newDue: e.newDue ?? null,
          doneAt: null,
        },
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async pendingEvents(limit: number, after: string | null = null): Promise<PendingEvent[]> {
    const _ = this._;
    const size = Math.max(1, Math.min(GET_LIMIT, Math.floor(limit)));
    const out: PendingEvent[] = [];
    let cursor = after;
    for (;;) {
      const conds: object[] = [{ doneAt: null }];
      if (cursor) {
        const i = cursor.indexOf('|');
        const at = cursor.slice(0, i);
        const id = cursor.slice(i + 1);
        conds.push(_.or([{ createdAt: _.gt(at) }, { createdAt: at, _id: _.gt(id) }]));
      }
      const docs = (
        await this.db
          .collection(C.events)
          .where(_.and(conds))
          .orderBy('createdAt', 'asc')
          .orderBy('_id', 'asc')
          .limit(size)
          .get()
      ).data;
      const assignments = await getByIds(
        this.db,
        C.assignments,
        docs.map((d) => String(d.assignmentId)),
      );
      const live = [...assignments.values()].filter((a) => a.live !== false && !a.withdrawnAt);
      const byId = new Map((await this.withUnits(live)).map((a) => [a.assignmentId, a]));
      for (const d of docs) {
        const a = byId.get(String(d.assignmentId));
        if (a) out.push({ event: toEvent(d), assignment: a });
        // an event of a deleted assignment can never be sent: close it so it does not hold a place in the queue
        else await this.closeEvent(d._id, String(d.createdAt));
      }
      // a page of only such events is skipped, as a join would skip them
      if (out.length > 0 || docs.length < size) return out;
      const last = docs[docs.length - 1];
      cursor = `${String(last.createdAt)}|${last._id}`;
    }
  }

  async closeEvent(id: string, at: Instant): Promise<void> {
    await this.db
      .collection(C.events)
      .where({ _id: id, doneAt: null })
      .update({ data: { doneAt: at } });
  }

  async addCredits(userId: string, templateIds: string[], at: Instant): Promise<Record<string, number>> {
    for (const templateId of templateIds) {
      const ref = this.db.collection(C.credits).doc(creditId(userId, templateId));
      const r = await ref.update({ data: { credits: this._.inc(1), updatedAt: at } });
      if (r.stats.updated === 1) continue;
      try {
        await this.db
          .collection(C.credits)
          .add({ data: { _id: creditId(userId, templateId), userId, templateId, credits: 1, updatedAt: at } });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        await ref.update({ data: { credits: this._.inc(1), updatedAt: at } });
      }
    }
    if (templateIds.length) await this.store.touch();
    return this.creditsOf(userId);
  }

  creditsOf(userId: string): Promise<Record<string, number>> {
    return this.store.creditsOf(userId);
  }

  async messagesOf(userId: string, limit: number): Promise<ReminderRecord[]> {
    const docs = (
      await this.db
        .collection(C.reminders)
        .where({ userId })
        .orderBy('claimedAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(Math.max(1, Math.min(GET_LIMIT, Math.floor(limit))))
        .get()
    ).data;
    return docs.map(toRecord);
  }

  /** Sets a user's credits for a template (tests, demo data). */
  async setCredits(userId: string, templateId: string, credits: number, at: Instant): Promise<void> {
    await this.db
      .collection(C.credits)
      .doc(creditId(userId, templateId))
      .set({ data: { userId, templateId, credits, updatedAt: at } });
    await this.store.touch();
  }
}
