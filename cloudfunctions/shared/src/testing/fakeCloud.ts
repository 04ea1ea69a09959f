/**
 * An in-memory double of wx-server-sdk's `cloud` object for tests, obeying the limits the real one has:
 * - `get()` answers at most 100 documents, and a `limit` above 100 is refused (as a cloud function's get is capped);
 * - `_id` is unique, and so are the unique indexes listed in collections.ts (an insert breaking one throws
 *   -502001 "E11000 duplicate key", as the real database does); an array `add` stops at the first duplicate,
 *   keeping the documents before it (an ordered insertMany);
 * - transactions offer single-document operations only (doc get/set/update/remove, add), run one at a time and
 *   apply their writes at commit, all or nothing;
 * - `getTempFileURL` and `deleteFile` take at most 50 files a call; with `serveFiles()` the temp URLs are served over
 *   real HTTP on 127.0.0.1 (HEAD and GET, as cloud storage serves them), otherwise they lead nowhere;
 * - a collection must exist before it is used when `requireCollections` is set (-502005 otherwise).
 * Every database call is recorded (`log`), so tests can check the queries the adapters build.
 */
import type {
  Aggregate,
  CloudDatabase,
  CloudSdk,
  Collection,
  DbCommand,
  Doc,
  DocData,
  DocRef,
  MsgSecCheckParams,
  Query,
  SubscribeMessageParams,
  TempFileItem,
  Transaction,
  TxCollection,
  WXContext,
} from '../cloud';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INDEXES, type CollectionName } from '../collections';

export class FakeOp {
  constructor(
    readonly op: string,
    readonly args: unknown[],
  ) {}
  toJSON(): unknown {
    return { [`$${this.op}`]: this.args.length === 1 ? this.args[0] : this.args };
  }
}

export interface DbCall {
  op: 'get' | 'count' | 'update' | 'remove' | 'doc.get' | 'doc.set' | 'doc.update' | 'doc.remove' | 'add' | 'aggregate';
  /** An aggregation's stages, as MongoDB JSON. */
  stages?: unknown[];
  collection: string;
  where?: unknown;
  orderBy?: [string, 'asc' | 'desc'][];
  skip?: number;
  limit?: number;
  docId?: string;
  ids?: string[];
  /** The transaction it ran in, or null. */
  tx: number | null;
  /** Documents answered (get) or written. */
  n?: number;
  /** What an update or set wrote (operators as `{ $inc: 1 }`). */
  data?: unknown;
}

export interface TxRecord {
  id: number;
  ops: { op: string; collection: string; docId: string }[];
  committed: boolean;
}

function sdkError(errCode: number, errMsg: string): Error & { errCode: number; errMsg: string } {
  return Object.assign(new Error(errMsg), { errCode, errMsg });
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 4;
  return 3;
}

function compare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function sameType(a: unknown, b: unknown): boolean {
  return typeRank(a) === typeRank(b) && typeRank(a) !== 0;
}

function equals(v: unknown, want: unknown): boolean {
  if (want === null || want === undefined) return v === null || v === undefined;
  if (Array.isArray(v) && !Array.isArray(want)) return v.some((x) => equals(x, want));
  return JSON.stringify(v) === JSON.stringify(want);
}

function matchValue(v: unknown, cond: unknown): boolean {
  if (!(cond instanceof FakeOp)) return equals(v, cond);
  const [x] = cond.args;
  switch (cond.op) {
    case 'eq':
      return equals(v, x);
    case 'neq':
      return !equals(v, x);
    case 'gt':
      return sameType(v, x) && compare(v, x) > 0;
    case 'gte':
      return sameType(v, x) && compare(v, x) >= 0;
    case 'lt':
      return sameType(v, x) && compare(v, x) < 0;
    case 'lte':
      return sameType(v, x) && compare(v, x) <= 0;
    case 'in':
      return (x as unknown[]).some((w) => equals(v, w));
    case 'nin':
      return !(x as unknown[]).some((w) => equals(v, w));
    case 'exists':
      return x ? v !== undefined : v === undefined;
    case 'regex': {
      const [source, flags] = cond.args as [string, string | undefined];
      return typeof v === 'string' && new RegExp(source, flags ?? '').test(v);
    }
    case 'and':
      return flat(cond.args).every((c) => matchValue(v, c));
    case 'or':
      return flat(cond.args).some((c) => matchValue(v, c));
    default:
      throw sdkError(-502002, `fake database: operator ${cond.op} is not a query operator`);
  }
}

