/**
 * The self-hosted WeChat path against a stand-in of WeChat's server API on 127.0.0.1: the token from stable_token
 * fetched once and shared, cached until shortly before it expires, refreshed once on 40001; WeChat's refusals as
 * core's MessengerError; msgSecCheck's verdicts; code2session.
 */
import { MessengerError, type OutgoingMessage } from '../../core/ports/messenger';
import { WeChatStandIn } from '../testing/wechatStandIn';
import { REFRESH_MARGIN_MS, WeChatApi, wechatConfigFromEnv } from './api';
import { wechatServices } from './index';

const APP = { appId: 'wx-test-app', secret: 'test-secret' };
const message = (n: number): OutgoingMessage => ({
  key: `due:a${n}`,
  kind: 'due',
  touser: `openid-${n}`,
  templateId: 'TMPL-DUE',
  page: `pages/task/index?id=t${n}`,
  data: { thing1: { value: '办理事项' }, date2: { value: '2026年3月31日' } },
});

let standIn: WeChatStandIn;
let sendAnswer: ((body: Record<string, unknown>) => Record<string, unknown> | null) | null;
beforeEach(async () => {
  sendAnswer = null;
  standIn = await new WeChatStandIn({
    ...APP,
    riskyWords: ['违禁词'],
    codes: { 'code-1': 'openid-1' },
    onSend: (body) => sendAnswer?.(body) ?? null,
  }).start();
});
afterEach(() => standIn.stop());

describe('the access token', () => {
  it('is fetched once for many concurrent sends, and each send is the documented request', async () => {
    const { messenger, api } = wechatServices({ ...APP, apiBase: standIn.url });
    await Promise.all(Array.from({ length: 20 }, (_, i) => messenger.send(message(i))));
    expect(standIn.of('/cgi-bin/stable_token')).toHaveLength(1);
    expect(standIn.of('/cgi-bin/stable_token')[0].body).toEqual({
      grant_type: 'client_credential',
      appid: APP.appId,
      secret: APP.secret,
      force_refresh: false,
    });
    expect(api.tokenFetches).toBe(1);
    const sends = standIn.of('/cgi-bin/message/subscribe/send');
    expect(sends).toHaveLength(20);
    expect(sends[3]).toMatchObject({
      method: 'POST',
      query: { access_token: 'TOKEN-1' },
      body: {
        touser: 'openid-3',
        template_id: 'TMPL-DUE',
        page: 'pages/task/index?id=t3',
        data: { thing1: { value: '办理事项' }, date2: { value: '2026年3月31日' } },
        miniprogram_state: 'formal',
      },
    });
  });

  it('is cached until shortly before it expires, then fetched again', async () => {
    let now = 1_000_000;
    const api = new WeChatApi({ ...APP, apiBase: standIn.url, nowMs: () => now });
    expect(await api.accessToken()).toBe('TOKEN-1');
    now += 7200_000 - REFRESH_MARGIN_MS - 1;
    expect(await api.accessToken()).toBe('TOKEN-1');
    expect(api.tokenFetches).toBe(1);
    now += 2;
    await api.accessToken();
    expect(api.tokenFetches).toBe(2);
  });

  it('40001 (token expired): refreshed once with force_refresh and the send retried once', async () => {
    const { messenger, api } = wechatServices({ ...APP, apiBase: standIn.url });
    await messenger.send(message(1));
    standIn.expireToken();
    await Promise.all([messenger.send(message(2)), messenger.send(message(3))]);
    const tokens = standIn.of('/cgi-bin/stable_token');
    expect(tokens).toHaveLength(2);
    expect(tokens[1].body).toMatchObject({ force_refresh: true });
    expect(api.tokenFetches).toBe(2);
    const sends = standIn.of('/cgi-bin/message/subscribe/send');
    expect(sends.filter((s) => s.query.access_token === 'TOKEN-2').map((s) => s.body?.touser)).toEqual(
      expect.arrayContaining(['openid-2', 'openid-3']),
    );
  });

  it('a token still refused after the refresh is WeChat’s answer, not a loop', async () => {
    const { messenger } = wechatServices({ ...APP, apiBase: standIn.url });
    sendAnswer = () => ({ errcode: 40001, errmsg: 'invalid credential' });
    await expect(messenger.send(message(1))).rejects.toMatchObject({ errCode: 40001 });
    expect(standIn.of('/cgi-bin/message/subscribe/send')).toHaveLength(2);
  });

  it('a wrong secret is not a token', async () => {
    const { messenger } = wechatServices({ ...APP, secret: 'wrong', apiBase: standIn.url });
    await expect(messenger.send(message(1))).rejects.toMatchObject({ errCode: -1 });
  });
});

