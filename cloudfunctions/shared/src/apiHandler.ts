/**
 * The `api` cloud function: one router for every action, `{ action, payload }` in, `{ ok: true, data }` or
 * `{ ok: false, error: { code, message } }` out.
 *
 * Identity comes ONLY from `cloud.getWXContext().OPENID` (WeChat injects it; anything in the event is the
 * client's word and is ignored). The caller's user is the one bound to that OPENID; wrong invite codes are counted
 * against it.
 *
 * Actions of this runtime besides the use cases:
 * - `uploadPrefix`: the storage folder the caller uploads photos and tables into (`uploads/<OPENID>/`), the only
 *   place a submitted fileID is accepted from.
 * - `bootstrap` `{ code, name? }`: in a fresh environment, with DUBAN_BOOTSTRAP_CODE set on the function and no
 *   admin yet, creates the collections, seeds the org directory from data/directory.json and binds the caller as
 *   admin of 市政府督查室. Refused once an admin exists.
 */
import { timingSafeEqual } from 'crypto';
import type { ApiResult } from '../../../core/api/contract';
import {
  badInput,
  forbidden,
  INTERNAL_MESSAGE,
  isDubanError,
  misconfigured,
  rateLimited,
  wrongCode,
} from '../../../core/errors';
import { parseDirectory } from '../../../core/org/directory';
import { dispatch, seedDirectory, servedActions, type Caller } from '../../../core/usecases';
import { bootstrapUser } from '../../../core/usecases/bootstrapUser';
import { forgetAttemptsBefore } from '../../../core/usecases/inviteRules';
import { requireAttempt } from '../../../core/usecases/permissions';
import directoryJson from '../../../data/directory.json';
import { errCodeOf, errTextOf, type CloudSdk } from './cloud';
import { ALL_COLLECTIONS } from './collections';
import { uploadPrefix } from './files';
import { createCloudRuntime, type CloudEnv, type CloudRuntime } from './runtime';

export interface ApiEvent {
  action?: unknown;
  payload?: unknown;
}

export type ApiAnswer = ApiResult<unknown>;

const BOOTSTRAP_WINDOW_MS = 15 * 60_000;
const BOOTSTRAP_MAX_FAILS = 5;