function flat(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
}

export function matches(doc: Doc, cond: unknown): boolean {
  if (cond instanceof FakeOp) {
    if (cond.op === 'and') return flat(cond.args).every((c) => matches(doc, c));
    if (cond.op === 'or') return flat(cond.args).some((c) => matches(doc, c));
    throw sdkError(-502002, `fake database: top-level operator ${cond.op}`);
  }
  for (const [field, want] of Object.entries(cond as Record<string, unknown>)) {
    if (!matchValue(doc[field], want)) return false;
  }
  return true;
}

/** The double's aggregation operators (FakeOp `$sum`, `$cond`, …) as MongoDB JSON. */
export function toMongo(x: unknown): unknown {
  if (x instanceof FakeOp) {
    if (!x.op.startsWith('$')) throw sdkError(-502002, `fake database: ${x.op} is not an aggregation operator`);
    return { [x.op]: toMongo(x.args[0]) };
  }
  if (Array.isArray(x)) return x.map(toMongo);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toMongo(v)]));
  return x;
}

const truthy = (v: unknown): boolean => !(v === false || v === null || v === undefined || v === 0);

/**
 * A MongoDB aggregation expression (JSON: `{ $cond: … }`, `'$field'`, literals) on a document. Comparisons use
 * BSON order across types (null < numbers < strings), as MongoDB's expression operators do.
 */
export function evalExpr(doc: Record<string, unknown>, e: unknown): unknown {
  if (typeof e === 'string') return e.startsWith('$') ? doc[e.slice(1)] : e;
  if (e === null || typeof e !== 'object') return e;
  if (Array.isArray(e)) return e.map((x) => evalExpr(doc, x));
  const entries = Object.entries(e as Record<string, unknown>);
  if (entries.length === 1 && entries[0][0].startsWith('$')) {
    const [op, arg] = entries[0];
    const pair = () => (arg as unknown[]).map((x) => evalExpr(doc, x)) as [unknown, unknown];
    switch (op) {
      case '$cond': {
        const c = arg as { if: unknown; then: unknown; else: unknown };
        return truthy(evalExpr(doc, c.if)) ? evalExpr(doc, c.then) : evalExpr(doc, c.else);
      }
      case '$eq':
        return compare(...pair()) === 0;
      case '$ne':
        return compare(...pair()) !== 0;
      case '$lt':
        return compare(...pair()) < 0;
      case '$lte':
        return compare(...pair()) <= 0;
      case '$gt':
        return compare(...pair()) > 0;
      case '$gte':
        return compare(...pair()) >= 0;
      case '$and':
        return (arg as unknown[]).every((x) => truthy(evalExpr(doc, x)));
      case '$or':
        return (arg as unknown[]).some((x) => truthy(evalExpr(doc, x)));
      default:
        throw sdkError(-502002, `fake database: expression ${op} not supported`);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, evalExpr(doc, v)]));
}

/** A `$group` stage (`_id` expression and `$sum` accumulators) over documents. */
export function groupDocs(docs: Record<string, unknown>[], spec: Record<string, unknown>): Record<string, unknown>[] {
  const groups = new Map<string, Record<string, unknown>>();
  for (const d of docs) {
    const id = evalExpr(d, spec._id);
    const k = JSON.stringify(id);
    let g = groups.get(k);
    if (!g) {
      g = { _id: id };
      for (const f of Object.keys(spec)) if (f !== '_id') g[f] = 0;
      groups.set(k, g);
    }
    for (const [f, acc] of Object.entries(spec)) {
      if (f === '_id') continue;
      const sum = (acc as { $sum?: unknown }).$sum;
      if (sum === undefined) throw sdkError(-502002, `fake database: accumulator of ${f} not supported`);
      const v = evalExpr(d, sum);
      g[f] = (g[f] as number) + (typeof v === 'number' ? v : 0);
    }
  }
  return [...groups.values()];
}

