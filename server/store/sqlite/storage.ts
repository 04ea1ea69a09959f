/**
 * Storage in SQLite (issue 13, core/usecases/storage.ts): which uploaded files a report refers to (the cleanup of
 * orphan uploads never removes those), and what the import previews weigh.
 */
import type Database from 'better-sqlite3';

/** Of `fileIds`, those a report's photos name (reports.photos is a JSON array of file ids). */
export function attachedFileIdsOf(db: Database.Database, fileIds: string[]): string[] {
  if (fileIds.length === 0) return [];
  const marks = fileIds.map(() => '?').join(',');
  const rows = db
    .prepare(
      `SELECT DISTINCT j.value AS id FROM reports r, json_each(r.photos) j
        WHERE r.photos <> '[]' AND j.value IN (${marks})`,
    )
    .all(...fileIds) as { id: string }[];
  return rows.map((r) => r.id);
}

export function previewUsageOf(db: Database.Database): { count: number; bytes: number } {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(length(CAST(parsed AS BLOB)) + length(CAST(preview AS BLOB))), 0) AS bytes
         FROM import_previews`,
    )
    .get() as { count: number; bytes: number };
  return { count: r.count, bytes: r.bytes };
}
