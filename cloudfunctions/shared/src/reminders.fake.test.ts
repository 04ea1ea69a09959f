/**
 * The reminder pass (core/remind/pass.ts) over the CloudBase ReminderStore and Messenger, on the in-memory cloud
 * double holding the 2018 Changsha table: WeChat's answers come back as the SDK throws them (`errCode`), so the
 * errcode mapping is exercised too. Everything runs twice: on the double's database, and on the real
 * wx-server-sdk 4.0.2 database layer with an in-memory CloudBase service behind it (testing/wireServer.ts).
 * The ReminderStore contract (core/ports/reminders.contract.ts) runs on both; the cases here are the CloudBase
 * ones: messages through subscribeMessage.send, records keyed by message key, WeChat's errcodes as thrown.
 */
import { runReminderPass, type PassDeps } from '../../../core/remind/pass';
import { checkMessageData } from '../../../core/remind/format';
import type { Assignment } from '../../../core/model';
import { runReminderStoreContract } from '../../../core/ports/reminders.contract';
import { seedReminderWorld } from '../../../core/testing/reminderSeed';
import { beijingInstant } from '../../../core/time';
import { C } from './collections';
import { CloudMessenger } from './messenger';
import { CloudReminderStore } from './reminders';
import { CloudStore } from './store';
import type { CloudDatabase, CloudSdk } from './cloud';
import { FakeCloud, type FakeDatabase } from './testing/fakeCloud';
import { WireServer } from './testing/wireServer';

const sdk = require('wx-server-sdk') as CloudSdk & { init(config: Record<string, unknown>): void };
sdk.init({ env: 'duban-wire-test', secretId: 'offline', secretKey: 'offline' });
const sdkDatabase = sdk.database({ throwOnNotFound: false });
const { Db } = require('@cloudbase/database') as {
  Db: { reqClass: { prototype: { send(api: string, params?: Record<string, unknown>): Promise<unknown> } } };
};
let server = new WireServer();
Db.reqClass.prototype.send = async (api: string, params?: Record<string, unknown>) => server.handle(api, params);

/** 2018-04-27 10:00 Beijing: three days before the tasks due at the end of April. */
const NOW = beijingInstant('2018-04-27', 10);
const plusMinutes = (at: string, m: number) => new Date(Date.parse(at) + m * 60_000).toISOString();
const TEMPLATES = ['TMPL-DUE', 'TMPL-OVERDUE', 'TMPL-URGE', 'TMPL-REVIEW', 'TMPL-EXTENSION', 'TMPL-PERIODIC'];

let cloud: FakeCloud;
/** Where the documents are, whichever way the store reaches them. */
let data: FakeDatabase;
let store: CloudStore;
let reminders: CloudReminderStore;
let assignments: Assignment[];
let deps: PassDeps;

/** A database of the backend: the double's, or the real SDK's talking to a fresh in-memory service. */
function databaseOf(backend: Backend): { database: CloudDatabase; data: FakeDatabase } {
  if (backend === 'the real wx-server-sdk') {
    server = new WireServer();
    return { database: sdkDatabase, data: server.db };
  }
  const db = new FakeCloud().db;
  return { database: db, data: db };
}

async function seed(backend: Backend): Promise<void> {
  cloud = new FakeCloud();
  let database: CloudDatabase;
  if (backend === 'the real wx-server-sdk') {
    ({ database, data } = databaseOf(backend));
  } else {
    data = cloud.db;
    database = cloud.db;
  }
  store = new CloudStore(database);
  reminders = new CloudReminderStore(store);
  ({ assignments } = await seedReminderWorld(store));
  deps = { reminders, messenger: new CloudMessenger(cloud) };
}

async function credit(unitId: string, n: number): Promise<void> {
  for (const t of TEMPLATES) await reminders.setCredits(`u-${unitId}`, t, n, NOW);
}

const furongDue = () => assignments.filter((a) => a.unitId === 'district-furong' && a.dueDate === '2018-04-30');

type Backend = 'the cloud double' | 'the real wx-server-sdk';

