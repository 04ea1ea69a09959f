/**
 * submitReport: a unit reports progress (text ≤ 2,000 characters, ≤ 9 photos it uploaded itself, an optional
 * percent) and may claim completion (申请办结: the assignment waits for review). Idempotent on the client's request
 * id: a retried submit answers with the report it made. Reports are never edited; a correction is a new report.
 *
 * Content check: 'risky' refuses the report (CONTENT_REJECTED). 'review' (doubtful) stores it, because reports are
 * read only inside government (the unit, its lead unit, supervisors), and leaves an audit entry
 * `contentFlagged` naming the report so that an admin can look at it.
 *
 * Photos: examinePhotos (photoEvidence.ts) stamps, hashes and compares each one before the report is stored.
 * Kinds (Report.kind): 'noChange' is 本期无新进展, filed in one tap from the list: the server writes its text
 * (NO_CHANGE_TEXT), it carries no photos, percent or claim, and counts as the period's report (core/cycle);
 * 'followUp' records 落实 of a leader's instruction (`instructionId`, one written on this task for all its units or
 * on this very assignment).
 *
 * 分解下达: a claim on an assignment split into parts lists its parts and how far each is (appended to its text), may
 * cite the parts' reports as evidence (`citeReportIds`: their photos come with the claim, up to 9 in all), and, while
 * parts are still open, is refused naming them until the caller confirms (`confirmOpenParts`).
 *
 * Permission: contacts, on their own unit's assignments only (PERMISSIONS.submitReport).
 */
import { z } from 'zod';
import { requireTransition } from '../assign/lifecycle';
import { badInput, conflict, forbidden, notFound } from '../errors';
import { LIGHT_WORDS, lightOf } from '../lights/lights';
import { formatChineseDate, beijingDate } from '../time';
import type { AssignmentPatch } from '../ports/store';
import type { Report } from '../model';
import { audit, authorizeOnAssignment, concerning, partsOf } from './access';
import { defineUseCase } from './define';
import { queueEvent } from './events';
import { reportViews, unitNames } from './views';
import { requireCleanText } from './contentGuard';
import { examinePhotos } from './photoEvidence';
import { noteUnnoted } from './noteUploads';

export const MAX_REPORT_TEXT = 2000;
export const MAX_PHOTOS = 9;
/** The text of a 本期无新进展 report (written by the server, so it reads the same everywhere). */
export const NO_CHANGE_TEXT = '本期无新进展';