describe('WeChat’s refusals become MessengerError with the errcode', () => {
  it.each([43101, 47003, 40003, 40037])('%i', async (code) => {
    const { messenger } = wechatServices({ ...APP, apiBase: standIn.url });
    sendAnswer = () => ({ errcode: code, errmsg: `refused ${code}` });
    const err = await messenger.send(message(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessengerError);
    expect(err).toMatchObject({ errCode: code, message: `refused ${code}` });
  });

  it('an unreachable WeChat is -1 (retried by later passes)', async () => {
    const { messenger } = wechatServices({ ...APP, apiBase: 'http://127.0.0.1:9', timeoutMs: 2000 });
    await expect(messenger.send(message(1))).rejects.toMatchObject({ errCode: -1 });
  });
});

describe('msgSecCheck through the same API', () => {
  it('passes clean text, refuses risky text, and asks with the author’s openid', async () => {
    const { contentCheck } = wechatServices({ ...APP, apiBase: standIn.url });
    expect(await contentCheck.checkText('已完成窗口改造', 'openid-1')).toBe('pass');
    expect(await contentCheck.checkText('有违禁词的内容', 'openid-1')).toBe('risky');
    expect(await contentCheck.checkText('   ', 'openid-1')).toBe('pass');
    const asked = standIn.of('/wxa/msg_sec_check');
    expect(asked).toHaveLength(2);
    expect(asked[0].body).toEqual({ content: '已完成窗口改造', version: 2, scene: 2, openid: 'openid-1' });
    expect(standIn.of('/cgi-bin/stable_token')).toHaveLength(1);
  });

  it('checks a long text in parts of 2500 characters; the worst verdict counts', async () => {
    const { contentCheck } = wechatServices({ ...APP, apiBase: standIn.url });
    expect(await contentCheck.checkText('好'.repeat(2600) + '违禁词', 'openid-1')).toBe('risky');
    expect(standIn.of('/wxa/msg_sec_check').map((r) => [...String(r.body?.content)].length)).toEqual([2500, 103]);
  });

  it('cannot be asked: the text is not let through, the user is told to try again', async () => {
    const logs: string[] = [];
    const api = new WeChatApi({ ...APP, apiBase: 'http://127.0.0.1:9', timeoutMs: 2000 });
    const { WeChatContentCheck } = await import('./contentCheck');
    await expect(new WeChatContentCheck(api, (m) => logs.push(m)).checkText('文字', 'o')).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('稍后'),
    });
    expect(logs[0]).toContain('msgSecCheck failed');
  });
});

describe('code2session', () => {
  it('gives the openid of a login code once; a used or unknown code answers its errcode', async () => {
    const api = new WeChatApi({ ...APP, apiBase: standIn.url });
    expect(await api.code2session('code-1')).toMatchObject({ openid: 'openid-1' });
    expect(await api.code2session('code-1')).toMatchObject({ errcode: 40163 });
    expect(await api.code2session('nope')).toMatchObject({ errcode: 40029 });
    expect(standIn.of('/sns/jscode2session')[0].query).toMatchObject({
      appid: APP.appId,
      js_code: 'code-1',
      grant_type: 'authorization_code',
    });
  });
});

describe('the settings', () => {
  it('are there only with both the AppID and the secret; the API base defaults to WeChat’s', () => {
    expect(wechatConfigFromEnv({})).toBeNull();
    expect(wechatConfigFromEnv({ DUBAN_WECHAT_APPID: 'wx1' })).toBeNull();
    expect(wechatConfigFromEnv({ DUBAN_WECHAT_APPID: 'wx1', DUBAN_WECHAT_SECRET: 's' })).toEqual({
      appId: 'wx1',
      secret: 's',
      apiBase: 'https://api.weixin.qq.com',
    });
  });
});
