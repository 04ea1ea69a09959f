/**
 * The reminder pass (core/remind/pass.ts) over the CloudBase ReminderStore and Messenger, on the in-memory cloud
 * double holding the 2018 Changsha table: WeChat's answers come back as the SDK throws them (`errCode`), so the
 * errcode mapping is exercised too. Everything runs twice: on the double's database, and on the real
 * wx-server-sdk 4.0.2 database layer with an in-memory CloudBase service behind it (testing/wireServer.ts).
 */
import { runReminderPass, type PassDeps } from '../../../core/remind/pass';
import { checkMessageData } from '../../../core/remind/format';
import { DEFAULT_SETTINGS, type Assignment } from '../../../core/model';
import { beijingInstant } from '../../../core/time';
import { consumeInvite } from '../../../core/usecases/inviteRules';
import { demoDirectory } from '../../../data';
import { reminderTemplates, seedPlanRecords } from '../../../server/store/sqlite/remindersFixture';
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
const AT = '2018-01-01T00:00:00.000Z';
const plusMinutes = (at: string, m: number) => new Date(Date.parse(at) + m * 60_000).toISOString();
const TEMPLATES = ['TMPL-DUE', 'TMPL-OVERDUE', 'TMPL-URGE', 'TMPL-REVIEW', 'TMPL-EXTENSION', 'TMPL-PERIODIC'];

let cloud: FakeCloud;
/** Where the documents are, whichever way the store reaches them. */
let data: FakeDatabase;
let store: CloudStore;
let reminders: CloudReminderStore;
let assignments: Assignment[];
let deps: PassDeps;

async function seed(backend: Backend): Promise<void> {
  cloud = new FakeCloud();
  let database: CloudDatabase;
  if (backend === 'the real wx-server-sdk') {
    server = new WireServer();
    data = server.db;
    database = sdkDatabase;
  } else {
    data = cloud.db;
    database = cloud.db;
  }
  store = new CloudStore(database);
  reminders = new CloudReminderStore(store);
  const directory = demoDirectory();
  for (const u of directory.units) await store.saveUnit(u);
  for (const g of directory.groups) await store.saveGroup(g);
  const plan = seedPlanRecords();
  assignments = plan.assignments;
  await store.importPlan({
    plan: { id: 'plan-2018', title: '责任分解表', fingerprint: 'seed-2018', importedAt: AT, importedBy: 'admin' },
    ...plan,
    newUnits: [],
    audit: { id: 'audit-import', at: AT, actorId: null, action: 'confirmImport', target: 'plan:plan-2018', detail: {} },
  });
  for (const unitId of [...new Set(assignments.map((a) => a.unitId))]) {
    const code = `CODE-${unitId}`;
    await store.createInvite({
      code,
      unitId,
      role: 'contact',
      createdBy: 'admin',
      createdAt: AT,
      expiresAt: '2030-01-01T00:00:00.000Z',
      usedBy: null,
      usedAt: null,
      revokedAt: null,
    });
    const user = {
      id: `u-${unitId}`,
      principal: `openid-${unitId}`,
      unitId,
      role: 'contact' as const,
      name: '联络员',
      createdAt: AT,
    };
    await consumeInvite(store, code, AT, user);
  }
  await store.saveSettings({ ...DEFAULT_SETTINGS, templates: reminderTemplates() });
  deps = { reminders, messenger: new CloudMessenger(cloud) };
}

async function credit(unitId: string, n: number): Promise<void> {
  for (const t of TEMPLATES) await reminders.setCredits(`u-${unitId}`, t, n, NOW);
}

const furongDue = () => assignments.filter((a) => a.unitId === 'district-furong' && a.dueDate === '2018-04-30');

type Backend = 'the cloud double' | 'the real wx-server-sdk';

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

  it('two passes started together send nothing twice', async () => {
    for (const unitId of ['district-furong', 'district-tianxin', 'city-zwfw']) await credit(unitId, 50);
    const [a, b] = await Promise.all([runReminderPass(deps, { now: NOW }), runReminderPass(deps, { now: NOW })]);
    const keys = data.all(C.reminders).filter((d) => d.status === 'sent');
    expect(a.sent + b.sent).toBe(keys.length);
    expect(cloud.sent).toHaveLength(keys.length);
    const touserAndPage = cloud.sent.map((m) => `${m.touser}|${m.page}`);
    expect(new Set(touserAndPage).size).toBe(touserAndPage.length);
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

  it('stops at its time budget and the next runs resume, sending each message once', async () => {
    await credit('district-furong', 50);
    await credit('district-tianxin', 50);
    let ms = 0;
    const slow = { ...deps, timer: () => (ms += 400) };
    const first = await runReminderPass(slow, { now: NOW, budgetMs: 4_000, batchSize: 20 });
    expect(first.complete).toBe(false);
    let passes = 1;
    let last = first;
    while (!last.complete && passes < 50) {
      ms = 0;
      last = await runReminderPass(slow, { now: plusMinutes(NOW, passes * 10), budgetMs: 4_000, batchSize: 20 });
      passes++;
    }
    expect(last.complete).toBe(true);
    const due = assignments.filter(
      (a) => ['district-furong', 'district-tianxin'].includes(a.unitId) && a.dueDate === '2018-04-30',
    );
    expect(cloud.sent).toHaveLength(due.length);
    expect(new Set(data.all(C.reminders).map((d) => d._id)).size).toBe(due.length);
  });
});