/** Runs aggregation stages given as MongoDB JSON (`{ $match }` already a condition tree for `matches`). */
export function runStages(
  docs: Record<string, unknown>[],
  stages: { key: string; value: unknown }[],
): Record<string, unknown>[] {
  let rows = docs;
  let limited = false;
  for (const { key, value } of stages) {
    if (key === '$match') rows = rows.filter((d) => matches(d as Doc, value));
    else if (key === '$group') rows = groupDocs(rows, value as Record<string, unknown>);
    else if (key === '$sort') {
      const order = Object.entries(value as Record<string, number>);
      rows = [...rows].sort((a, b) => {
        for (const [f, dir] of order) {
          const c = compare(a[f], b[f]);
          if (c !== 0) return c * dir;
        }
        return 0;
      });
    } else if (key === '$skip') rows = rows.slice(Number(value));
    else if (key === '$limit') {
      rows = rows.slice(0, Number(value));
      limited = true;
    } else throw sdkError(-502002, `fake database: stage ${key} not supported`);
  }
  // without a limit stage an aggregation answers 20 rows
  return limited ? rows : rows.slice(0, 20);
}

/** An update's data: top-level fields, or nested ones in dot notation (`'open.d2026-03-05': _.inc(1)`). */
function applyUpdate(doc: Doc, data: DocData): Doc {
  const out = clone(doc);
  for (const [path, v] of Object.entries(data)) {
    if (path === '_id') throw sdkError(-501007, '不能更新_id的值');
    const parts = path.split('.');
    const k = parts.pop()!;
    let at: Record<string, unknown> = out;
    for (const p of parts) {
      const next = at[p];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    if (v instanceof FakeOp) {
      if (v.op === 'inc') at[k] = (typeof at[k] === 'number' ? (at[k] as number) : 0) + (v.args[0] as number);
      else if (v.op === 'remove') delete at[k];
      else throw sdkError(-502002, `fake database: update operator ${v.op}`);
    } else at[k] = clone(v);
  }
  return out;
}

function hasOperator(data: DocData): boolean {
  return Object.values(data).some((v) => v instanceof FakeOp);
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** Yields to other pending work, so that concurrent calls interleave as they would over a network. */
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface FakeDbOptions {
  /** Collections must be created (createCollection) before use. */
  requireCollections?: boolean;
  /** Called before each write: throw from it to simulate a crash at that point. */
  beforeWrite?: (call: { op: string; collection: string; docId?: string }) => void;
}

export class FakeDatabase implements CloudDatabase {
  readonly data = new Map<string, Map<string, Doc>>();
  readonly log: DbCall[] = [];
  readonly transactions: TxRecord[] = [];
  private readonly mutex = new Mutex();
  private autoId = 0;
  private txSeq = 0;
  /** Makes every aggregation fail (tests of the fallback). */
  failAggregate = false;
  /**
   * Milliseconds each database request (and each subscribeMessage.send) waits before it runs, as a round trip to
   * the service would (bench:cloud; 0 in tests: a yield to other pending work only).
   */
  latencyMs = 0;
  /**
   * Transactions run at once, as on the service, instead of one at a time: each checks at commit that no document
   * it read or wrote changed meanwhile, else fails with a conflict and runs again (as the SDK retries it).
   */
  concurrentTransactions = false;
  readonly command: DbCommand;

  constructor(readonly options: FakeDbOptions = {}) {
    const op =
      (name: string) =>
      (...args: unknown[]) =>
        new FakeOp(name, args);
    this.command = {
      eq: op('eq'),
      neq: op('neq'),
      gt: op('gt'),
      gte: op('gte'),
      lt: op('lt'),
      lte: op('lte'),
      in: op('in'),
      nin: op('nin'),
      and: op('and'),
      or: op('or'),
      exists: op('exists'),
      inc: op('inc'),
      remove: op('remove'),
      aggregate: {
        sum: (x: unknown) => new FakeOp('$sum', [x]),
        cond: (x: unknown) => new FakeOp('$cond', [x]),
        eq: (x: unknown) => new FakeOp('$eq', [x]),
        neq: (x: unknown) => new FakeOp('$ne', [x]),
        lt: (x: unknown) => new FakeOp('$lt', [x]),
        lte: (x: unknown) => new FakeOp('$lte', [x]),
        gt: (x: unknown) => new FakeOp('$gt', [x]),
        gte: (x: unknown) => new FakeOp('$gte', [x]),
        and: (x: unknown) => new FakeOp('$and', [x]),
        or: (x: unknown) => new FakeOp('$or', [x]),
      },
    };
  }

  /** One request's wait: the latency, or a yield so that concurrent calls interleave as over a network. */
  pause(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((r) => setTimeout(r, this.latencyMs)) : tick();
  }

  RegExp(o: { regexp: string; options?: string }): FakeOp {
    return new FakeOp('regex', [o.regexp, o.options]);
  }

  async createCollection(name: string): Promise<unknown> {
    if (this.data.has(name)) throw sdkError(-501001, `collection ${name} already exists`);
    this.data.set(name, new Map());
    return { errMsg: 'createCollection:ok' };
  }

  table(name: string): Map<string, Doc> {
    let t = this.data.get(name);
    if (!t) {
      if (this.options.requireCollections) throw sdkError(-502005, `database collection not exists: ${name}`);
      t = new Map();
      this.data.set(name, t);
    }
    return t;
  }

  /** All documents of a collection (tests). */
  all(name: string): Doc[] {
    return [...(this.data.get(name)?.values() ?? [])].map(clone);
  }

  record(call: DbCall): void {
    this.log.push(clone(call));
  }

  beforeWrite(op: string, collection: string, docId?: string): void {
    this.options.beforeWrite?.({ op, collection, docId });
  }

  /** Checks `_id` and the unique indexes for `doc` going into `name` (replacing `replacing`). */
  checkUnique(name: string, doc: Doc, replacing: string | null, pending: Doc[] = []): void {
    const t = this.table(name);
    if (replacing === null && (t.has(doc._id) || pending.some((p) => p._id === doc._id))) {
      throw sdkError(
        -502001,
        `database request fail | E11000 duplicate key error collection: ${name} _id: "${doc._id}"`,
      );
    }
    for (const idx of INDEXES[name as CollectionName] ?? []) {
      if (!idx.unique) continue;
      const key = idx.fields.map(([f]) => doc[f]);
      if (key.some((k) => k === null || k === undefined)) continue;
      const clash = [...t.values(), ...pending].find(
        (o) => o._id !== doc._id && idx.fields.every(([f], i) => equals(o[f], key[i])),
      );
      if (clash) {
        throw sdkError(
          -502001,
          `database request fail | E11000 duplicate key error collection: ${name} index: ${idx.fields.map(([f]) => f).join('_')}`,
        );
      }
    }
  }

  collection(name: string): Collection {
    return new FakeQuery(this, name, {}) as unknown as Collection;
  }

  async runTransaction<T>(run: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.concurrentTransactions) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.runOneTransaction(run);
        } catch (e) {
          if (!(e instanceof Error && /TRANSACTION_CONFLICT/.test(e.message)) || attempt >= 10) throw e;
        }
      }
    }
    return this.mutex.run(() => this.runOneTransaction(run));
  }

  private async runOneTransaction<T>(run: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = ++this.txSeq;
    const rec: TxRecord = { id, ops: [], committed: false };
    this.transactions.push(rec);
    const tx = new FakeTransaction(this, id, rec);
    let result: T;
    try {
      result = await run(tx);
    } catch (e) {
      throw tx.abortReason ?? e;
    }
    if (tx.aborted) throw tx.abortReason;
    tx.commit();
    rec.committed = true;
    return result;
  }

  nextId(): string {
    this.autoId += 1;
    return `auto${String(this.autoId).padStart(8, '0')}`;
  }
}

