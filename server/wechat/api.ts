/**
 * WeChat's server API (api.weixin.qq.com) for the self-hosted runtime: what CloudBase's `cloud.openapi` does for
 * the cloud functions, done over HTTPS with the mini program's AppID and AppSecret.
 *
 * - The access token comes from `POST /cgi-bin/stable_token` (the stable token: fetching it does not invalidate
 *   one another process holds). It is cached until `REFRESH_MARGIN_MS` before it expires, and concurrent callers
 *   share one fetch.
 * - A call answered 40001 / 42001 (token invalid or expired) fetches a fresh token once (`force_refresh`) and is
 *   retried once; any other answer is the caller's to read.
 * - `code2session` turns a `wx.login` code into the user's openid (`GET /sns/jscode2session`).
 *
 * The base address is configurable (DUBAN_WECHAT_API) so tests talk to a stand-in on 127.0.0.1.
 */

export const DEFAULT_WECHAT_API = 'https://api.weixin.qq.com';
/** A token is refreshed this long before WeChat says it expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** WeChat's "access token invalid / expired" answers: refresh once and retry. */
const TOKEN_ERRCODES = new Set([40001, 42001]);

export interface WeChatConfig {
  appId: string;
  secret: string;
  /** Default https://api.weixin.qq.com. */
  apiBase?: string;
  /** `fetch` (tests may count calls). */
  fetch?: typeof fetch;
  /** Milliseconds now (tests move time). */
  nowMs?: () => number;
  /** A request that takes longer fails (default 10 s). */
  timeoutMs?: number;
}

/** An answer of WeChat's API: `errcode` 0 or absent when it worked. */
export interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

/** WeChat could not be reached or answered something that is not JSON. */
export class WeChatTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeChatTransportError';
  }
}

/** The settings from the environment, or null when the deployment has none (then the outbox is used). */
export function wechatConfigFromEnv(env: Record<string, string | undefined> = process.env): WeChatConfig | null {
  const appId = env.DUBAN_WECHAT_APPID?.trim();
  const secret = env.DUBAN_WECHAT_SECRET?.trim();
  if (!appId || !secret) return null;
  return { appId, secret, apiBase: env.DUBAN_WECHAT_API?.trim() || DEFAULT_WECHAT_API };
}

export class WeChatApi {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly nowMs: () => number;
  private cached: { token: string; refreshAtMs: number } | null = null;
  private pending: Promise<string> | null = null;
  /** How many tokens were fetched (the figure the tests and the CLI report). */
  tokenFetches = 0;

  constructor(private readonly config: WeChatConfig) {
    this.base = (config.apiBase ?? DEFAULT_WECHAT_API).replace(/\/+$/, '');
    this.fetchFn = config.fetch ?? fetch;
    this.nowMs = config.nowMs ?? Date.now;
  }

  get appId(): string {
    return this.config.appId;
  }

  /** The cached token, or a fresh one; concurrent callers wait for the same fetch. */
  accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.cached && this.nowMs() < this.cached.refreshAtMs) {
      return Promise.resolve(this.cached.token);
    }
    if (this.pending) return this.pending;
    this.pending = this.fetchToken(forceRefresh).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    this.tokenFetches++;
    const answer = await this.request('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: this.config.appId,
      secret: this.config.secret,
      force_refresh: forceRefresh,
    });
    const token = typeof answer.access_token === 'string' ? answer.access_token : '';
    if (answer.errcode || !token) {
      this.cached = null;
      throw new WeChatTransportError(`stable_token failed: ${answer.errcode ?? ''} ${answer.errmsg ?? ''}`.trim());
    }
    const expiresInMs = Number(answer.expires_in ?? 7200) * 1000;
    this.cached = { token, refreshAtMs: this.nowMs() + Math.max(0, expiresInMs - REFRESH_MARGIN_MS) };
    return token;
  }

  /**
   * POST `path?access_token=…` with a JSON body. A token WeChat calls invalid or expired is refreshed once and the
   * call retried once; the answer (with its errcode) is returned for the caller to read.
   */
  async call(path: string, body: Record<string, unknown>): Promise<WeChatAnswer> {
    let token = await this.accessToken();
    let answer = await this.request(`${path}?access_token=${encodeURIComponent(token)}`, body);
    if (answer.errcode !== undefined && TOKEN_ERRCODES.has(answer.errcode)) {
      // Another caller may have refreshed it already: only force a refresh when the token is still the bad one.
      token = this.cached && this.cached.token !== token ? this.cached.token : await this.accessToken(true);
      answer = await this.request(`${path}?access_token=${encodeURIComponent(token)}`, body);
    }
    return answer;
  }

  /** The openid (and unionid when there is one) of a `wx.login` code; a refused code answers its errcode. */
  async code2session(code: string): Promise<WeChatAnswer & { openid?: string }> {
    const q = new URLSearchParams({
      appid: this.config.appId,
      secret: this.config.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    return this.request(`/sns/jscode2session?${q.toString()}`, null);
  }

  private async request(pathAndQuery: string, body: Record<string, unknown> | null): Promise<WeChatAnswer> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${pathAndQuery}`, {
        method: body === null ? 'GET' : 'POST',
        headers: body === null ? undefined : { 'content-type': 'application/json' },
        body: body === null ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new WeChatTransportError(`WeChat API unreachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as WeChatAnswer;
    } catch {
      // not JSON
    }
    throw new WeChatTransportError(`WeChat API answered HTTP ${res.status} without JSON`);
  }
}
