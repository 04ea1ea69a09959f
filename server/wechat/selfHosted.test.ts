/**
 * A self-hosted server with WeChat settings, over a real port, against the stand-in of WeChat's API: the mini
 * program's `bind` carries a `wx.login` code and the openid becomes the principal (its token, its reminders);
 * report text goes through msgSecCheck on the same API (and token); refused codes are Chinese sentences.
 */
import type { InviteView, MeView } from '../../core/api/contract';
import { bootstrapUser } from '../../core/usecases/bootstrapUser';
import { seedDirectory } from '../../core/usecases/seedDirectory';
import { demoDirectory } from '../../data';
import { issueToken, verifyToken } from '../auth/tokens';
import { localReminders } from '../scheduler';
import { ok, post } from '../testing/http';
import { useServer } from '../testing/server';
import { WeChatStandIn } from '../testing/wechatStandIn';
import { wechatServices } from './index';
import { wechatLogin } from './login';

const APP = { appId: 'wx-self-hosted', secret: 'app-secret' };
let standIn: WeChatStandIn;
let admin: string;
let unitId: (name: string) => string;

const http = useServer('self-hosted-wechat', {
  async prepare() {
    standIn = await new WeChatStandIn({
      ...APP,
      riskyWords: ['违禁词'],
      codes: { 'login-a': 'oOPENID-furong', 'login-b': 'oOPENID-furong', 'login-c': 'oOPENID-tianxin' },
    }).start();
    const wechat = wechatServices({ ...APP, apiBase: standIn.url });
    const reminders = localReminders({}, wechat.messenger);
    return {
      messenger: reminders.messenger,
      reminders: reminders.reminders,
      contentCheck: wechat.contentCheck,
      login: wechatLogin(wechat.api, () => undefined),
    };
  },
});
beforeAll(async () => {
  const rt = http.server.runtime.rt;
  await seedDirectory(rt.store, demoDirectory());
  const units = await rt.store.listUnits();
  unitId = (name) => units.find((u) => u.name === name)?.id as string;
  await bootstrapUser(rt, 'sh-admin', unitId('市优化办'), 'admin', '管理员');
  admin = issueToken(http.secret, 'sh-admin');
});
afterAll(async () => {
  await standIn?.stop();
});

const invite = async (unit: string): Promise<string> =>
  (await ok<InviteView>(http.url, 'createInvite', { unitId: unitId(unit), role: 'contact' }, admin)).code;

it('binds the openid of the wx.login code, and the token stands for it', async () => {
  const bound = await ok<{ me: MeView; token: string }>(http.url, 'bind', {
    code: await invite('芙蓉区人民政府'),
    name: '刘联络',
    loginCode: 'login-a',
  });
  expect(verifyToken(http.secret, bound.token)).toBe('oOPENID-furong');
  expect(await http.server.runtime.store.getUserByPrincipal('oOPENID-furong')).toMatchObject({ name: '刘联络' });
  expect(standIn.of('/sns/jscode2session')[0].query).toMatchObject({ appid: APP.appId, js_code: 'login-a' });
  // the same WeChat user binding again (a new phone, a new code) is the same user
  const again = await ok<{ me: MeView; token: string }>(http.url, 'bind', {
    code: await invite('芙蓉区人民政府'),
    loginCode: 'login-b',
  });
  expect(again.me.user.id).toBe(bound.me.user.id);
});

it('refuses a used or unknown login code in a Chinese sentence, binding nobody', async () => {
  const code = await invite('天心区人民政府');
  const used = await post(http.url, 'bind', { code, loginCode: 'login-a' });
  expect(used.status).toBe(400);
  expect(used.body).toMatchObject({
    ok: false,
    error: { code: 'BAD_INPUT', message: expect.stringContaining('重新打开') },
  });
  const odd = await post(http.url, 'bind', { code, loginCode: 'not a code!' });
  expect(odd.status).toBe(400);
  // the invite is still unused
  const bound = await ok<{ token: string }>(http.url, 'bind', { code, loginCode: 'login-c' });
  expect(verifyToken(http.secret, bound.token)).toBe('oOPENID-tianxin');
});

it('checks free text with msgSecCheck on the same API, asking with the author’s openid', async () => {
  const before = standIn.of('/wxa/msg_sec_check').length;
  const urged = await post(http.url, 'saveUnit', { name: '违禁词办公室', kind: 'city' }, admin);
  expect(urged.status).toBe(422);
  expect(standIn.of('/wxa/msg_sec_check').length).toBeGreaterThan(before);
  expect(standIn.of('/wxa/msg_sec_check').at(-1)?.body).toMatchObject({ openid: 'sh-admin', version: 2 });
  expect(standIn.of('/cgi-bin/stable_token')).toHaveLength(1);
});
