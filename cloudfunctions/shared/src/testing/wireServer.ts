/**
 * An in-memory stand-in for the CloudBase database SERVER, answering the requests the real wx-server-sdk 4.0.2
 * sends (`database.getDocument`, `calculateDocument`, `modifyDocument`, `insertDocument`, `removeDocument`,
 * `start/commit/abortTransaction`, `addCollection`) as EJSON, the way the real service does. A test plugs it in
 * under the SDK's own request class, so the adapters' queries go through the SDK's real serialisation,
 * response parsing, error mapping (`errCode`) and transaction retry.
 *
 * Aggregations (`database.aggregateDocuments`: $match, $group with $sum, $sort, $skip, $limit) run on the same data.
 * Semantics kept: MongoDB-style matching ({ field: null } matches null or missing, comparisons only within a
 * type), updates with $set (dotted paths) / $inc / $unset, unique `_id` and the unique indexes of collections.ts,
 * and transactions that buffer their writes and fail at commit with DATABASE_TRANSACTION_CONFLICT when a document
 * they touched changed meanwhile (the SDK then runs the transaction again).
 */
import { FakeDatabase, FakeOp, matches, runStages, type FakeDbOptions } from './fakeCloud';
import type { Doc } from '../cloud';

interface Ejson {
  parse(text: string): unknown;
  stringify(value: unknown, options?: { relaxed?: boolean }): string;
}
// the bson package wx-server-sdk's database layer serialises with
const bsonPath = require.resolve('bson', { paths: [require.resolve('@cloudbase/database')] });
const { EJSON } = require(bsonPath) as { EJSON: Ejson };

type Params = Record<string, unknown>;
type Answer = Record<string, unknown>;

const OPS: Record<string, string> = {
  $eq: 'eq',
  $ne: 'neq',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
  $in: 'in',
  $nin: 'nin',
  $exists: 'exists',
  $and: 'and',
  $or: 'or',
};

function isRegex(v: unknown): v is { pattern: string; options: string } {
  return !!v && typeof v === 'object' && 'pattern' in v && 'options' in v;
}

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));
}

function valueCond(v: unknown): unknown {
  if (isRegex(v)) return new FakeOp('regex', [v.pattern, v.options]);
  if (!isOperatorObject(v)) return v;
  const parts = Object.entries(v).map(([k, arg]) => {
    const op = OPS[k];
    if (!op) throw new Error(`wire server: operator ${k} not supported`);
    if (op === 'and' || op === 'or') return new FakeOp(op, [(arg as unknown[]).map(valueCond)]);
    return new FakeOp(op, [arg]);
  });
  return parts.length === 1 ? parts[0] : new FakeOp('and', [parts]);
}

/** A MongoDB query document → the double's condition tree. */
export function queryCond(q: Record<string, unknown>): unknown {
  const conds: unknown[] = [];
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (k === '$and' || k === '$or') {
      conds.push(new FakeOp(k.slice(1), [(v as Record<string, unknown>[]).map(queryCond)]));
    } else if (k.startsWith('$')) {
      throw new Error(`wire server: top-level ${k} not supported`);
    } else fields[k] = valueCond(v);
  }
  if (Object.keys(fields).length) conds.push(fields);
  return conds.length === 1 ? conds[0] : new FakeOp('and', [conds]);
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = doc;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
}

function applyOperators(doc: Doc, update: Record<string, Record<string, unknown>>): Doc {
  const out = JSON.parse(JSON.stringify(doc)) as Doc;
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, v] of Object.entries(fields)) {
      if (op === '$set') setPath(out, path, v);
      else if (op === '$inc') {
        // dotted paths too, as MongoDB takes them (`'open.d2026-03-05': 1`)
        const cur = path
          .split('.')
          .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Doc)[k] : undefined), out);
        setPath(out, path, (typeof cur === 'number' ? cur : 0) + (v as number));
      } else if (op === '$unset') delete out[path];
      else throw new Error(`wire server: update operator ${op} not supported`);
    }
  }
  return out;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

