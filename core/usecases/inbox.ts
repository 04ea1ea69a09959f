/**
 * inbox (待办): what waits for the caller, counted and listed newest first, each item opening its task:
 * - `review`: completion claims waiting for the caller's review (a supervisor: all; a lead unit's contact: the
 *   responsible units' claims on the tasks its unit leads — the review queue's scope, pendingReportScope);
 * - `extension`: extension requests waiting for a supervisor's decision;
 * - `returned`: the caller's unit's reports that were returned and not yet followed by a new report;
 * - `urge`: urges of the caller's unit that no contact of it has read yet (read when one opens the task).
 * New sources (领导批示…) add an InboxKind (core/api/contract.ts) and a block here.
 * Permission: any bound user, about itself (PERMISSIONS.inbox).
 */
import { INBOX_KINDS, type Inbox, type InboxItem, type InboxKind } from '../api/contract';
import { defineUseCase, noInput } from './define';
import { decidesExtensions, pendingReportScope } from './reviewQueue';
import { excerpt } from './unitOverview';
import { unitNames } from './views';

/** The most items listed of each kind (the counts are exact). */
export const INBOX_ITEMS_PER_KIND = 20;
/** The most items listed in all. */
export const INBOX_ITEMS = 50;
/** How many of the unit's open assignments are looked at for returned reports. */
const RETURNED_SCAN = 100;

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

    const reviews =
      ctx.user.role === 'supervisor' || (ctx.user.role === 'contact' && (await store.unitLeadsAnyTask(ctx.user.unitId)))
        ? await store.listPendingReports(await pendingReportScope(ctx), page)
        : null;
    if (reviews) {
      counts.review = reviews.total;
      for (const { report, assignment, task } of reviews.items) {
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
    }

    if (decidesExtensions(ctx)) {
      const pending = await store.listPendingExtensions(page);
      counts.extension = pending.total;
      for (const { extension, assignment, task } of pending.items) {
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
