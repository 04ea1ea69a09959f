/**
 * Storage on the cloud database (issue 13, core/usecases/storage.ts): which uploaded files a report refers to, and
 * how many import previews are kept. Their bytes are not measured here (it would read every preview); the cloud
 * console shows the database's size.
 */
import type { CloudDatabase } from './cloud';
import { C } from './collections';
import { chunks, getAll } from './db';

/** Of `fileIds`, those a report's photos name (`photos` is an array: `in` matches any of its elements). */
export async function attachedFileIdsIn(db: CloudDatabase, fileIds: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(fileIds)])) {
    const docs = await getAll(
      db
        .collection(C.reports)
        .where({ photos: db.command.in(part) })
        .field({ photos: true })
        .orderBy('_id', 'asc'),
    );
    const wanted = new Set(part);
    for (const d of docs) {
      for (const id of (d.photos as unknown[] | undefined) ?? [])
        if (typeof id === 'string' && wanted.has(id)) found.add(id);
    }
  }
  return [...found];
}

export async function previewCountIn(db: CloudDatabase): Promise<{ count: number; bytes: number | null }> {
  return { count: (await db.collection(C.previews).count()).total, bytes: null };
}
