/**
 * The Store contract through the REAL wx-server-sdk 4.0.2: the adapters' queries are serialised by the SDK and
 * its answers parsed by the SDK, exactly as in a cloud function; only the HTTP call to the CloudBase service is
 * replaced by an in-memory server (testing/wireServer.ts). What this cannot show is the real service's own
 * behaviour (store.tcb.test.ts does, with an environment and keys).
 */
import { runStoreContract } from '../../../core/ports/store.contract';
import type { CloudDatabase, CloudSdk } from './cloud';
import { C } from './collections';
import { CloudReminderStore } from './reminders';
import { CloudStore } from './store';
import { WireServer } from './testing/wireServer';

const cloud = require('wx-server-sdk') as CloudSdk & { init(config: Record<string, unknown>): void };
cloud.init({ env: 'duban-wire-test', secretId: 'offline', secretKey: 'offline' });
const db = cloud.database({ throwOnNotFound: false });
const { Db } = require('@cloudbase/database') as {
  Db: { reqClass: { prototype: { send(api: string, params?: Record<string, unknown>): Promise<unknown> } } };
};
let server = new WireServer();
Db.reqClass.prototype.send = async (api: string, params?: Record<string, unknown>) => server.handle(api, params);

runStoreContract('CloudBase store through the real wx-server-sdk (in-memory service behind it)', async () => {
  server = new WireServer();
  return new CloudStore(db);
});

describe('through the real SDK', () => {
  beforeEach(() => {
    server = new WireServer();
  });

  it('sends the queries as MongoDB documents, 100 at most per page', async () => {
    const store = new CloudStore(db);
    for (let i = 0; i < 120; i++) await store.saveUnit({ id: `u${i}`, name: `单位${i}`, aliases: [], kind: 'city' });
    server.requests.length = 0;
    expect(await store.listUnits()).toHaveLength(120);
    const gets = server.requests.filter((r) => r.api === 'database.getDocument');
    expect(gets.map((g) => [g.params.offset, g.params.limit])).toEqual([
      [undefined, 100],
      [100, 100],
    ]);
    expect(JSON.parse(String(gets[0].params.query))).toEqual({ live: true });
    await store.listAssignments({ q: '12345', unitIds: ['u1'] }, { offset: 0, limit: 20 });
    const q = server.requests.filter((r) => r.api === 'database.calculateDocument').pop();
    expect(JSON.parse(String(q?.params.query))).toEqual({
      $and: [
        { live: true },
        { unitId: { $in: ['u1'] } },
        {
          $or: [
            { taskContent: { $regularExpression: { pattern: '12345', options: 'i' } } },
            { taskStage: { $regularExpression: { pattern: '12345', options: 'i' } } },
          ],
        },
      ],
    });
  });

  it('claims a message key once when two passes race, the SDK retrying the losing transaction', async () => {
    const store = new CloudStore(db as CloudDatabase);
    const reminders = new CloudReminderStore(store);
    await reminders.setCredits('user-1', 'T', 5, '2026-03-01T00:00:00.000Z');
    const claim = {
      message: {
        key: 'due:a1:2026-03-05:3:user-1',
        kind: 'due' as const,
        touser: 'o-1',
        templateId: 'T',
        page: 'pages/task/index?id=t1',
        data: { thing1: { value: '任务' } },
      },
      userId: 'user-1',
      assignmentId: 'a1',
      at: '2026-03-01T00:00:00.000Z',
    };
    const outcomes = await Promise.all([reminders.claim(claim, true), reminders.claim(claim, true)]);
    expect(outcomes.sort()).toEqual(['claimed', 'exists']);
    expect(await reminders.creditsOf('user-1')).toEqual({ T: 4 });
    expect(server.db.all(C.reminders).map((d) => d._id)).toEqual([claim.message.key]);
    // the loser's commit met a conflict and the SDK ran its transaction again, which found the key
    expect(server.requests.filter((r) => r.api === 'database.startTransaction')).toHaveLength(3);
  });
});
