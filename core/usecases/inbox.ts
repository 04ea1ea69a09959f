/**
 * inbox (待办): what waits for the caller, counted and listed newest first, each item opening its task:
 * - `review`: completion claims waiting for the caller's review, and
 * - `extension`: extension requests waiting for its decision, both as the review queue has them (ONE rule,
 *   `pendingReviews` in reviewQueue.ts: a supervisor's within its reach, a lead unit's contact's on the tasks its unit
 *   leads, and the parts a unit split from its own assignments);
 * - `returned`: the caller's unit's reports that were returned and not yet followed by a new report;
 * - `urge`: urges of the caller's unit that no contact of it has read yet (read when one opens the task).
 * New sources (领导批示…) add an InboxKind (core/api/contract.ts) and a block here.
 * Permission: any bound user, about itself (PERMISSIONS.inbox).
 */
import { INBOX_KINDS, type Inbox, type InboxItem, type InboxKind } from '../api/contract';
import { defineUseCase, noInput } from './define';
import { pendingReviews } from './reviewQueue';
import { excerpt } from './unitOverview';
import { unitNames } from './views';

/** The most items listed of each kind (the counts are exact). */
export const INBOX_ITEMS_PER_KIND = 20;
/** The most items listed in all. */
export const INBOX_ITEMS = 50;
/** How many of the unit's open assignments are looked at for returned reports. */
const RETURNED_SCAN = 100;

/** The newest INBOX_ITEMS_PER_KIND of `list`, newest first. */
function newestFirst<T>(list: T[], at: (item: T) => string): T[] {
  return [...list].sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0)).slice(0, INBOX_ITEMS_PER_KIND);
}

export const inbox = defineUseCase({
  action: 'inbox',
  schema: noInput,
  async run(ctx): Promise<Inbox> {
    const { store } = ctx.rt;
    const counts = Object.fromEntries(INBOX_KINDS.map((k) => [k, 0])) as Record<InboxKind, number>;
    const items: InboxItem[] = [];
    const names = await unitNames(ctx.rt);
    const nameOf = (unitId: string) => names.get(unitId) ?? '';
    const page = { offset: 0, limit: INBOX_ITEMS_PER_KIND };

    const pending = await pendingReviews(ctx);
    counts.review = pending.reportTotal;
    for (const { report, assignment, task } of newestFirst(pending.reports, (i) => i.report.createdAt)) {
      items.push({
        kind: 'review',
        id: report.id,
        taskId: task.id,
        seq: task.seq,
        content: task.content,
        unitName: nameOf(assignment.unitId),
        at: report.createdAt,
        note: excerpt(report.text),
      });
    }
    counts.extension = pending.extensionTotal;
    for (const { extension, assignment, task } of newestFirst(pending.extensions, (i) => i.extension.createdAt)) {
      items.push({
        kind: 'extension',
        id: extension.id,
        taskId: task.id,
        seq: task.seq,
        content: task.content,
        unitName: nameOf(assignment.unitId),
        at: extension.createdAt,
        note: excerpt(extension.reason),
      });
    }

    if (ctx.user.role === 'contact') {
      // a returned claim puts the assignment back in progress; it stays returned until the unit reports again
      const open = await store.listAssignments(
        { unitIds: [ctx.user.unitId], status: ['in_progress'] },
        { offset: 0, limit: RETURNED_SCAN },
        { count: false },
      );
      const latest = await store.latestReports(open.items.map((i) => i.assignment.id));
      for (const { assignment, task } of open.items) {
        const r = latest[assignment.id];
        if (!r || r.review !== 'returned') continue;
        counts.returned++;
        items.push({
          kind: 'returned',
          id: r.id,
          taskId: task.id,
          seq: task.seq,
          content: task.content,
          unitName: nameOf(assignment.unitId),
          at: r.reviewedAt ?? r.createdAt,
          note: r.reviewReason,
        });
      }
      const urges = await store.listUnreadUrges(ctx.user.unitId, page);
      counts.urge = urges.total;
      for (const { urge, assignment, task } of urges.items) {
        items.push({
          kind: 'urge',
          id: urge.id,
          taskId: task.id,
          seq: task.seq,
          content: task.content,
          unitName: nameOf(assignment.unitId),
          at: urge.createdAt,
          note: urge.message,
        });
      }
    }

    items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return {
      counts,
      total: INBOX_KINDS.reduce((n, k) => n + counts[k], 0),
      items: items.slice(0, INBOX_ITEMS),
    };
  },
});
