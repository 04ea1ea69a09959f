/**
 * importPlan: reads a responsibility table (text/CSV, xlsx, docx, prose; given as base64 or as an uploaded file
 * id) and gives a preview: the tasks, the units the directory does not know, warnings, how many assignments it
 * would make, whether the same table was imported already (or a revision of a plan: `revision`, by task
 * similarity, planRevision.ts), whether every deadline is past (`allPast`), and, for tables, the role read from
 * each column: given `columns` (one role per header cell), the file is read again with the admin's roles.
 * Nothing is written but the preview itself; editPreview corrects it task by task.
 * Permission: admin only (PERMISSIONS.importPlan).
 */
import { z } from 'zod';
import type { ImportPreview } from '../api/contract';
import { badInput, fileTooLarge, forbidden, importFailed, isDubanError } from '../errors';
import { DOCUMENT_LIMITS } from '../importer/limits';
import { planFingerprint } from '../assign/expand';
import { COLUMN_ROLES, type ParsedPlan } from '../model';
import { inlinePlanReader } from '../ports/planReader';
import { createDirectoryIndex } from '../org/directory';
import { beijingDate } from '../time';
import { defineUseCase } from './define';
import { previewOf } from './importPreview';
import { findRevision } from './planRevision';

/** 10 MB of file as base64. */
const MAX_BASE64 = Math.ceil((10 * 1024 * 1024 * 4) / 3) + 4;

function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw badInput('「文件内容」不是有效的 base64 编码，请重新选择文件后再导入。');
  }
  // the decoded size, exactly: 10 MB + 1 byte is over, whatever the padding
  const decoded = Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
  if (decoded > DOCUMENT_LIMITS.fileBytes) throw fileTooLarge(DOCUMENT_LIMITS.fileBytes / (1024 * 1024));
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const importPlan = defineUseCase({
  action: 'importPlan',
  schema: z
    .object({
      fileName: z.string().trim().min(1).max(200),
      base64: z.string().min(1).max(MAX_BASE64).optional(),
      fileId: z.string().min(1).max(500).optional(),
      columns: z.array(z.enum(COLUMN_ROLES)).min(1).max(60).optional(),
    })
    .superRefine((v, zctx) => {
      if (!v.base64 === !v.fileId) {
        zctx.addIssue({ code: 'custom', path: ['fileId'], message: '请上传一个文件（文件内容或文件编号，二选一）' });
      }
    }),
  async run(ctx, input): Promise<ImportPreview> {
    const { store, files } = ctx.rt;
    let bytes: Uint8Array;
    if (input.base64) {
      bytes = fromBase64(input.base64);
    } else {
      if (!(await files.ownedBy(input.fileId!, ctx.caller.principal ?? ctx.user.principal))) {
        throw forbidden('这个文件不是您上传的或已失效，请重新上传后再导入。');
      }
      bytes = await files.read(input.fileId!);
    }
    // a district's administrator imports its own table: its short names (区发改局, 各街道) read as its own
    const directory = { ...(await store.getDirectory()), level: ctx.user.unitId };
    const dir = createDirectoryIndex(directory);
    let parsed: ParsedPlan;
    try {
      // under the reading limits (core/importer/limits.ts), in the runtime's worker when it has one
      parsed = await (ctx.rt.planReader ?? inlinePlanReader).read({ fileName: input.fileName, bytes }, directory, {
        columns: input.columns,
      });
    } catch (e) {
      if (isDubanError(e)) throw e;
      // a file no reader could make sense of (a broken zip, a malformed workbook): the user's file, not our fault
      throw importFailed(
        'IMPORT_UNREADABLE',
        '无法读取这个文件：请确认它是责任分解表（Excel、Word 或文本），重新保存后再导入。',
      );
    }
    if (input.columns && parsed.table && parsed.table.headers.length !== input.columns.length) {
      throw badInput(
        `「列的用途」应有 ${parsed.table.headers.length} 项（表头共 ${parsed.table.headers.length} 列），请重新选择。`,
      );
    }
    if (parsed.tasks.length === 0) {
      throw importFailed(
        'IMPORT_NO_TASKS',
        '文件中没有找到任务：请确认导入的是责任分解表（含“目标任务”“牵头单位”等列）。',
      );
    }
    const fingerprint = planFingerprint(parsed);
    const duplicate = await store.findPlanByFingerprint(fingerprint);
    const revision = duplicate ? null : await findRevision(store, parsed, null);
    const preview = previewOf(parsed, { excluded: new Set(), edited: new Set() }, dir, beijingDate(ctx.now), {
      previewId: ctx.rt.ids.id(),
      duplicateOfPlanId: duplicate?.id ?? null,
      revision,
    });
    await store.savePreview({
      id: preview.previewId,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
      fileName: input.fileName,
      fingerprint,
      parsed,
      preview,
    });
    return preview;
  },
});
