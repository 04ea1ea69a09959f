/**
 * submitReport: a unit reports progress (text ≤ 2,000 characters, ≤ 9 photos it uploaded itself, an optional
 * percent) and may claim completion (申请办结: the assignment waits for review). Idempotent on the client's request
 * id: a retried submit answers with the report it made. Reports are never edited; a correction is a new report.
 *
 * Content check: 'risky' refuses the report (CONTENT_REJECTED). 'review' (doubtful) stores it, because reports are
 * read only inside government (the unit, its lead unit, supervisors), and leaves an audit entry
 * `contentFlagged` naming the report so that an admin can look at it.
 *
 * Permission: contacts, on their own unit's assignments only (PERMISSIONS.submitReport).
 */
import { z } from 'zod';
import { requireTransition } from '../assign/lifecycle';
import { forbidden } from '../errors';
import type { AssignmentPatch } from '../ports/store';
import type { Report } from '../model';
import { audit, authorizeOnAssignment, concerning } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { reportViews, unitNames } from './views';
import { requireCleanText } from './contentGuard';

export const MAX_REPORT_TEXT = 2000;
export const MAX_PHOTOS = 9;

export const submitReport = defineUseCase({
  action: 'submitReport',
  schema: z.object({
    assignmentId: z.string().min(1).max(100),
    requestId: z.string().min(1).max(100),
    text: z.string().trim().min(1).max(MAX_REPORT_TEXT),
    photos: z.array(z.string().min(1).max(500)).max(MAX_PHOTOS).optional(),
    percent: z.number().int().min(0).max(100).nullable().optional(),
    claimDone: z.boolean().optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const { assignment } = await authorizeOnAssignment(ctx, 'submitReport', input.assignmentId);
    const view = async (r: Report) =>
      (await reportViews(ctx.rt, [r], () => assignment.unitId, await unitNames(ctx.rt)))[0];

    const earlier = await store.getReportByRequest(assignment.id, input.requestId);
    if (earlier) return { report: await view(earlier), created: false };

    const claimDone = input.claimDone ?? false;
    // the lifecycle: open, and (a plain report as a claim) not while a claim waits for review
    const { patch: statusPatch } = requireTransition(assignment, claimDone ? 'claim' : 'report', ctx.now);
    const photos = [...new Set(input.photos ?? [])];
    const principal = ctx.caller.principal ?? ctx.user.principal;
    for (const photo of photos) {
      if (!(await ctx.rt.files.ownedBy(photo, principal))) {
        throw forbidden('有照片不是您上传的或已失效，请重新选择照片后再提交。', { photo });
      }
    }
    const verdict = await requireCleanText(ctx, '汇报内容', input.text);

    const report: Report = {
      id: ctx.rt.ids.id(),
      assignmentId: assignment.id,
      requestId: input.requestId,
      authorId: ctx.user.id,
      text: input.text,
      photos,
      percent: input.percent ?? null,
      claimDone,
      review: claimDone ? 'pending' : 'none',
      reviewerId: null,
      reviewReason: null,
      reviewedAt: null,
      createdAt: ctx.now,
    };
    const patch: AssignmentPatch = { ...statusPatch, lastReportAt: ctx.now };
    if (input.percent !== undefined && input.percent !== null) patch.percent = input.percent;

    const { report: stored, created } = await store.appendReport(report, patch);
    if (created) {
      const about = concerning(assignment);
      await audit(ctx, 'submitReport', `report:${stored.id}`, {
        ...about,
        claimDone,
        percent: stored.percent,
        photos: photos.length,
      });
      if (verdict === 'review') {
        await audit(ctx, 'contentFlagged', `report:${stored.id}`, { verdict, ...about });
      }
      // a claim waits for review: its reviewers (the lead unit's contacts, the supervisors) are told
      if (claimDone) {
        await queueEvent(ctx, { kind: 'claimReview', assignmentId: assignment.id, refId: stored.id, note: null });
      }
    }
    return { report: await view(stored), created };
  },
});