export const submitReport = defineUseCase({
  action: 'submitReport',
  schema: z.object({
    assignmentId: z.string().min(1).max(100),
    requestId: z.string().min(1).max(100),
    text: z.string().trim().min(1).max(MAX_REPORT_TEXT),
    photos: z.array(z.string().min(1).max(500)).max(MAX_PHOTOS).optional(),
    percent: z.number().int().min(0).max(100).nullable().optional(),
    claimDone: z.boolean().optional(),
    kind: z.enum(['progress', 'noChange', 'followUp']).optional(),
    instructionId: z.string().min(1).max(100).optional(),
    confirmOpenParts: z.boolean().optional(),
    citeReportIds: z.array(z.string().min(1).max(100)).max(MAX_PHOTOS).optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const { assignment, taskAssignments } = await authorizeOnAssignment(ctx, 'submitReport', input.assignmentId);
    const view = async (r: Report) =>
      (await reportViews(ctx.rt, [r], () => assignment.unitId, await unitNames(ctx.rt)))[0];

    const earlier = await store.getReportByRequest(assignment.id, input.requestId);
    if (earlier) return { report: await view(earlier), created: false };

    const kind = input.kind ?? 'progress';
    if (
      kind === 'noChange' &&
      (input.claimDone || (input.photos ?? []).length > 0 || (input.percent ?? null) !== null)
    ) {
      throw badInput('「本期无新进展」不带照片、进度或办结申请；有新进展请填写进展报送。');
    }
    if (kind === 'followUp') {
      if (!input.instructionId) throw badInput('请说明落实的是哪一条批示后再提交。');
      const instruction = await store.getInstruction(input.instructionId);
      const onThis =
        instruction !== null &&
        instruction.taskId === assignment.taskId &&
        (instruction.assignmentId === null || instruction.assignmentId === assignment.id);
      if (!onThis) throw notFound('这条批示', { instructionId: input.instructionId });
    } else if (input.instructionId) {
      throw badInput('只有「落实批示」的报送才关联批示，请检查后重试。');
    }
    let text = kind === 'noChange' ? NO_CHANGE_TEXT : input.text;
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
    // CloudBase: photos the app did not note (an older version, an old draft) are recorded now (noteUploads.ts)
    await noteUnnoted(ctx, photos);
    const verdict = kind === 'noChange' ? 'pass' : await requireCleanText(ctx, '汇报内容', text);
    // the caller's own photos are examined (stamped, hashed); photos cited from its parts' reports were examined there
    const ownPhotos = [...photos];
    const parts = partsOf(taskAssignments, assignment.id);
    if (input.citeReportIds?.length && !(claimDone && parts.length)) {
      throw badInput('只有申请办结已分解下达的任务时，才能引用分解单位的汇报，请修改后重试。');
    }
    if (claimDone && parts.length) {
      const names = await unitNames(ctx.rt);
      const open = parts.filter((p) => p.status !== 'closed');
      if (open.length && !input.confirmOpenParts) {
        const which = open.map((p) => names.get(p.unitId) ?? '').join('、');
        throw conflict(`还有 ${open.length} 个分解单位尚未办结：${which}。如仍要申请办结，请确认后再提交。`, {
          openParts: open.map((p) => p.id),
        });
      }
      const settings = await store.getSettings();
      const lines = parts.map((p) => {
        const light = lightOf(p, ctx.now, settings.yellowDays);
        return `${names.get(p.unitId) ?? ''}：${p.status === 'closed' ? '已办结' : `未办结（${LIGHT_WORDS[light]}）`}`;
      });
      const cited = await citedReports(input.citeReportIds ?? [], parts);
      for (const r of cited) {
        for (const photo of r.photos) if (photos.length < MAX_PHOTOS && !photos.includes(photo)) photos.push(photo);
      }
      const citeLines = cited.map(
        (r) =>
          `引用：${names.get(parts.find((p) => p.id === r.assignmentId)?.unitId ?? '') ?? ''} ${formatChineseDate(beijingDate(r.createdAt))}的汇报`,
      );
      const summary = [`【分解落实情况】${parts.length - open.length}/${parts.length} 已办结`, ...lines, ...citeLines];
      text = `${text}\n\n${summary.join('\n')}`.slice(0, MAX_REPORT_TEXT);
    }

    const reportId = ctx.rt.ids.id();
    const task = photos.length ? await store.getTask(assignment.taskId) : null;
    const settings = photos.length ? await store.getSettings() : null;
    const names = await unitNames(ctx.rt);
    const evidence = await examinePhotos(ctx, {
      reportId,
      assignment,
      photos: ownPhotos,
      unitName: names.get(assignment.unitId) ?? '',
      cameraOnly: !!task && (settings?.cameraOnlyPlanIds ?? []).includes(task.planId),
    });

    const report: Report = {
      id: reportId,
      assignmentId: assignment.id,
      requestId: input.requestId,
      authorId: ctx.user.id,
      text,
      photos,
      percent: input.percent ?? null,
      claimDone,
      review: claimDone ? 'pending' : 'none',
      reviewerId: null,
      reviewReason: null,
      reviewedAt: null,
      createdAt: ctx.now,
      kind,
      instructionId: kind === 'followUp' ? (input.instructionId ?? null) : null,
    };
    const patch: AssignmentPatch = { ...statusPatch, lastReportAt: ctx.now };
    if (input.percent !== undefined && input.percent !== null) patch.percent = input.percent;

    const { report: stored, created } = await store.appendReport(report, patch);
    if (created) {
      if (evidence.length) await store.addPhotoEvidence(evidence);
      const about = concerning(assignment);
      await audit(ctx, 'submitReport', `report:${stored.id}`, {
        ...about,
        claimDone,
        percent: stored.percent,
        photos: photos.length,
        ...(evidence.some((e) => e.reuseOf) ? { reusedPhotos: evidence.filter((e) => e.reuseOf).length } : {}),
        kind,
        ...(stored.instructionId ? { instructionId: stored.instructionId } : {}),
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

    /** The cited reports, each one of a part of this assignment. */
    async function citedReports(ids: string[], ofParts: typeof parts): Promise<Report[]> {
      if (!ids.length) return [];
      const reports = await store.listReportsOfTask(assignment.taskId, { assignmentIds: ofParts.map((p) => p.id) });
      return [...new Set(ids)].map((id) => {
        const r = reports.find((x) => x.id === id);
        if (!r) throw badInput('引用的汇报不是本任务分解单位的汇报，请刷新后重新选择。', { reportId: id });
        return r;
      });
    }
  },
});
