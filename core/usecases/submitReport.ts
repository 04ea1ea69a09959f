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
import { DubanError } from '../errors';
import type { AssignmentPatch } from '../ports/store';
import type { Report } from '../model';
import { audit, authorizeOnAssignment } from './access';
import { defineUseCase } from './define';
import { reportViews, unitNames } from './views';

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

    if (assignment.status === 'closed') {
      throw new DubanError('CONFLICT', '这项任务已办结，不能再报送进展。如需补充，请联系督查室。');
    }
    const claimDone = input.claimDone ?? false;
    if (claimDone && assignment.status === 'claimed') {
      throw new DubanError('CONFLICT', '已经申请办结，正在等待审核，无需重复申请。');
    }
    const photos = [...new Set(input.photos ?? [])];
    const principal = ctx.caller.principal ?? ctx.user.principal;
    for (const photo of photos) {
      if (!(await ctx.rt.files.ownedBy(photo, principal))) {
        throw new DubanError('FORBIDDEN', '有照片不是你上传的或已失效，请重新选择照片后再提交。', { photo });
      }
    }
    const verdict = await ctx.rt.contentCheck.checkText(input.text, principal);
    if (verdict === 'risky') {
      throw new DubanError('CONTENT_REJECTED', '汇报内容未通过内容安全检查，请修改后重新提交。');
    }

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
    const patch: AssignmentPatch = { lastReportAt: ctx.now };
    if (input.percent !== undefined && input.percent !== null) patch.percent = input.percent;
    if (claimDone) patch.status = 'claimed';
    else if (assignment.status === 'assigned' || assignment.status === 'acknowledged') patch.status = 'in_progress';
    if (!assignment.acknowledgedAt) patch.acknowledgedAt = ctx.now;

    const { report: stored, created } = await store.appendReport(report, patch);
    if (created) {
      await audit(ctx, 'submitReport', `report:${stored.id}`, {
        assignmentId: assignment.id,
        claimDone,
        percent: stored.percent,
        photos: photos.length,
      });
      if (verdict === 'review') {
        await audit(ctx, 'contentFlagged', `report:${stored.id}`, { verdict, assignmentId: assignment.id });
      }
    }
    return { report: await view(stored), created };
  },
});
