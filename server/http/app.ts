/**
 * The HTTP face of the local / self-hosted runtime (Fastify 5):
 *   POST /api/<action>   JSON body, `Authorization: Bearer <token>` → `{ ok: true, data }` | `{ ok: false, error }`
 *   POST /api/upload     a report photo: multipart/form-data (one file part, as Taro.uploadFile sends it) or the
 *                        raw image bytes (Content-Type image/jpeg | image/png | image/webp) → `{ ok, data: { id, fileId, url } }`
 *   POST /api/uploadDocument  a table to import (admins), multipart or raw with `?fileName=` → `{ ok, data: { fileId } }`
 *   GET  /files/<id>?exp=…&sig=…  a stored file through a signed, expiring URL
 *   GET  /healthz
 *   GET  /…              the h5 build (dist-h5/), with index.html as the fallback: compressed (br / gzip), the
 *                        content-hashed assets cached for a year (`immutable`), index.html revalidated each time
 * Every failure is a 4xx with a Chinese sentence, except a real fault of the server (500, logged).
 */
import { createReadStream, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { constants as zlib } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import {
  badInput,
  bodyTooLarge,
  fileTooLarge,
  fileType,
  forbidden,
  isDubanError,
  notFound,
  postOnly,
  sessionExpired,
  sessionRevoked,
  unauthenticated,
  unknownAction,
} from '../../core/errors';
import { requireAttempt } from '../../core/usecases/permissions';
import { issueToken, newPrincipal, SESSION_DAYS, verifySession } from '../auth/tokens';
import { DEMO_AS, demoIdentity } from '../demo/identities';
import type { DiskFiles } from '../files/diskFiles';
import { MAX_UPLOAD_BYTES } from '../files/fileTypes';
import { UploadQuota } from '../files/quota';
import type { Backend, HttpCaller } from './backend';
import { sendAnswer } from './answer';
import { toErrorAnswer } from './errors';
import { fastifyTrustProxy, type TrustProxy } from './trustProxy';

export interface AppOptions {
  backend: Backend;
  files: DiskFiles;
  secret: string;
  /** Demo mode: `demoLogin` works and `me.demo` is true. */
  demo: boolean;
  /** The h5 build to serve at `/`; nothing is served there when null or missing. */
  staticDir?: string | null;
  /** Fastify logger: false in tests, pino options (JSON lines) when serving. */
  logger?: boolean | { level: string };
  /**
   * Behind a reverse proxy: which X-Forwarded-For entries to believe (server/http/trustProxy.ts): a number of
   * proxy hops, or the proxies' addresses / CIDR ranges. False (default): the socket's address.
   */
  trustProxy?: TrustProxy;
  /**
   * WeChat login (server/wechat/login.ts): when set, a `bind` carrying `loginCode` (the mini program's `wx.login`
   * code) binds the openid WeChat gives for it, so reminders reach that user. Without it, or without a code (the
   * browser), the caller's own principal is bound.
   */
  login?: ((code: string) => Promise<string>) | null;
  /** Per-user upload rate and daily bytes (server/files/quota.ts); a fresh one by default. */
  quota?: UploadQuota;
}

/**
 * Body limits per route, checked against Content-Length before a byte is read (and while reading a chunked body):
 * every action's JSON is small; only `importPlan` may carry a base64 document (10 MB → about 13.4 MB), and only
 * an admin's (its caller is authenticated before the body is read). Uploads: 10 MB + the multipart envelope.
 */
export const SMALL_BODY_LIMIT = 256 * 1024;
export const IMPORT_BODY_LIMIT = 15 * 1024 * 1024;
const UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024;

/** Compression of the app's files (JS, CSS, HTML): brotli q5, sent once and then cached for a year. */
const COMPRESS = {
  global: true,
  threshold: 1024,
  syncThreshold: 64 * 1024,
  encodings: ['br', 'gzip'] as ('br' | 'gzip')[],
  brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
};
/** The routes of actions: their JSON answers are compressed by sendAnswer (server/http/answer.ts), not the plugin. */
const NO_COMPRESS = { compress: false } as const;
/** The actions whose body is read only after the caller is known to be allowed to try them. */
const LARGE_BODY_ACTIONS = ['importPlan'] as const;
const MAX_FORM_FIELDS = 10;
const ACTION_RE = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];
/** The build's file names carry their content hash (config/index.ts: `[name].[hash:8].js`, `[chunkhash]`). */
const HASHED_ASSET_RE = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;
/** A changed file is a new name, so a browser may keep a hashed one for a year without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: always revalidated (a 304 when unchanged). */
export const REVALIDATE = 'no-cache';