interface QueryState {
  where?: unknown;
  orderBy?: [string, 'asc' | 'desc'][];
  skip?: number;
  limit?: number;
  projection?: Record<string, boolean>;
}

class FakeQuery implements Query {
  constructor(
    private readonly db: FakeDatabase,
    private readonly name: string,
    private readonly s: QueryState,
  ) {}

  private with(patch: QueryState): FakeQuery {
    return new FakeQuery(this.db, this.name, { ...this.s, ...patch });
  }

  where(cond: object): Query {
    if (this.s.where !== undefined) throw sdkError(-1, 'fake database: where() called twice');
    return this.with({ where: cond });
  }
  orderBy(field: string, order: 'asc' | 'desc'): Query {
    return this.with({ orderBy: [...(this.s.orderBy ?? []), [field, order]] });
  }
  skip(n: number): Query {
    return this.with({ skip: n });
  }
  limit(n: number): Query {
    if (n > 100)
      throw sdkError(-502001, `fake database: limit ${n} above 100 (a cloud function's get returns at most 100)`);
    return this.with({ limit: n });
  }
  field(projection: Record<string, boolean>): Query {
    return this.with({ projection });
  }

  private matching(): Doc[] {
    const docs = [...this.db.table(this.name).values()].filter(
      (d) => this.s.where === undefined || matches(d, this.s.where),
    );
    const order = this.s.orderBy ?? [];
    if (order.length) {
      docs.sort((a, b) => {
        for (const [f, dir] of order) {
          const c = compare(a[f], b[f]);
          if (c !== 0) return dir === 'asc' ? c : -c;
        }
        return 0;
      });
    }
    return docs;
  }

