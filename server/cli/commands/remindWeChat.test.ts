/**
 * `npx duban remind` on a fresh demo database with WeChat settings in the environment: the messages go to WeChat's
 * server API (a stand-in on 127.0.0.1, DUBAN_WECHAT_API) as `POST /cgi-bin/message/subscribe/send?access_token=…`
 * with `touser`, `template_id`, `page`, `data: { key: { value } }`, the token fetched once; nothing in the outbox.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkMessageData } from '../../../core/remind/format';
import { addDays, beijingDate, beijingInstant } from '../../../core/time';
import { WeChatStandIn } from '../../testing/wechatStandIn';

const run = promisify(execFile);
const BIN = resolve(__dirname, '../../../bin/duban.js');
const APP = { appId: 'wx-demo-app', secret: 'demo-app-secret' };

let dir: string;
let standIn: WeChatStandIn;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-remind-wechat-'));
  standIn = await new WeChatStandIn(APP).start();
});
afterAll(async () => {
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

const duban = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [BIN, ...args], { cwd: resolve(__dirname, '../../..'), env: { ...process.env, ...env } });

it('sends the demo’s reminders to WeChat with one token, and records nothing in the outbox', async () => {
  const db = join(dir, 'duban.db');
  await duban({}, 'demo', '--db', db);
  // tomorrow 10:00 Beijing: within the sending hours, after everything the demo's history holds
  const now = beijingInstant(addDays(beijingDate(new Date()), 1), 10);
  const env = {
    DUBAN_WECHAT_APPID: APP.appId,
    DUBAN_WECHAT_SECRET: APP.secret,
    DUBAN_WECHAT_API: standIn.url,
  };
  const out = await duban(env, 'remind', '--db', db, '--now', now, '--json');
  const result = JSON.parse(out.stdout) as { sent: number; skipped: number; failed: number };
  const sends = standIn.of('/cgi-bin/message/subscribe/send');
  expect(result.sent).toBeGreaterThan(10);
  expect(result.failed).toBe(0);
  expect(sends).toHaveLength(result.sent);
  expect(standIn.of('/cgi-bin/stable_token')).toHaveLength(1);
  for (const s of sends) {
    expect(s.method).toBe('POST');
    expect(s.query).toEqual({ access_token: 'TOKEN-1' });
    expect(Object.keys(s.body ?? {})).toEqual(
      expect.arrayContaining(['touser', 'template_id', 'page', 'data', 'miniprogram_state']),
    );
    expect(String(s.body?.template_id)).toMatch(/^DEMO-TMPL-/);
    expect(String(s.body?.page)).toMatch(/^pages\/task\/index\?id=/);
    const data = s.body?.data as Record<string, { value: string }>;
    expect(Object.values(data).every((v) => typeof v.value === 'string')).toBe(true);
    expect(checkMessageData(data)).toEqual([]);
  }
  const outbox = JSON.parse((await duban({}, 'outbox', '--db', db, '--json')).stdout) as unknown[];
  expect(outbox).toEqual([]);
  // the text output says where the messages went
  const again = await duban(env, 'remind', '--db', db, '--now', now);
  expect(again.stdout).toContain('发往微信');
}, 120_000);