/** The Cache-Control of a file of the h5 build. */
export function staticCacheControl(path: string): string {
  return HASHED_ASSET_RE.test(basename(path)) ? IMMUTABLE : REVALIDATE;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { backend, files, secret } = options;
  const quota = options.quota ?? new UploadQuota();
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    bodyLimit: SMALL_BODY_LIMIT,
    // A client that stops sending half-way does not hold a connection for ever.
    requestTimeout: 120_000,
    // Errors Fastify answers before routing (a URL that is not valid percent-encoding) get the same shape.
    frameworkErrors(error, _request, reply) {
      const a = toErrorAnswer(error);
      void (reply as FastifyReply).status(a.status).send(a.body);
    },
  });

  // Raw photo bodies are buffers; JSON stays Fastify's own (safe against __proto__ poisoning).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  // The app's files (JS, CSS, HTML) over 1 KB: brotli q5, else gzip; photos and workbooks are already compressed
  // and go as they are. Files up to 64 KB are compressed in one call on the event loop rather than through a zlib
  // stream on libuv's threadpool, whose hand-offs cost more than the compression on a small, busy server (the
  // plugin's default for 2 cores is 8 KB; its README advises this). The actions' JSON answers are compressed by
  // sendAnswer (server/http/answer.ts), without the plugin's hook: their routes say `compress: false`.
  await app.register(compress, COMPRESS);
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: MAX_FORM_FIELDS, parts: MAX_FORM_FIELDS + 1 },
  });

  app.setErrorHandler((err, request, reply) => {
    const tooLargeBody = (err as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    const limit = request.routeOptions.bodyLimit ?? SMALL_BODY_LIMIT;
    const a = toErrorAnswer(tooLargeBody && limit <= SMALL_BODY_LIMIT ? bodyTooLarge(limit / 1024) : err);
    // refused before its body was read (too large, not allowed): the rest is not waited for on this connection
    if (!request.raw.complete) void reply.header('Connection', 'close');
    if (a.internal) request.log.error({ err }, 'request failed');
    void reply.status(a.status).send(a.body);
  });

  /** The caller of a request; a token due for renewal gets a fresh one sent back in X-Duban-Token. */
  async function callerOf(request: FastifyRequest, reply: FastifyReply): Promise<HttpCaller> {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') {
      return { principal: newPrincipal(), throttleKey: `ip:${request.ip}`, user: null };
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const session = m ? verifySession(secret, m[1]) : null;
    if (session === 'expired') throw sessionExpired(SESSION_DAYS);
    if (session === 'revoked') throw sessionRevoked();
    if (!session) throw unauthenticated();
    const { principal } = session;
    const user = await backend.userByPrincipal(principal);
    // sliding: a token older than a day is replaced by a fresh one (the app keeps it); none for a removed user
    if (session.renew && user) void reply.header('X-Duban-Token', issueToken(secret, principal));
    // no user behind a signed token: removed by an admin (the refusal says so), or never bound
    const removedAt = user ? null : await backend.whenRemoved(principal);
    return { principal, throttleKey: user ? `user:${user.id}` : `ip:${request.ip}`, user, removedAt };
  }

  async function demoLogin(payload: Record<string, unknown>): Promise<unknown> {
    if (!options.demo) throw forbidden('演示登录只在演示模式下可用。');
    const identity = typeof payload.as === 'string' ? demoIdentity(payload.as) : undefined;
    if (!identity) throw badInput(`请选择演示身份：${DEMO_AS.join('、')}。`);
    const user = await backend.userByPrincipal(identity.principal);
    if (!user) {
      throw notFound('演示数据库里的这个身份', undefined, '请运行 npx duban demo 重新生成演示数据');
    }
    const caller: HttpCaller = { principal: identity.principal, throttleKey: `user:${user.id}`, user };
    const me = await backend.call(caller, 'me', {});
    return { me, token: issueToken(secret, identity.principal) };
  }

  app.get('/healthz', async () => ({ ok: true, data: { status: 'ok', demo: options.demo } }));

  /** Callers authenticated (and their attempt allowed) before their body is read: the routes with large bodies. */
  const early = new WeakMap<FastifyRequest, HttpCaller>();
  function authenticateFirst(action: 'upload' | 'uploadDocument' | (typeof LARGE_BODY_ACTIONS)[number]) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const caller = await callerOf(request, reply);
      requireAttempt(action, caller.user, caller.removedAt);
      if (action === 'upload' || action === 'uploadDocument') {
        quota.admit(caller.user?.id ?? caller.throttleKey, Number(request.headers['content-length']) || 0);
      }
      early.set(request, caller);
    };
  }
  const earlyCaller = async (request: FastifyRequest, reply: FastifyReply) =>
    early.get(request) ?? callerOf(request, reply);

  app.post(
    '/api/upload',
    { bodyLimit: UPLOAD_BODY_LIMIT, ...NO_COMPRESS, onRequest: authenticateFirst('upload') },
    async (request, reply) => {
      const caller = await earlyCaller(request, reply);
      const bytes = await uploadedBytes(request);
      const fileId = await files.savePhoto(bytes.data, caller.principal as string);
      quota.record(caller.user?.id ?? caller.throttleKey, bytes.data.length);
      // `id` is what the app reads (src/api/upload.ts); `fileId` names it as the contract does.
      return sendAnswer(request, reply, { ok: true, data: { id: fileId, fileId, url: files.urlFor(fileId) } });
    },
  );

  app.post(
    '/api/uploadDocument',
    { bodyLimit: UPLOAD_BODY_LIMIT, ...NO_COMPRESS, onRequest: authenticateFirst('uploadDocument') },
    async (request, reply) => {
      const caller = await earlyCaller(request, reply);
      const bytes = await uploadedBytes(request);
      const query = request.query as Record<string, unknown>;
      const fileName = bytes.fileName ?? (typeof query.fileName === 'string' ? query.fileName : '');
      if (!fileName) throw badInput('请告诉服务器文件名（含扩展名，如 分解表.xlsx）。');
      const fileId = await files.saveDocument(bytes.data, fileName, caller.principal as string);
      quota.record(caller.user?.id ?? caller.throttleKey, bytes.data.length);
      return sendAnswer(request, reply, { ok: true, data: { id: fileId, fileId, fileName } });
    },
  );

  async function answerAction(request: FastifyRequest, reply: FastifyReply, action: string) {
    if (!ACTION_RE.test(action)) throw unknownAction();
    const body: unknown = request.body === undefined ? {} : request.body;
    if (!isPlainObject(body)) {
      throw badInput('请求内容须是一个 JSON 对象，例如 {"taskId":"…"}。');
    }
    if (action === 'demoLogin') return sendAnswer(request, reply, { ok: true, data: await demoLogin(body) });
    let caller = await earlyCaller(request, reply);
    if (action === 'bind' && options.login && 'loginCode' in body) {
      const code = typeof body.loginCode === 'string' ? body.loginCode : '';
      const openid = await options.login(code);
      caller = { principal: openid, throttleKey: `ip:${request.ip}`, user: await backend.userByPrincipal(openid) };
    }
    if ('loginCode' in body) delete body.loginCode;
    let data = await backend.call(caller, action, body);
    if (action === 'bind' && isPlainObject(data) && caller.principal) {
      // The token for the principal just bound: the app keeps it and sends it with every call.
      data = { ...data, token: issueToken(secret, caller.principal) };
    }
    return sendAnswer(request, reply, { ok: true, data: data ?? null });
  }

  for (const action of LARGE_BODY_ACTIONS) {
    app.post(
      `/api/${action}`,
      { bodyLimit: IMPORT_BODY_LIMIT, ...NO_COMPRESS, onRequest: authenticateFirst(action) },
      (request, reply) => answerAction(request, reply, action),
    );
  }
  app.post<{ Params: { action: string } }>('/api/:action', NO_COMPRESS, (request, reply) =>
    answerAction(request, reply, request.params.action),
  );

  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    '/files/:id',
    async (request, reply) => {
      const opened = await files.open(request.params.id, request.query.exp, request.query.sig);
      if (opened === 'missing') throw notFound('这个文件');
      if (opened === 'forbidden') throw forbidden('文件链接无效，请回到任务页面重新打开。');
      if (opened === 'expired') throw forbidden('文件链接已过期，请回到任务页面重新打开。');
      const { path, meta } = opened;
      void reply.header('Content-Type', meta.contentType);
      void reply.header('Content-Length', String(meta.size));
      void reply.header('Cache-Control', 'private, max-age=600');
      void reply.header('X-Content-Type-Options', 'nosniff');
      // Never a page of this origin, whatever the bytes hold: no scripts, no frames, no same-origin access.
      void reply.header('Content-Security-Policy', "default-src 'none'; img-src 'self'; sandbox");
      if (meta.kind !== 'photo') {
        const name = meta.fileName ?? 'file';
        void reply.header(
          'Content-Disposition',
          `attachment; filename="download${extensionPart(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        );
      }
      return reply.send(createReadStream(path));
    },
  );

  const staticDir = options.staticDir ?? null;
  const hasStatic = staticDir !== null && existsSync(join(staticDir, 'index.html'));
  if (hasStatic) {
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (res, path) => res.setHeader('Cache-Control', staticCacheControl(path)),
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (path.startsWith('/api/') || path === '/api') {
      const e = request.method === 'POST' ? unknownAction() : postOnly();
      void reply.status(e.status).send({ ok: false, error: { code: e.code, message: e.message } });
      return;
    }
    if (hasStatic && (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/files/')) {
      void reply.type('text/html; charset=utf-8').header('Cache-Control', REVALIDATE).sendFile('index.html');
      return;
    }
    void reply.status(404).send({ ok: false, error: { code: 'NOT_FOUND', message: '没有这个页面。' } });
  });

  return app;
}

function extensionPart(name: string): string {
  const m = /\.[A-Za-z0-9]{1,8}$/.exec(name);
  return m ? m[0] : '';
}

/** The bytes of an upload: the single file part of a multipart form, or the raw body. */
async function uploadedBytes(request: FastifyRequest): Promise<{ data: Buffer; fileName: string | null }> {
  if (request.isMultipart()) {
    try {
      const part = await request.file();
      if (!part) throw badInput('表单里没有文件，请重新选择后上传。');
      const data = await part.toBuffer();
      // busboy marks a file cut at the size limit; do not rely on toBuffer alone to have thrown.
      if (part.file.truncated) throw fileTooLarge(10);
      return { data, fileName: part.filename || null };
    } catch (e) {
      const { statusCode: status, code } = e as { statusCode?: unknown; code?: unknown };
      if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT') {
        // too many parts is a malformed form, not a large file
        throw badInput(`上传的表单字段太多：请只上传一个文件（最多 ${MAX_FORM_FIELDS} 个其他字段）。`);
      }
      if (isDubanError(e) || status === 413) throw e;
      // A form without a boundary, cut short or otherwise malformed.
      throw badInput('上传的表单格式不对，请重新选择文件后上传。');
    }
  }
  if (Buffer.isBuffer(request.body)) return { data: request.body, fileName: null };
  throw fileType('请以 multipart/form-data 或图片原始内容（image/jpeg、image/png、image/webp）上传。');
}
