/**
 * The CloudBase adapters one by one, on the cloud double: who the api function takes the caller to be, how it
 * answers errors, the remind function's guard and budget, files, content check and messenger.
 */
import { MessengerError } from '../../../core/ports/messenger';
import { createApiHandler } from './apiHandler';
import { CloudContentCheck } from './contentCheck';
import { CloudFiles, cloudFileName, parseFileId } from './files';
import { CloudMessenger } from './messenger';
import { budgetFor, createRemindHandler } from './remindHandler';
import { FakeCloud } from './testing/fakeCloud';
import { contractPlan } from '../../../core/ports/store.contract';
import { C } from './collections';
import { CloudStore } from './store';

describe('the api function', () => {
  it('takes the caller from getWXContext only: an openid in the event is ignored', async () => {
    const cloud = new FakeCloud();
    const api = createApiHandler(cloud, { env: { DUBAN_BOOTSTRAP_CODE: 'c0de' }, log: () => undefined });
    cloud.context = { OPENID: 'o-admin' };
    expect(await api({ action: 'bootstrap', payload: { code: 'c0de' } })).toMatchObject({ ok: true });
    cloud.context = { OPENID: 'o-stranger' };
    const spoofed = {
      action: 'me',
      payload: { openid: 'o-admin' },
      userInfo: { openId: 'o-admin' },
      openid: 'o-admin',
    };
    expect(await api(spoofed)).toMatchObject({ ok: false, error: { code: 'NOT_BOUND' } });
    cloud.context = {};
    expect(await api(spoofed)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('answers a DubanError with its code and Chinese message, anything else with INTERNAL, logged', async () => {
    const cloud = new FakeCloud({ requireCollections: true });
    const logged: string[] = [];
    const api = createApiHandler(cloud, { env: {}, log: (m) => logged.push(m) });
    cloud.context = { OPENID: 'o-1' };
    expect(await api({ action: 'noSuchThing' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
    expect(await api({})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    // a database without its collections: the SDK's error is not shown to the user
    const broken = await api({ action: 'me', payload: {} });
    expect(broken).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '服务器出了点问题，请稍后重试；如果一直这样，请联系管理员。' },
    });
    expect(logged.join('\n')).toContain('-502005');
    expect(await api({ action: 'bootstrap', payload: { code: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('DUBAN_BOOTSTRAP_CODE') },
    });
  });

  it('slows down guessing of the bootstrap code', async () => {
    const cloud = new FakeCloud();
    const api = createApiHandler(cloud, { env: { DUBAN_BOOTSTRAP_CODE: 'right' }, log: () => undefined });
    cloud.context = { OPENID: 'o-guess' };
    for (let i = 0; i < 5; i++) {
      expect(await api({ action: 'bootstrap', payload: { code: `w${i}` } })).toMatchObject({
        error: { code: 'INVITE_INVALID' },
      });
    }
    expect(await api({ action: 'bootstrap', payload: { code: 'right' } })).toMatchObject({
      error: { code: 'RATE_LIMITED' },
    });
  });
});

describe('the remind function', () => {
  it('refuses a call from the mini program and runs for the timer', async () => {
    const cloud = new FakeCloud();
    const remind = createRemindHandler(cloud, { env: {}, log: () => undefined });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    cloud.context = { OPENID: 'o-user', SOURCE: 'wx_client' };
    expect(await remind({})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    cloud.context = { SOURCE: 'wx_trigger' };
    expect(await remind({ Type: 'Timer', TriggerName: 'remind' })).toMatchObject({ ok: true, data: { sent: 0 } });
    jest.restoreAllMocks();
  });

  it('rebuilds the kept light counts when an operator invokes it with rebuildLightCounts, never for a user', async () => {
    const cloud = new FakeCloud();
    const remind = createRemindHandler(cloud, { env: {}, log: () => undefined });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const store = new CloudStore(cloud.db);
    await store.importPlan(contractPlan());
    await cloud.db
      .collection(C.lightCounts)
      .doc(cloud.db.all(C.lightCounts)[0]._id)
      .update({ data: { done: 50 } });
    cloud.context = { OPENID: 'o-user', SOURCE: 'wx_client' };
    expect(await remind({ action: 'rebuildLightCounts' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    cloud.context = {};
    const answer = await remind({ action: 'rebuildLightCounts' });
    const total = contractPlan().assignments.length;
    expect(answer).toMatchObject({ ok: true, data: { counts: { total, done: 0 } } });
    jest.restoreAllMocks();
  });

  it('keeps its budget below the function timeout', () => {
    expect(budgetFor({}, { time_limit_in_ms: 20_000 })).toBe(15_000);
    expect(budgetFor({}, { time_limit_in_ms: 60_000 })).toBe(50_000);
    expect(budgetFor({}, { time_limit_in_ms: 3_000 })).toBe(2_000);
    expect(budgetFor({}, {})).toBe(15_000);
    expect(budgetFor({ DUBAN_REMIND_BUDGET_MS: '8000' }, { time_limit_in_ms: 60_000 })).toBe(8_000);
  });
});

describe('files on cloud storage', () => {
  it('accepts a fileID only from the caller’s own upload folder in this environment, when the file exists', async () => {
    const cloud = new FakeCloud();
    const files = new CloudFiles(cloud, { env: cloud.env });
    const mine = cloud.putFile('uploads/o-1/photos/20260301/a.jpg', 'x');
    expect(await files.ownedBy(mine, 'o-1')).toBe(true);
    expect(await files.ownedBy(mine, 'o-2')).toBe(false);
    expect(await files.ownedBy(cloud.fileIdOf('uploads/o-1/photos/missing.jpg'), 'o-1')).toBe(false);
    expect(await files.ownedBy(cloud.putFile('uploads/o-1/../o-2/a.jpg', 'x'), 'o-1')).toBe(false);
    expect(await files.ownedBy(mine.replace(cloud.env, 'other-env-9z'), 'o-1')).toBe(false);
    expect(await files.ownedBy('https://example.com/a.jpg', 'o-1')).toBe(false);
    expect(parseFileId(mine)).toEqual({
      env: cloud.env,
      bucket: cloud.bucket,
      path: 'uploads/o-1/photos/20260301/a.jpg',
    });
  });

  it('fetches temp URLs 50 at a time and leaves out files that are gone', async () => {
    const cloud = new FakeCloud();
    const files = new CloudFiles(cloud);
    const ids = Array.from({ length: 120 }, (_, i) => cloud.putFile(`uploads/o-1/p/${i}.jpg`, 'x'));
    const urls = await files.urls([...ids, cloud.fileIdOf('uploads/o-1/p/gone.jpg'), ids[0]]);
    expect(Object.keys(urls)).toHaveLength(120);
    expect(cloud.tempUrlCalls.map((c) => c.length)).toEqual([50, 50, 21]);
  });

  it('reads an upload and saves an export under exports/', async () => {
    const cloud = new FakeCloud();
    const files = new CloudFiles(cloud, { stamp: () => ({ day: '20260301', random: 'r4nd' }) });
    const id = cloud.putFile('uploads/o-1/imports/plan.txt', '工作阶段');
    expect(Buffer.from(await files.read(id)).toString()).toBe('工作阶段');
    const saved = await files.saveExport('督办通报 3月.docx', new Uint8Array([1, 2, 3]));
    expect(saved.fileId).toBe(cloud.fileIdOf('exports/20260301/r4nd-督办通报_3月.docx'));
    expect(saved.url).toContain('exports/20260301/r4nd-');
  });

  it('keeps only the characters cloud paths allow in an export name (a whitelist)', () => {
    expect(cloudFileName('督办通情况通报-2026-03-01.xlsx')).toBe('督办通情况通报-2026-03-01.xlsx');
    expect(cloudFileName('通报（第3期）#1 %20 & ~/..\\x.xlsx')).toBe('通报_第3期_1_20_._x.xlsx');
    expect(cloudFileName('😀 emoji\u0000ctl→.xlsx')).toBe('emoji_ctl_.xlsx');
    expect(cloudFileName('../..')).toBe('export');
    expect(cloudFileName('')).toBe('export');
    expect(Array.from(cloudFileName('长'.repeat(100) + '.xlsx'))).toHaveLength(80);
    for (const name of ['a b', 'a/b', 'a?b', 'a:b', "a'b", 'a+b', 'a=b', 'a@b']) {
      expect(cloudFileName(name)).toMatch(/^[0-9A-Za-z\-!_.*\u3400-\u9fff]+$/u);
    }
  });
});

describe('content check (msgSecCheck v2)', () => {
  it('asks with version 2, scene 2 and the caller’s openid, in parts of 2500 characters, worst verdict wins', async () => {
    const cloud = new FakeCloud();
    cloud.verdict = (text) => (text.includes('违规') ? 'risky' : 'pass');
    const check = new CloudContentCheck(cloud, () => undefined);
    expect(await check.checkText('已完成台账建设', 'o-1')).toBe('pass');
    expect(cloud.checks[0]).toEqual({ version: 2, openid: 'o-1', scene: 2, content: '已完成台账建设' });
    expect(await check.checkText(`${'好'.repeat(2600)}违规`, 'o-1')).toBe('risky');
    expect(cloud.checks.slice(1).map((c) => [...c.content].length)).toEqual([2500, 102]);
    expect(await check.checkText('   ', 'o-1')).toBe('pass');
  });

  it('does not let text through when WeChat cannot be asked', async () => {
    const cloud = new FakeCloud();
    cloud.openapi.security.msgSecCheck = async () => {
      throw Object.assign(new Error('fail'), { errCode: 61010, errMsg: 'user is not accessed in 2 hours' });
    };
    await expect(new CloudContentCheck(cloud, () => undefined).checkText('进展', 'o-1')).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });
});

describe('subscription messages', () => {
  const message = {
    key: 'due:a:2026-03-05:3:u',
    kind: 'due' as const,
    touser: 'o-1',
    templateId: 'T1',
    page: 'pages/task/index?id=t1',
    data: { thing1: { value: '任务' } },
  };

  it('sends with the template id, page, data and the configured mini program state', async () => {
    const cloud = new FakeCloud();
    await new CloudMessenger(cloud, 'developer').send(message);
    expect(cloud.sent[0]).toMatchObject({
      touser: 'o-1',
      templateId: 'T1',
      page: 'pages/task/index?id=t1',
      data: { thing1: { value: '任务' } },
      miniprogramState: 'developer',
    });
  });

  it('turns the errCode WeChat throws into a MessengerError with that code', async () => {
    const cloud = new FakeCloud();
    cloud.sendFailure = () => ({ errCode: 43101, errMsg: 'user refuse to accept the msg' });
    const err = await new CloudMessenger(cloud).send(message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessengerError);
    expect(err).toMatchObject({ errCode: 43101 });
    expect((err as Error).message).toContain('43101');
  });

  it('sends a batch a few at a time, each message’s error in its place', async () => {
    const cloud = new FakeCloud();
    cloud.sendFailure = (p) =>
      p.touser === 'o-2' ? { errCode: 47003, errMsg: 'argument invalid! data.thing1' } : null;
    const batch = ['o-1', 'o-2', 'o-3'].map((touser, i) => ({ ...message, key: `k${i}`, touser }));
    const errors = await new CloudMessenger(cloud).sendMany(batch);
    expect(errors.map((e) => (e === null ? null : (e as MessengerError).errCode))).toEqual([null, 47003, null]);
    expect(cloud.sent.map((m) => m.touser).sort()).toEqual(['o-1', 'o-3']);
  });
});