interface Tx {
  writes: Map<string, Doc | null>;
  versions: Map<string, number>;
}

const key = (collection: string, id: string): string => `${collection}\u0000${id}`;

export class WireServer {
  readonly db: FakeDatabase;

  constructor(options: FakeDbOptions = {}) {
    this.db = new FakeDatabase(options);
  }

  /** Every request: api name and its parameters as sent. */
  readonly requests: { api: string; params: Params }[] = [];
  private readonly versions = new Map<string, number>();
  private readonly txs = new Map<string, Tx>();
  private txSeq = 0;

  private fail(code: string, message: string): Answer {
    return { code, message, requestId: 'wire' };
  }

  private version(k: string): number {
    return this.versions.get(k) ?? 0;
  }

  private bump(collection: string, id: string): void {
    const k = key(collection, id);
    this.versions.set(k, this.version(k) + 1);
  }

  private current(collection: string, id: string, tx?: Tx): Doc | null {
    const k = key(collection, id);
    if (tx) {
      if (!tx.versions.has(k)) tx.versions.set(k, this.version(k));
      if (tx.writes.has(k)) return tx.writes.get(k) ?? null;
    }
    return this.db.table(collection).get(id) ?? null;
  }

  private docs(collection: string, query: string | undefined): Doc[] {
    const cond = query ? queryCond(EJSON.parse(query) as Record<string, unknown>) : {};
    return [...this.db.table(collection).values()].filter((d) => matches(d, cond));
  }

