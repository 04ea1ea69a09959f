/**
 * The only place that knows how an action reaches the back end:
 * h5 → `POST /api/<action>` (same origin, or DUBAN_API_BASE) with the session token;
 * weapp → the `api` cloud function (`{ action, payload }`), or HTTPS to DUBAN_API_BASE when that build constant is set.
 */
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput, ApiResult } from '../../core/api/contract';
import { zh } from '../i18n/zh-CN';
import { earlyRequests } from './earlyRequests';
import { ApiError } from './errors';
import { noteSessionEnd } from './sessionEnd';
import { getToken, setToken } from './token';

export const API_BASE: string = DUBAN_API_BASE;
export const usesCloud = process.env.TARO_ENV === 'weapp' && !API_BASE;

let cloudReady = false;
export function ensureCloud(): void {
  if (cloudReady) return;
  Taro.cloud.init(DUBAN_CLOUD_ENV ? { env: DUBAN_CLOUD_ENV, traceUser: false } : { traceUser: false });
  cloudReady = true;
}

function unwrap<T>(result: ApiResult<T> | undefined | null): T {
  if (!result || typeof result !== 'object' || !('ok' in result))
    throw new ApiError('BAD_RESPONSE', zh.error.badResponse);
  if (result.ok) return result.data;
  // a session that was there and ended (expired, revoked, removed): the bind page will say why
  if (usesCloud || getToken()) noteSessionEnd(result.error.code, result.error.message);
  throw new ApiError(result.error.code, result.error.message || zh.error.unknown);
}

/** Sessions slide (server/auth/tokens.ts): a token older than a day comes back renewed; the app keeps the new one. */
function keepRenewedToken(token: unknown): void {
  if (typeof token === 'string' && token && getToken()) setToken(token);
}

export function authHeader(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** One call of the `api` cloud function, its answer unwrapped (a failed call is NETWORK). */
async function callApiFunction<T>(action: string, payload: unknown): Promise<T> {
  ensureCloud();
  let res: Taro.cloud.CallFunctionResult;
  try {
    res = await Taro.cloud.callFunction({ name: 'api', data: { action, payload } });
  } catch {
    throw new ApiError('NETWORK', zh.error.network);
  }
  return unwrap(res.result as ApiResult<T>);
}

function viaCloud<A extends ActionName>(action: A, payload: ActionInput<A>): Promise<ActionOutput<A>> {
  return callApiFunction<ActionOutput<A>>(action, payload);
}

/**
 * An action of the CloudBase runtime itself rather than of the contract (`uploadPrefix`: the caller's upload
 * folder, `uploads/<OPENID>/`, the only place the cloud function accepts a submitted fileID from).
 */
export function callCloudRuntime<T>(action: string, payload: Record<string, unknown> = {}): Promise<T> {
  return callApiFunction<T>(action, payload);
}

/**
 * The mini program on a self-hosted server binds the user's WeChat identity: `bind` carries a fresh `wx.login`
 * code, which the server turns into the openid through code2session (server/wechat/login.ts), so reminders reach
 * this user. A server without WeChat settings ignores it.
 */
async function withLoginCode(payload: object): Promise<object> {
  let code: string;
  try {
    code = (await Taro.login()).code;
  } catch {
    throw new ApiError('WECHAT_LOGIN', zh.error.wechatLogin);
  }
  return { ...payload, loginCode: code };
}

async function viaRequest<A extends ActionName>(action: A, payload: ActionInput<A>): Promise<ActionOutput<A>> {
  let res: Taro.request.SuccessCallbackResult<ApiResult<ActionOutput<A>>>;
  const data = action === 'bind' ? await withLoginCode(payload) : payload;
  try {
    res = await Taro.request<ApiResult<ActionOutput<A>>>({
      url: `${API_BASE}/api/${action}`,
      method: 'POST',
      data,
      header: { 'content-type': 'application/json', ...authHeader() },
    });
  } catch {
    throw new ApiError('NETWORK', zh.error.network);
  }
  keepRenewedToken(res.header?.['X-Duban-Token'] ?? res.header?.['x-duban-token']);
  return unwrap(res.data);
}

function viaFetch<A extends ActionName>(action: A, payload: ActionInput<A>): Promise<ActionOutput<A>> {
  return answerOf(
    fetch(`${API_BASE}/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeader() },
      body: JSON.stringify(payload ?? {}),
    }),
  );
}

async function answerOf<T>(response: Promise<Response>): Promise<T> {
  let res: Response;
  try {
    res = await response;
  } catch {
    throw new ApiError('NETWORK', zh.error.network);
  }
  keepRenewedToken(res.headers.get('X-Duban-Token'));
  let body: ApiResult<T> | null = null;
  try {
    body = (await res.json()) as ApiResult<T>;
  } catch {
    throw new ApiError('BAD_RESPONSE', res.status >= 500 ? zh.error.server : zh.error.badResponse);
  }
  return unwrap(body);
}

/**
 * The answer to a request index.html sent before the app ran (config/earlyRequests.ts), once, when it was sent
 * with the current token and the very payload given; null otherwise (the caller asks itself).
 */
export function takeEarly<A extends ActionName>(action: A, payload: ActionInput<A>): Promise<ActionOutput<A>> | null {
  const early = earlyRequests();
  const sent = early?.sent[action];
  if (!early || !sent) return null;
  delete early.sent[action];
  if (early.token !== getToken() || sent.body !== JSON.stringify(payload ?? {})) return null;
  return answerOf(sent.response);
}

export function call<A extends ActionName>(action: A, payload: ActionInput<A>): Promise<ActionOutput<A>> {
  if (process.env.TARO_ENV === 'h5') return viaFetch(action, payload);
  return usesCloud ? viaCloud(action, payload) : viaRequest(action, payload);
}
