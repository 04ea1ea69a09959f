/**
 * A stand-in for WeChat's server API on 127.0.0.1, for tests (DUBAN_WECHAT_API points at it): `stable_token`,
 * `subscribe/send`, `msg_sec_check` and `jscode2session`, answering as WeChat documents, recording every request.
 * Tokens are `TOKEN-1`, `TOKEN-2`…; a send with a token that is not the current one answers 40001.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
}

export interface StandInOptions {
  appId: string;
  secret: string;
  /** Seconds a token lives (WeChat: 7200). */
  expiresIn?: number;
  /** The answer to one send; default `{ errcode: 0, errmsg: 'ok' }`. */
  onSend?: (body: Record<string, unknown>) => Record<string, unknown> | null;
  /** Words that make msg_sec_check answer risky. */
  riskyWords?: string[];
  /** `wx.login` codes and the openid each stands for (each code works once). */
  codes?: Record<string, string>;
}

export class WeChatStandIn {
  readonly requests: StandInRequest[] = [];
  private server: Server | null = null;
  private tokenSeq = 0;
  private current: string | null = null;
  private readonly usedCodes = new Set<string>();
  url = '';

  constructor(readonly options: StandInOptions) {}

  /** Makes the current token invalid, as WeChat does when it expires early or another fetch replaced it. */
  expireToken(): void {
    this.current = `EXPIRED-${this.tokenSeq}`;
  }

  of(path: string): StandInRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then((answer) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage): Promise<Record<string, unknown>> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> | null = null;
    if (text) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return { errcode: 47001, errmsg: 'data format error' };
      }
    }
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: req.method ?? '', path: url.pathname, query, body });
    const { appId, secret } = this.options;
    switch (url.pathname) {
      case '/cgi-bin/stable_token': {
        if (req.method !== 'POST' || body?.grant_type !== 'client_credential') {
          return { errcode: 40002, errmsg: 'invalid grant_type' };
        }
        if (body.appid !== appId || body.secret !== secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
        if (!this.current?.startsWith('TOKEN-') || body.force_refresh === true) {
          this.current = `TOKEN-${++this.tokenSeq}`;
        }
        return { access_token: this.current, expires_in: this.options.expiresIn ?? 7200 };
      }
      case '/cgi-bin/message/subscribe/send': {
        if (query.access_token !== this.current || !this.current?.startsWith('TOKEN-')) {
          return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
        }
        return this.options.onSend?.(body ?? {}) ?? { errcode: 0, errmsg: 'ok', msgid: this.requests.length };
      }
      case '/wxa/msg_sec_check': {
        if (query.access_token !== this.current) return { errcode: 40001, errmsg: 'invalid credential' };
        const content = String(body?.content ?? '');
        const risky = (this.options.riskyWords ?? []).some((w) => content.includes(w));
        return {
          errcode: 0,
          errmsg: 'ok',
          result: { suggest: risky ? 'risky' : 'pass', label: risky ? 20001 : 100 },
        };
      }
      case '/sns/jscode2session': {
        if (query.appid !== appId || query.secret !== secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
        const code = query.js_code ?? '';
        const openid = this.options.codes?.[code];
        if (!openid) return { errcode: 40029, errmsg: 'invalid code' };
        if (this.usedCodes.has(code)) return { errcode: 40163, errmsg: 'code been used' };
        this.usedCodes.add(code);
        return { openid, session_key: `session-${code}` };
      }
      default:
        return { errcode: 404, errmsg: 'no such api in the stand-in' };
    }
  }
}
