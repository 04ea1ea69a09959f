/** Small helpers over the cloud database: paging at 100, lookups by many ids, stable ordering. */
import type { CloudDatabase, Doc, Query } from './cloud';

/** What a cloud function's `get()` answers at most. */
export const GET_LIMIT = 100;

/** A field that may be absent or null: its text, or null. */
export const sn = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function chunks<T>(items: T[], size = GET_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every document a query matches, 100 at a time (`skip`/`limit`); the query must have a total order. */
export async function getAll(query: Query): Promise<Doc[]> {
  const out: Doc[] = [];
  for (let skip = 0; ; skip += GET_LIMIT) {
    const page = (await query.skip(skip).limit(GET_LIMIT).get()).data;
    out.push(...page);
    if (page.length < GET_LIMIT) return out;
  }
}

/** Documents by `_id`, in chunks of 100 (missing ids are left out). */
export async function getByIds(db: CloudDatabase, collection: string, ids: string[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>();
  const unique = [...new Set(ids)];
  for (const part of chunks(unique)) {
    const page = (
      await db
        .collection(collection)
        .where({ _id: db.command.in(part) })
        .limit(GET_LIMIT)
        .get()
    ).data;
    for (const d of page) out.set(d._id, d);
  }
  return out;
}

/** Escapes a text for a `db.RegExp` that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