  async handle(api: string, params: Params | undefined): Promise<Answer> {
    const p = params ?? {};
    this.requests.push({ api, params: p });
    await new Promise((r) => setImmediate(r));
    try {
      return this.answer(api, p);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/E11000/.test(msg)) return this.fail('DATABASE_REQUEST_FAILED', msg);
      if (/not exists/.test(msg)) return this.fail('DATABASE_COLLECTION_NOT_EXIST', msg);
      throw e;
    }
  }

  private answer(api: string, p: Params): Answer {
    const collection = String(p.collectionName ?? '');
    const tx = p.transactionId ? this.txs.get(String(p.transactionId)) : undefined;
    if (p.transactionId && !tx) return this.fail('DATABASE_TRANSACTION_FAIL', 'transaction not found');
    const docQuery = (): string => String((EJSON.parse(String(p.query)) as { _id: string })._id);
    switch (api) {
      case 'database.addCollection':
        if (this.db.data.has(collection)) {
          return this.fail('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${collection} already exists`);
        }
        this.db.data.set(collection, new Map());
        return { requestId: 'wire' };
      case 'database.startTransaction': {
        const id = `tx${++this.txSeq}`;
        this.txs.set(id, { writes: new Map(), versions: new Map() });
        return { requestId: 'wire', transactionId: id };
      }
      case 'database.abortTransaction':
        this.txs.delete(String(p.transactionId));
        return { requestId: 'wire' };
      case 'database.commitTransaction':
        return this.commit(String(p.transactionId));
      case 'database.getDocument': {
        let list: Doc[];
        if (p.queryType === 'DOC') {
          const d = this.current(collection, docQuery(), tx);
          list = d ? [d] : [];
        } else {
          list = this.docs(collection, p.query as string | undefined);
          const order = p.order ? Object.entries(EJSON.parse(String(p.order)) as Record<string, number>) : [];
          list.sort((a, b) => {
            for (const [f, dir] of order) {
              const c = compare(a[f], b[f]);
              if (c !== 0) return c * dir;
            }
            return 0;
          });
          const offset = Number(p.offset ?? 0);
          list = list.slice(offset, offset + Number(p.limit ?? 100));
          if (p.projection) {
            const keep = Object.keys(EJSON.parse(String(p.projection)) as object);
            list = list.map((d) => Object.fromEntries([['_id', d._id], ...keep.map((k) => [k, d[k]])]) as Doc);
          }
        }
        return {
          requestId: 'wire',
          data: { list: list.map((d) => EJSON.stringify(d, { relaxed: false })) },
        };
      }
      case 'database.calculateDocument':
        return { requestId: 'wire', data: { total: this.docs(collection, p.query as string | undefined).length } };
      case 'database.insertDocument': {
        const docs = (p.data as string[]).map((s) => EJSON.parse(s) as Doc);
        const ids: string[] = [];
        for (const d of docs) {
          if (typeof d._id !== 'string') d._id = this.db.nextId();
          if (tx) {
            if (this.current(collection, d._id, tx)) {
              throw new Error(`E11000 duplicate key error collection: ${collection} _id: "${d._id}"`);
            }
            tx.writes.set(key(collection, d._id), d);
          } else {
            this.db.checkUnique(collection, d, null);
            this.db.table(collection).set(d._id, d);
            this.bump(collection, d._id);
          }
          ids.push(d._id);
        }
        return { requestId: 'wire', data: { insertedIds: ids } };
      }
      case 'database.modifyDocument': {
        const data = EJSON.parse(String(p.data)) as Record<string, unknown>;
        const targets =
          p.queryType === 'DOC'
            ? [[docQuery(), this.current(collection, docQuery(), tx)] as const]
            : this.docs(collection, p.query as string | undefined).map((d) => [d._id, d] as const);
        let updated = 0;
        let upserted: string | null = null;
        for (const [id, d] of targets) {
          let next: Doc;
          if (p.merge) {
            if (!d) continue;
            next = applyOperators(d, data as Record<string, Record<string, unknown>>);
          } else {
            next = { ...(data as Record<string, unknown>), _id: id } as Doc;
            if (!d) upserted = id;
          }
          if (tx) tx.writes.set(key(collection, id), next);
          else {
            this.db.checkUnique(collection, next, d ? id : null);
            this.db.table(collection).set(id, next);
            this.bump(collection, id);
          }
          if (d) updated++;
        }
        return { requestId: 'wire', data: { updated, upsert_id: upserted } };
      }
      case 'database.removeDocument': {
        const ids =
          p.queryType === 'DOC'
            ? [docQuery()].filter((id) => this.current(collection, id, tx))
            : this.docs(collection, p.query as string | undefined).map((d) => d._id);
        for (const id of ids) {
          if (tx) tx.writes.set(key(collection, id), null);
          else {
            this.db.table(collection).delete(id);
            this.bump(collection, id);
          }
        }
        return { requestId: 'wire', data: { deleted: ids.length } };
      }
      case 'database.aggregateDocuments': {
        const stages = (p.stages as { stageKey: string; stageValue: string }[]).map(({ stageKey, stageValue }) => {
          const value: unknown = EJSON.parse(stageValue);
          return { key: stageKey, value: stageKey === '$match' ? queryCond(value as Record<string, unknown>) : value };
        });
        const rows = runStages([...this.db.table(collection).values()], stages);
        return { requestId: 'wire', data: { list: rows.map((r) => EJSON.stringify(r, { relaxed: false })) } };
      }
      default:
        throw new Error(`wire server: ${api} not supported`);
    }
  }

  private commit(id: string): Answer {
    const tx = this.txs.get(id);
    this.txs.delete(id);
    if (!tx) return this.fail('DATABASE_TRANSACTION_FAIL', 'transaction not found');
    for (const [k, v] of tx.versions) {
      if (this.version(k) !== v) return this.fail('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict');
    }
    const byCollection = new Map<string, Doc[]>();
    for (const [k, doc] of tx.writes) {
      const [collection, docId] = k.split('\u0000');
      if (!doc) continue;
      const pending = byCollection.get(collection) ?? [];
      this.db.checkUnique(collection, doc, this.db.table(collection).has(docId) ? docId : null, pending);
      pending.push(doc);
      byCollection.set(collection, pending);
    }
    for (const [k, doc] of tx.writes) {
      const [collection, docId] = k.split('\u0000');
      if (doc) this.db.table(collection).set(docId, doc);
      else this.db.table(collection).delete(docId);
      this.bump(collection, docId);
    }
    return { requestId: 'wire' };
  }
}