  async get(): Promise<{ data: Doc[] }> {
    await this.db.pause();
    const skip = this.s.skip ?? 0;
    const limit = Math.min(this.s.limit ?? 100, 100);
    let out = this.matching()
      .slice(skip, skip + limit)
      .map(clone);
    if (this.s.projection) {
      const keep = Object.entries(this.s.projection)
        .filter(([, v]) => v)
        .map(([k]) => k);
      out = out.map((d) => Object.fromEntries([['_id', d._id], ...keep.map((k) => [k, d[k]])]) as Doc);
    }
    this.db.record({ op: 'get', collection: this.name, ...this.recorded(), tx: null, n: out.length });
    return { data: out };
  }

  private recorded(): Partial<DbCall> {
    return { where: this.s.where, orderBy: this.s.orderBy, skip: this.s.skip, limit: this.s.limit };
  }

  async count(): Promise<{ total: number }> {
    await this.db.pause();
    const total = this.matching().length;
    this.db.record({ op: 'count', collection: this.name, where: this.s.where, tx: null, n: total });
    return { total };
  }

  async update(options: { data: DocData }): Promise<{ stats: { updated: number } }> {
    await this.db.pause();
    this.db.beforeWrite('update', this.name);
    const t = this.db.table(this.name);
    const docs = this.matching();
    for (const d of docs) {
      const next = applyUpdate(d, options.data);
      this.db.checkUnique(this.name, next, d._id);
      t.set(d._id, next);
    }
    this.db.record({
      op: 'update',
      collection: this.name,
      where: this.s.where,
      tx: null,
      n: docs.length,
      data: options.data,
    });
    return { stats: { updated: docs.length } };
  }

  async remove(): Promise<{ stats: { removed: number } }> {
    await this.db.pause();
    this.db.beforeWrite('remove', this.name);
    const t = this.db.table(this.name);
    const docs = this.matching();
    for (const d of docs) t.delete(d._id);
    this.db.record({ op: 'remove', collection: this.name, where: this.s.where, tx: null, n: docs.length });
    return { stats: { removed: docs.length } };
  }

  doc(id: string): DocRef {
    return new FakeDocRef(this.db, this.name, id);
  }

  aggregate(): Aggregate {
    const db = this.db;
    const name = this.name;
    const make = (stages: { key: string; value: unknown }[]): Aggregate => ({
      match: (cond) => make([...stages, { key: '$match', value: cond }]),
      group: (spec) => make([...stages, { key: '$group', value: toMongo(spec) }]),
      sort: (spec) => make([...stages, { key: '$sort', value: spec }]),
      skip: (n) => make([...stages, { key: '$skip', value: n }]),
      limit: (n) => make([...stages, { key: '$limit', value: n }]),
      end: async () => {
        await db.pause();
        if (db.failAggregate) throw sdkError(-502001, 'database request fail | aggregate not available');
        const list = runStages([...db.table(name).values()].map(clone), stages).map(clone);
        db.record({ op: 'aggregate', collection: name, stages, tx: null, n: list.length });
        return { list };
      },
    });
    return make([]);
  }

