/**
 * editPreview: corrects a stored import preview before anything is written (issue 9): a task's content, lead and
 * responsible units (read through the directory, as the importer reads a cell) and deadline (read as the importer
 * reads it: the answer shows the parsed date beside the text); tasks excluded or taken back; every deadline moved
 * forward by whole years (`shiftYears`, an old table). The answer is the preview again, with the unknown units,
 * the assignment count, the past-deadline notice and the revision it would be re-computed; confirmImport imports
 * exactly it.
 * Permission: admin only (PERMISSIONS.editPreview), and only the admin's own preview.
 */
import { z } from 'zod';
import type { ImportPreview } from '../api/contract';
import { planFingerprint } from '../assign/expand';
import { badInput, forbidden, notFound } from '../errors';
import { createDirectoryIndex } from '../org/directory';
import { beijingDate } from '../time';
import { defineUseCase } from './define';
import { applyEdit, includedPlan, marksOf, previewOf, shiftDeadline } from './importPreview';
import { findRevision } from './planRevision';

const unitText = z.string().trim().max(2000);

export const editPreview = defineUseCase({
  action: 'editPreview',
  schema: z.object({
    previewId: z.string().min(1).max(100),
    edits: z
      .array(
        z.object({
          seq: z.number().int().min(1).max(100000),
          content: z.string().trim().min(1).max(5000).optional(),
          lead: unitText.optional(),
          responsible: unitText.optional(),
          deadline: z.string().trim().max(200).optional(),
          excluded: z.boolean().optional(),
        }),
      )
      .max(5000)
      .optional(),
    shiftYears: z.number().int().min(-50).max(50).optional(),
  }),
  async run(ctx, input): Promise<ImportPreview> {
    const { store } = ctx.rt;
    const stored = await store.getPreview(input.previewId);
    if (!stored) throw notFound('这次导入的预览', { previewId: input.previewId }, '请重新选择文件导入');
    if (stored.createdBy !== ctx.user.id) throw forbidden('这是其他管理员的导入预览：请您自己选择文件导入。');
    const dir = createDirectoryIndex(await store.getDirectory(), { level: ctx.user.unitId });
    const parsed = stored.parsed;
    const marks = marksOf(stored.preview);
    const bySeq = new Map(parsed.tasks.map((t) => [t.seq, t]));
    for (const edit of input.edits ?? []) {
      const task = bySeq.get(edit.seq);
      if (!task) throw badInput(`预览中没有第 ${edit.seq} 条任务，请刷新预览后再修改。`, { seq: edit.seq });
      if (edit.excluded !== undefined) {
        if (edit.excluded) marks.excluded.add(edit.seq);
        else marks.excluded.delete(edit.seq);
      }
      const { changed, deadlineWarning } = applyEdit(task, edit, dir, parsed.title);
      if (changed) marks.edited.add(edit.seq);
      parsed.warnings = parsed.warnings.filter((w) => !(w.line === task.line && w.code.startsWith('EDIT_')));
      if (deadlineWarning) {
        parsed.warnings.push({
          line: task.line,
          code: 'EDIT_DEADLINE',
          message: `第${task.seq}条：${deadlineWarning}`,
        });
      }
    }
    if (marks.excluded.size === parsed.tasks.length) {
      throw badInput('不能排除全部任务：请至少保留一条任务再导入，或直接取消这次导入。');
    }
    if (input.shiftYears) {
      for (const t of parsed.tasks) t.deadline = shiftDeadline(t.deadline, input.shiftYears);
    }
    const included = includedPlan(parsed, marks.excluded);
    const fingerprint = planFingerprint(included);
    const duplicate = await store.findPlanByFingerprint(fingerprint);
    const revision = duplicate ? null : await findRevision(store, included, null);
    const preview = previewOf(parsed, marks, dir, beijingDate(ctx.now), {
      previewId: stored.id,
      duplicateOfPlanId: duplicate?.id ?? null,
      revision,
    });
    await store.savePreview({ ...stored, fingerprint, parsed, preview });
    return preview;
  },
});
