/**
 * The database-writing path of `duban import FILE [--db] [--json]` (without --dry-run): the file goes through the
 * same use cases as the admin page, importPlan then confirmImport, as the system administrator. Units the directory
 * does not know are created. Importing the same table twice does not duplicate it.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ActionOutput } from '../../core/api/contract';
import { dispatch } from '../../core/usecases';
import { asSystem, defaultDbPath, openLocal } from './localDb';

export interface ImportResult {
  planId: string;
  title: string | null;
  tasks: number;
  assignments: number;
  duplicate: boolean;
  unknownUnits: string[];
  warnings: ActionOutput<'importPlan'>['warnings'];
}

/** Writes `file` (already checked readable by the command) into the database at `dbPath`. */
export async function importToDb(file: string, dbPath: string = defaultDbPath()): Promise<ImportResult> {
  const bytes = readFileSync(file);
  const runtime = await openLocal(dbPath);
  try {
    const admin = await asSystem(runtime);
    const preview = (await dispatch(runtime.rt, admin, 'importPlan', {
      fileName: basename(file),
      base64: bytes.toString('base64'),
    })) as ActionOutput<'importPlan'>;
    const confirmed = (await dispatch(runtime.rt, admin, 'confirmImport', {
      previewId: preview.previewId,
      createUnknown: true,
    })) as ActionOutput<'confirmImport'>;
    return {
      planId: confirmed.planId,
      title: preview.title,
      tasks: confirmed.tasks,
      assignments: confirmed.assignments,
      duplicate: confirmed.duplicate,
      unknownUnits: preview.unknownUnits,
      warnings: preview.warnings,
    };
  } finally {
    runtime.close();
  }
}

/** One line for people: what was written. */
export function describeImport(r: ImportResult): string {
  if (r.duplicate) return `这张表已经导入过（计划 ${r.planId}），没有重复导入。`;
  const unknown = r.unknownUnits.length ? `；新建单位 ${r.unknownUnits.length} 个：${r.unknownUnits.join('、')}` : '';
  return `已导入“${r.title ?? '责任分解表'}”：${r.tasks} 项任务，${r.assignments} 个单位任务${unknown}。`;
}