  async add(options: { data: DocData | DocData[] }): Promise<{ _id?: string; _ids?: string[] }> {
    await this.db.pause();
    const list = Array.isArray(options.data) ? options.data : [options.data];
    const t = this.db.table(this.name);
    const ids: string[] = [];
    try {
      for (const raw of list) {
        if (hasOperator(raw)) throw sdkError(-502002, 'fake database: operators in add');
        const doc = { ...clone(raw), _id: typeof raw._id === 'string' ? raw._id : this.db.nextId() } as Doc;
        this.db.beforeWrite('add', this.name, doc._id);
        this.db.checkUnique(this.name, doc, null);
        t.set(doc._id, doc);
        ids.push(doc._id);
      }
    } finally {
      this.db.record({ op: 'add', collection: this.name, ids, tx: null, n: ids.length });
    }
    return Array.isArray(options.data) ? { _ids: ids } : { _id: ids[0] };
  }
}

class FakeDocRef implements DocRef {
  constructor(
    private readonly db: FakeDatabase,
    private readonly name: string,
    private readonly id: string,
  ) {}

  async get(): Promise<{ data: Doc | null }> {
    await this.db.pause();
    const d = this.db.table(this.name).get(this.id);
    this.db.record({ op: 'doc.get', collection: this.name, docId: this.id, tx: null, n: d ? 1 : 0 });
    return { data: d ? clone(d) : null };
  }

  async set(options: { data: DocData }): Promise<unknown> {
    await this.db.pause();
    if ('_id' in options.data) throw sdkError(-501007, '不能更新_id的值');
    if (hasOperator(options.data)) throw sdkError(-502001, 'update operator complicit');
    this.db.beforeWrite('doc.set', this.name, this.id);
    const t = this.db.table(this.name);
    const doc = { ...clone(options.data), _id: this.id } as Doc;
    this.db.checkUnique(this.name, doc, t.has(this.id) ? this.id : null);
    t.set(this.id, doc);
    this.db.record({ op: 'doc.set', collection: this.name, docId: this.id, tx: null, n: 1, data: options.data });
    return { _id: this.id };
  }

  async update(options: { data: DocData }): Promise<{ stats: { updated: number } }> {
    await this.db.pause();
    this.db.beforeWrite('doc.update', this.name, this.id);
    const t = this.db.table(this.name);
    const d = t.get(this.id);
    if (d) {
      const next = applyUpdate(d, options.data);
      this.db.checkUnique(this.name, next, this.id);
      t.set(this.id, next);
    }
    this.db.record({
      op: 'doc.update',
      collection: this.name,
      docId: this.id,
      tx: null,
      n: d ? 1 : 0,
      data: options.data,
    });
    return { stats: { updated: d ? 1 : 0 } };
  }

  async remove(): Promise<{ stats: { removed: number } }> {
    await this.db.pause();
    this.db.beforeWrite('doc.remove', this.name, this.id);
    const removed = this.db.table(this.name).delete(this.id) ? 1 : 0;
    this.db.record({ op: 'doc.remove', collection: this.name, docId: this.id, tx: null, n: removed });
    return { stats: { removed } };
  }
}

/** A transaction: reads see its own writes; writes apply at commit. */
class FakeTransaction implements Transaction {
  aborted = false;
  abortReason: unknown = undefined;
  /** collection → id → document after the transaction (null: removed). */
  private readonly writes = new Map<string, Map<string, Doc | null>>();
  /** Each document as this transaction first saw it (JSON), to find a conflict at commit. */
  private readonly seen = new Map<string, { name: string; id: string; json: string }>();

  constructor(
    private readonly db: FakeDatabase,
    private readonly id: number,
    private readonly rec: TxRecord,
  ) {}

  current(name: string, id: string): Doc | null {
    const w = this.writes.get(name)?.get(id);
    if (w !== undefined) return w ? clone(w) : null;
    const d = this.db.table(name).get(id);
    this.saw(name, id);
    return d ? clone(d) : null;
  }

  private saw(name: string, id: string): void {
    const k = `${name}\u0000${id}`;
    if (!this.seen.has(k)) this.seen.set(k, { name, id, json: JSON.stringify(this.db.table(name).get(id) ?? null) });
  }

  write(name: string, id: string, doc: Doc | null, op: string): void {
    this.db.beforeWrite(`tx.${op}`, name, id);
    this.saw(name, id);
    if (!this.writes.has(name)) this.writes.set(name, new Map());
    this.writes.get(name)!.set(id, doc);
    this.rec.ops.push({ op, collection: name, docId: id });
    this.db.record({ op: op as DbCall['op'], collection: name, docId: id, tx: this.id, n: 1 });
  }