for (const backend of ['the cloud double', 'the real wx-server-sdk'] as const) {
  runReminderStoreContract(`CloudBase on ${backend}`, async () => {
    const s = new CloudStore(databaseOf(backend).database);
    const r = new CloudReminderStore(s);
    return {
      store: s,
      reminders: r,
      setCredits: (userId, templateId, n, at) => r.setCredits(userId, templateId, n, at),
    };
  });
}

describe.each<Backend>(['the cloud double', 'the real wx-server-sdk'])('a reminder pass on %s', (backend) => {
  beforeEach(() => seed(backend), 60_000);

  it('sends each due reminder once, through subscribeMessage.send, within the value rules', async () => {
    await credit('district-furong', 50);
    const first = await runReminderPass(deps, { now: NOW });
    expect(first.sent).toBe(furongDue().length);
    expect(cloud.sent.map((m) => m.touser)).toEqual(furongDue().map(() => 'openid-district-furong'));
    expect(cloud.sent.every((m) => m.templateId === 'TMPL-DUE' && m.miniprogramState === 'formal')).toBe(true);
    expect(cloud.sent.every((m) => checkMessageData(m.data).length === 0)).toBe(true);
    expect(
      data
        .all(C.reminders)
        .map((d) => d._id)
        .sort(),
    ).toEqual(
      furongDue()
        .map((a) => `due:${a.id}:2018-04-30:3:u-district-furong`)
        .sort(),
    );
    const second = await runReminderPass(deps, { now: plusMinutes(NOW, 10) });
    expect(second).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
    expect(await reminders.creditsOf('u-district-furong')).toMatchObject({ 'TMPL-DUE': 50 - furongDue().length });
  });

  it('43101 from WeChat zeroes that credit and records the message as skipped, not retried', async () => {
    await credit('district-furong', 50);
    cloud.sendFailure = () => ({ errCode: 43101, errMsg: 'user refuse to accept the msg' });
    const result = await runReminderPass(deps, { now: NOW });
    expect(result.skipped).toBeGreaterThan(0);
    expect((await reminders.creditsOf('u-district-furong'))['TMPL-DUE']).toBe(0);
    const record = data.all(C.reminders)[0];
    expect(record).toMatchObject({ status: 'skipped', errCode: 43101 });
    cloud.sendFailure = null;
    expect(await runReminderPass(deps, { now: plusMinutes(NOW, 30) })).toMatchObject({ sent: 0 });
  });

  it('47003 is a failure naming the field, with the credit given back for the next message', async () => {
    await credit('district-furong', 1);
    cloud.sendFailure = () => ({ errCode: 47003, errMsg: 'argument invalid! data.thing1.value exceeds limit' });
    const result = await runReminderPass(deps, { now: NOW });
    // the one credit is held by each claim in turn and given back after each refusal
    expect(result.failed).toBeGreaterThan(1);
    const records = data.all(C.reminders);
    expect(records).toHaveLength(result.failed);
    for (const r of records) {
      expect(r).toMatchObject({ status: 'failed', errCode: 47003, creditHeld: false });
      expect(String(r.error)).toContain('thing1');
    }
    expect((await reminders.creditsOf('u-district-furong'))['TMPL-DUE']).toBe(1);
  });

  it.each([
    [40003, 'invalid openid', 'openid'],
    [40037, 'invalid template_id', '模板 ID'],
  ])('%i is permanent: failed at the first send, not retried, the credit given back', async (code, msg, word) => {
    await credit('district-furong', 1);
    cloud.sendFailure = () => ({ errCode: code, errMsg: msg });
    const result = await runReminderPass(deps, { now: NOW });
    expect(result.retrying).toBe(0);
    expect(result.failed).toBeGreaterThan(0);
    const failed = data.all(C.reminders);
    expect(failed).toHaveLength(result.failed);
    for (const r of failed) {
      expect(r).toMatchObject({ status: 'failed', errCode: code, creditHeld: false });
      expect(String(r.error)).toContain(word);
    }
    cloud.sendFailure = null;
    // a later pass does not try them again
    await runReminderPass(deps, { now: plusMinutes(NOW, 30) });
    for (const r of failed) {
      expect(data.all(C.reminders).find((d) => d._id === r._id)).toMatchObject({ status: 'failed', errCode: code });
    }
  });
});
