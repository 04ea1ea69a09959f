/**
 * The part of wx-server-sdk's `cloud` object the CloudBase adapters use, as structural types. The real SDK
 * (`require('wx-server-sdk')`) satisfies them at run time; tests give an in-memory double of the same shape
 * (testing/fakeCloud.ts). Keeping the adapters on these types is what lets one bundle run against both.
 *
 * Sources: wx-server-sdk 4.0.2 index.d.ts and its database wrappers (doc().get() answers `{ data: null }` for a
 * missing document when the database is opened with `throwOnNotFound: false`; errors are thrown with `errCode`).
 */

/** What `cloud.getWXContext()` answers. A timer call has no OPENID (SOURCE `wx_trigger`). */
export interface WXContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  ENV?: string;
  SOURCE?: string;
}

export type DocData = Record<string, unknown>;
/** A stored document: its fields and `_id`. */
export type Doc = DocData & { _id: string };

/** An opaque query or update operator (`db.command.in([...])`, `_.inc(1)`, `db.RegExp(...)`). */
export type Operator = object;

/** Aggregation expression operators (`db.command.aggregate`, conventionally `$`). */
export interface AggregateCommand {
  sum(expr: unknown): Operator;
  cond(branches: { if: unknown; then: unknown; else: unknown }): Operator;
  eq(args: [unknown, unknown]): Operator;
  neq(args: [unknown, unknown]): Operator;
  lt(args: [unknown, unknown]): Operator;
  lte(args: [unknown, unknown]): Operator;
  gt(args: [unknown, unknown]): Operator;
  gte(args: [unknown, unknown]): Operator;
  and(args: unknown[]): Operator;
  or(args: unknown[]): Operator;
}

/** `collection.aggregate()`: stages in order, `end()` runs them (without a limit stage it answers 20). */
export interface Aggregate {
  match(cond: object): Aggregate;
  group(spec: object): Aggregate;
  sort(spec: Record<string, 1 | -1>): Aggregate;
  skip(n: number): Aggregate;
  limit(n: number): Aggregate;
  end(): Promise<{ list: Record<string, unknown>[] }>;
}

export interface DbCommand {
  aggregate: AggregateCommand;
  eq(v: unknown): Operator;
  neq(v: unknown): Operator;
  gt(v: unknown): Operator;
  gte(v: unknown): Operator;
  lt(v: unknown): Operator;
  lte(v: unknown): Operator;
  in(values: unknown[]): Operator;
  nin(values: unknown[]): Operator;
  and(...conds: unknown[]): Operator;
  or(...conds: unknown[]): Operator;
  exists(v: boolean): Operator;
  inc(n: number): Operator;
  remove(): Operator;
}

export interface Query {
  where(cond: object): Query;
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(projection: Record<string, boolean>): Query;
  get(): Promise<{ data: Doc[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: DocData }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocRef {
  get(): Promise<{ data: Doc | null }>;
  /** Creates or replaces the whole document (no operators). */
  set(options: { data: DocData }): Promise<unknown>;
  update(options: { data: DocData }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Collection extends Query {
  doc(id: string): DocRef;
  aggregate(): Aggregate;
  /** One document, or an array of documents in one call; a given `_id` that exists already is an error. */
  add(options: { data: DocData | DocData[] }): Promise<{ _id?: string; _ids?: string[] }>;
}

/** Inside `runTransaction`: single-document operations only (doc get/set/update/remove, add). */
export interface TxCollection {
  doc(id: string): DocRef;
  add(options: { data: DocData }): Promise<unknown>;
}

export interface Transaction {
  collection(name: string): TxCollection;
  rollback(reason?: unknown): Promise<unknown>;
}

export interface CloudDatabase {
  command: DbCommand;
  RegExp(options: { regexp: string; options?: string }): Operator;
  collection(name: string): Collection;
  runTransaction<T>(run: (tx: Transaction) => Promise<T>, retries?: number): Promise<T>;
  createCollection(name: string): Promise<unknown>;
}

export interface TempFileItem {
  fileID: string;
  tempFileURL: string;
  status: number;
  errMsg?: string;
}

export interface SubscribeMessageParams {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: string;
}

export interface MsgSecCheckParams {
  version: 2;
  openid: string;
  scene: 1 | 2 | 3 | 4;
  content: string;
}

export interface MsgSecCheckResult {
  errCode?: number;
  errMsg?: string;
  result?: { suggest: string; label?: number };
}

export interface CloudOpenApi {
  security: { msgSecCheck(params: MsgSecCheckParams): Promise<MsgSecCheckResult> };
  subscribeMessage: { send(params: SubscribeMessageParams): Promise<{ errCode?: number; errMsg?: string }> };
}

export interface CloudSdk {
  DYNAMIC_CURRENT_ENV: unknown;
  init(config?: { env?: unknown }): void;
  getWXContext(): WXContext;
  database(config?: { throwOnNotFound?: boolean }): CloudDatabase;
  uploadFile(params: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  downloadFile(params: { fileID: string }): Promise<{ fileContent: Buffer }>;
  getTempFileURL(params: { fileList: { fileID: string; maxAge: number }[] }): Promise<{ fileList: TempFileItem[] }>;
  /** At most 50 files a call; each answered with its status (0: deleted). */
  deleteFile(params: {
    fileList: string[];
  }): Promise<{ fileList: { fileID: string; status: number; errMsg?: string }[] }>;
  openapi: CloudOpenApi;
}

/** An error thrown by the SDK (CloudSDKError): `errCode` and `errMsg`. */
export interface SdkError {
  errCode?: number;
  errMsg?: string;
  message?: string;
}

export function errCodeOf(e: unknown): number | null {
  if (e && typeof e === 'object' && 'errCode' in e) {
    const code = Number((e as SdkError).errCode);
    return Number.isFinite(code) ? code : null;
  }
  return null;
}

export function errTextOf(e: unknown): string {
  if (e && typeof e === 'object') {
    const s = e as SdkError;
    return String(s.errMsg ?? s.message ?? JSON.stringify(e));
  }
  return String(e);
}

/** An insert whose `_id` (or a unique index) exists already (-502001 "E11000 duplicate key"). */
export function isDuplicateKey(e: unknown): boolean {
  return /duplicate key|E11000|DUPLICATE/i.test(errTextOf(e));
}