  collection(name: string): TxCollection {
    this.db.table(name);
    const ref = (id: string): DocRef => ({
      get: async () => {
        await this.db.pause();
        this.rec.ops.push({ op: 'doc.get', collection: name, docId: id });
        const d = this.current(name, id);
        this.db.record({ op: 'doc.get', collection: name, docId: id, tx: this.id, n: d ? 1 : 0 });
        return { data: d };
      },
      set: async (options: { data: DocData }) => {
        await this.db.pause();
        if ('_id' in options.data) throw sdkError(-501007, '不能更新_id的值');
        if (hasOperator(options.data)) throw sdkError(-502001, 'update operator complicit');
        this.write(name, id, { ...clone(options.data), _id: id } as Doc, 'doc.set');
        return { _id: id };
      },
      update: async (options: { data: DocData }) => {
        await this.db.pause();
        const d = this.current(name, id);
        if (!d) {
          this.rec.ops.push({ op: 'doc.update', collection: name, docId: id });
          return { stats: { updated: 0 } };
        }
        this.write(name, id, applyUpdate(d, options.data), 'doc.update');
        return { stats: { updated: 1 } };
      },
      remove: async () => {
        await this.db.pause();
        const had = this.current(name, id) ? 1 : 0;
        this.write(name, id, null, 'doc.remove');
        return { stats: { removed: had } };
      },
    });
    return {
      doc: ref,
      add: async (options: { data: DocData }) => {
        await this.db.pause();
        const raw = options.data;
        if (typeof raw._id !== 'string') throw sdkError(-1, 'fake database: add in a transaction needs an _id');
        if (this.current(name, raw._id)) {
          throw sdkError(
            -502001,
            `database request fail | E11000 duplicate key error collection: ${name} _id: "${raw._id}"`,
          );
        }
        this.write(name, raw._id, clone(raw) as Doc, 'add');
        return { _id: raw._id };
      },
    };
  }

  async rollback(reason?: unknown): Promise<unknown> {
    this.aborted = true;
    this.abortReason = reason;
    return {};
  }

  commit(): void {
    for (const { name, id, json } of this.seen.values()) {
      if (JSON.stringify(this.db.table(name).get(id) ?? null) !== json) {
        throw sdkError(-502001, `DATABASE_TRANSACTION_CONFLICT: ${name} ${id} changed during the transaction`);
      }
    }
    // check everything first, then apply: all or nothing
    for (const [name, docs] of this.writes) {
      const pending: Doc[] = [];
      for (const [id, doc] of docs) {
        if (!doc) continue;
        this.db.checkUnique(name, doc, this.db.table(name).has(id) ? id : null, pending);
        pending.push(doc);
      }
    }
    for (const [name, docs] of this.writes) {
      const t = this.db.table(name);
      for (const [id, doc] of docs) {
        if (doc) t.set(id, doc);
        else t.delete(id);
      }
    }
  }
}

// ── the cloud object ─────────────────────────────────────────────────────────

export interface SentMessage extends SubscribeMessageParams {
  at: number;
}

export class FakeCloud implements CloudSdk {
  readonly DYNAMIC_CURRENT_ENV = Symbol('DYNAMIC_CURRENT_ENV');
  readonly env = 'duban-test-1g2h3j';
  readonly bucket = '6475-duban-test-1g2h3j-1300000000';
  readonly db: FakeDatabase;
  readonly files = new Map<string, Buffer>();
  readonly initCalls: unknown[] = [];
  readonly databaseConfigs: unknown[] = [];
  readonly tempUrlCalls: string[][] = [];
  readonly sent: SentMessage[] = [];
  readonly checks: MsgSecCheckParams[] = [];
  /** Who is calling: set per call in tests (OPENID absent for a timer). */
  context: WXContext = {};
  /** Makes subscribeMessage.send throw `{ errCode, errMsg }` for a message (null: send it). */
  sendFailure: ((p: SubscribeMessageParams) => { errCode: number; errMsg: string } | null) | null = null;
  /** msgSecCheck's verdict for a text. */
  verdict: (content: string) => 'pass' | 'review' | 'risky' = () => 'pass';