function fail(code: string, message: string): ApiAnswer {
  return { ok: false, error: { code, message } };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Creates the collections that do not exist yet (an existing one answers an error, which is fine). */
export async function ensureCollections(cloud: CloudSdk): Promise<void> {
  const db = cloud.database({ throwOnNotFound: false });
  for (const name of ALL_COLLECTIONS) {
    try {
      await db.createCollection(name);
    } catch {
      // exists already
    }
  }
}

async function bootstrap(cloud: CloudSdk, runtime: CloudRuntime, openid: string, payload: unknown, code?: string) {
  if (!code) {
    throw forbidden('这个环境没有开启首位管理员登记：请在云函数 api 的环境变量里设置 DUBAN_BOOTSTRAP_CODE 后再试。');
  }
  await ensureCollections(cloud); // a fresh environment has none; the rate limit below needs one
  const { rt, store } = runtime;
  const p = (payload ?? {}) as { code?: unknown; name?: unknown };
  if (typeof p.code !== 'string' || (p.name !== undefined && typeof p.name !== 'string')) {
    throw badInput('请填写登记码（code），姓名（name）可以不填。', { field: 'code' });
  }
  const now = rt.clock.now();
  const since = new Date(Date.parse(now) - BOOTSTRAP_WINDOW_MS).toISOString();
  const key = `bootstrap:${openid}`;
  if ((await store.failedAttemptsSince(key, since)).length >= BOOTSTRAP_MAX_FAILS) {
    throw rateLimited(BOOTSTRAP_WINDOW_MS / 60_000, '登记码错误');
  }
  if (!sameSecret(p.code, code)) {
    await store.recordFailedAttempt(key, now, forgetAttemptsBefore(now));
    throw wrongCode('登记码不对，请向部署人员核对云函数 api 的 DUBAN_BOOTSTRAP_CODE。');
  }
  if ((await store.countAdmins()) > 0) {
    throw forbidden('这个环境已经有管理员了：请向管理员要邀请码绑定。');
  }
  await seedDirectory(store, parseDirectory(directoryJson));
  const units = await store.listUnits();
  const unit = units.find((u) => u.name === '市政府督查室') ?? units[0];
  if (!unit) throw misconfigured('单位名录是空的：请检查 data/directory.json 后重新部署。');
  const name = typeof p.name === 'string' && p.name.trim() ? p.name.trim().slice(0, 20) : '管理员';
  const caller = await bootstrapUser(rt, openid, unit.id, 'admin', name);
  return { me: await dispatch(rt, caller, 'me', {}) };
}

/** The user bound to the OPENID, or null; a fresh environment has no users collection yet: nobody is bound. */
async function userOf(runtime: CloudRuntime, openid: string) {
  try {
    return await runtime.store.getUserByPrincipal(openid);
  } catch {
    return null;
  }
}

/** When the user of this OPENID was removed by an admin, or null (a fresh environment has no users yet). */
async function removedAtOf(runtime: CloudRuntime, openid: string) {
  try {
    return await runtime.store.whenRemoved(openid);
  } catch {
    return null;
  }
}

export interface ApiHandlerOptions {
  env?: CloudEnv;
  log?: (message: string, error?: unknown) => void;
}

/** The function's `main`, over a cloud object (wx-server-sdk in production, a double in tests). */
export function createApiHandler(cloud: CloudSdk, options: ApiHandlerOptions = {}) {
  const env = options.env ?? (process.env as CloudEnv);
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e));
  let warm: CloudRuntime | null = null;
  const served = new Set<string>(servedActions());

  return async function main(event: ApiEvent, _context?: unknown): Promise<ApiAnswer> {
    const wx = cloud.getWXContext();
    const openid = wx.OPENID;
    if (!openid) return fail('UNAUTHENTICATED', '请在微信小程序里使用督办通。');
    const action = event?.action;
    if (typeof action !== 'string' || !action)
      return fail('BAD_INPUT', '缺少要执行的操作（action），请更新小程序后重试。');
    const runtime = createCloudRuntime(cloud, { env, envId: wx.ENV }, warm ?? undefined);
    warm = runtime;
    try {
      let data: unknown;
      if (action === 'uploadPrefix' || action === 'bootstrap') {
        // the runtime's own actions, checked against the same permission table as dispatch's
        requireAttempt(action, await userOf(runtime, openid));
        data =
          action === 'uploadPrefix'
            ? { prefix: uploadPrefix(openid) }
            : await bootstrap(cloud, runtime, openid, event.payload, env.DUBAN_BOOTSTRAP_CODE);
      } else {
        // an action nobody serves is answered by dispatch without reading the caller first
        const known = served.has(action);
        const user = known ? await runtime.store.getUserByPrincipal(openid) : null;
        // no user behind the OPENID: removed by an admin (the refusal says so), or never bound
        const removedAt = known && !user ? await removedAtOf(runtime, openid) : null;
        const caller: Caller = { principal: openid, throttleKey: openid, user, removedAt };
        data = await dispatch(runtime.rt, caller, action, event.payload ?? {});
      }
      return { ok: true, data };
    } catch (e) {
      if (isDubanError(e)) {
        if (e.code === 'INTERNAL') log(`api ${action}: ${e.message}`, (e as Error & { cause?: unknown }).cause ?? e);
        return fail(e.code, e.message);
      }
      log(`api ${action}: errCode ${errCodeOf(e) ?? '-'}: ${errTextOf(e)}`, e);
      return fail('INTERNAL', INTERNAL_MESSAGE);
    }
  };
}
