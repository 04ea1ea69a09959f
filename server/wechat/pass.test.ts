/**
 * A reminder pass through the WeChat Messenger against the stand-in: what WeChat answers (43101, 47003, an expired
 * token) ends up in the reminder log as on CloudBase, and the token is fetched once per pass, once more on 40001.
 */
import { runReminderPass } from '../../core/remind/pass';
import { beijingInstant } from '../../core/time';
import { openSeededDb, type SeededDb } from '../store/sqlite/remindersFixture';
import { WeChatStandIn } from '../testing/wechatStandIn';
import { wechatServices } from './index';

/** 2018-04-27 10:00 Beijing: three days before the tasks due at the end of April. */
const NOW = beijingInstant('2018-04-27', 10);
const APP = { appId: 'wx-pass', secret: 'pass-secret' };

let db: SeededDb;
let standIn: WeChatStandIn;
let answer: (body: Record<string, unknown>) => Record<string, unknown> | null;
beforeEach(async () => {
  answer = () => null;
  db = await openSeededDb(':memory:');
  for (const c of db.contacts) db.reminders.setCredits(c.id, 'TMPL-DUE', 5, NOW);
  standIn = await new WeChatStandIn({ ...APP, onSend: (b) => answer(b) }).start();
});
afterEach(async () => {
  db.store.close();
  await standIn.stop();
});

const pass = (at = NOW) =>
  runReminderPass(
    { reminders: db.reminders, messenger: wechatServices({ ...APP, apiBase: standIn.url }).messenger },
    { now: at, batchSize: 500 },
  );
const records = () =>
  db.store.db.prepare('SELECT key, touser, status, err_code AS errCode, error FROM reminder_messages').all() as {
    key: string;
    touser: string;
    status: string;
    errCode: number | null;
    error: string | null;
  }[];

it('sends every due message with one token; 43101 is skipped and 47003 failed naming the field', async () => {
  const [refuser, badData] = db.contacts.map((c) => c.principal);
  answer = (b) =>
    b.touser === refuser
      ? { errcode: 43101, errmsg: 'user refuse to accept the msg' }
      : b.touser === badData
        ? { errcode: 47003, errmsg: 'argument invalid! data.thing1.value is emtpy' }
        : null;
  const result = await pass();
  const sends = standIn.of('/cgi-bin/message/subscribe/send');
  expect(result.sent).toBeGreaterThan(5);
  expect(sends).toHaveLength(result.sent + result.skipped + result.failed);
  expect(standIn.of('/cgi-bin/stable_token')).toHaveLength(1);
  const rows = records();
  const skipped = rows.filter((r) => r.status === 'skipped');
  const failed = rows.filter((r) => r.status === 'failed');
  expect(skipped.length).toBeGreaterThan(0);
  expect(skipped.every((r) => r.errCode === 43101 && r.touser === refuser)).toBe(true);
  expect(failed.length).toBeGreaterThan(0);
  expect(failed.every((r) => r.errCode === 47003 && r.touser === badData && String(r.error).includes('thing1'))).toBe(
    true,
  );
});

it('a token that expires mid-pass is refreshed once and nothing is lost', async () => {
  let n = 0;
  answer = () => {
    n += 1;
    if (n === 3) standIn.expireToken();
    return null;
  };
  const result = await pass();
  expect(result.failed + result.retrying + result.skipped).toBe(0);
  expect(standIn.of('/cgi-bin/stable_token')).toHaveLength(2);
  const sends = standIn.of('/cgi-bin/message/subscribe/send');
  // the one refused with 40001 was sent again with the new token
  // three sent with the first token, the rest (the refused one again among them) with the second
  expect(sends.filter((s) => s.query.access_token === 'TOKEN-1')).toHaveLength(4);
  expect(sends.filter((s) => s.query.access_token === 'TOKEN-2')).toHaveLength(result.sent - 3);
  expect(records().every((r) => r.status === 'sent')).toBe(true);
});