  constructor(dbOptions: FakeDbOptions = {}) {
    this.db = new FakeDatabase(dbOptions);
  }

  init(config?: { env?: unknown }): void {
    this.initCalls.push(config);
  }

  getWXContext(): WXContext {
    return { ...this.context, ENV: this.env };
  }

  database(config?: { throwOnNotFound?: boolean }): CloudDatabase {
    this.databaseConfigs.push(config);
    return this.db;
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.env}.${this.bucket}/${cloudPath}`;
  }

  /** Puts a file into storage as a client upload would (tests). */
  putFile(cloudPath: string, content: Buffer | string): string {
    const id = this.fileIdOf(cloudPath);
    this.files.set(id, Buffer.from(content));
    return id;
  }

  async uploadFile(params: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }> {
    await tick();
    return { fileID: this.putFile(params.cloudPath, params.fileContent) };
  }

  async downloadFile(params: { fileID: string }): Promise<{ fileContent: Buffer }> {
    await tick();
    const f = this.files.get(params.fileID);
    if (!f) throw sdkError(-503003, `downloadFile:fail file not exist: ${params.fileID}`);
    return { fileContent: Buffer.from(f) };
  }

  async getTempFileURL(params: {
    fileList: { fileID: string; maxAge: number }[];
  }): Promise<{ fileList: TempFileItem[] }> {
    await tick();
    if (params.fileList.length > 50) throw sdkError(-1, 'getTempFileURL:fail fileList length exceeds 50');
    this.tempUrlCalls.push(params.fileList.map((f) => f.fileID));
    return {
      fileList: params.fileList.map(({ fileID, maxAge }) => {
        const ok = this.files.has(fileID);
        const path = fileID.replace(/^cloud:\/\/[^/]+\//, '');
        const host = this.served ?? `https://${this.bucket}.tcb.qcloud.la`;
        return {
          fileID,
          status: ok ? 0 : -1,
          tempFileURL: ok ? `${host}/${path}?sign=test&t=${maxAge}` : '',
          errMsg: ok ? 'ok' : 'STORAGE_FILE_NONEXIST',
        };
      }),
    };
  }

  readonly deleteCalls: string[][] = [];

  async deleteFile(params: {
    fileList: string[];
  }): Promise<{ fileList: { fileID: string; status: number; errMsg: string }[] }> {
    await tick();
    if (params.fileList.length > 50) throw sdkError(-1, 'deleteFile:fail fileList length exceeds 50');
    this.deleteCalls.push([...params.fileList]);
    return {
      fileList: params.fileList.map((fileID) => {
        const ok = this.files.delete(fileID);
        return { fileID, status: ok ? 0 : -1, errMsg: ok ? 'ok' : 'STORAGE_FILE_NONEXIST' };
      }),
    };
  }

  private server: Server | null = null;
  private served: string | null = null;
  /** HEAD and GET requests the file server answered (`HEAD /uploads/…`). */
  readonly fileRequests: string[] = [];

  /** Serves the stored files over HTTP on 127.0.0.1, as cloud storage serves temp URLs; they point there from now. */
  async serveFiles(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.fileRequests.push(`${req.method} ${url.pathname}`);
      const file = this.files.get(this.fileIdOf(decodeURIComponent(url.pathname.slice(1))));
      if (!file || url.searchParams.get('sign') !== 'test') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Length': file.length, 'Content-Type': 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : file);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.served = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Stops serving files (tests end with it). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.served = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  readonly openapi = {
    security: {
      msgSecCheck: async (p: MsgSecCheckParams) => {
        await tick();
        this.checks.push(p);
        return {
          errCode: 0,
          errMsg: 'openapi.security.msgSecCheck:ok',
          result: { suggest: this.verdict(p.content), label: 100 },
        };
      },
    },
    subscribeMessage: {
      send: async (p: SubscribeMessageParams) => {
        await this.db.pause();
        const fail = this.sendFailure?.(p);
        if (fail) throw sdkError(fail.errCode, `openapi.subscribeMessage.send:fail ${fail.errCode} ${fail.errMsg}`);
        this.sent.push({ ...clone(p), at: Date.now() });
        return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
      },
    },
  };
}
