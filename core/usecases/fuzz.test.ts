/**
 * Random payloads for every action from every kind of caller: answers are data or a DubanError that says what to
 * do, never an internal error.
 */
import fc from 'fast-check';
import type { ActionName } from '../api/contract';
import type { User } from '../model';
import { SqliteReminderStore } from '../../server/store/sqlite/reminders';
import { makeTestRuntime, type SmallPlan, type TestWorld } from '../../server/store/sqlite/testing';
import { servedActions } from './index';

let w: TestWorld;
let plan: SmallPlan;
let users: (User | null)[];
beforeAll(async () => {
  w = await makeTestRuntime({ reminders: (s) => new SqliteReminderStore(s) });
  plan = await w.importSmallPlan();
  users = [
    null,
    await w.addUser('district-furong', 'contact'),
    await w.addUser('city-bianban', 'contact'),
    await w.addUser('city-ducha', 'supervisor'),
    await w.addUser('city-ducha', 'admin'),
    await w.addUser('city-youhua', 'viewer'),
  ];
});
afterAll(() => w.close());

/** Values that look like the real ones: ids that exist, dates, codes, and junk. */
function value(): fc.Arbitrary<unknown> {
  const ids = Object.values(plan.a).slice(0, 5);
  return fc.oneof(
    fc.constantFrom(
      ...ids,
      't1',
      't2',
      'city-bianban',
      'group-districts',
      '2026-04-30',
      '2026-02-30',
      'accept',
      'return',
    ),
    fc.string({ maxLength: 30 }),
    fc.integer({ min: -5, max: 200 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.constantFrom(...ids, 'x'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  );
}

const KEYS = [
  'code',
  'name',
  'light',
  'role',
  'stage',
  'q',
  'page',
  'pageSize',
  'taskId',
  'assignmentId',
  'assignmentIds',
  'requestId',
  'text',
  'photos',
  'percent',
  'claimDone',
  'reportId',
  'decision',
  'reason',
  'newDue',
  'extensionId',
  'approve',
  'note',
  'message',
  'fileName',
  'base64',
  'fileId',
  'previewId',
  'unitMappings',
  'createUnknown',
  'id',
  'aliases',
  'kind',
  'targetId',
  'alias',
  'groupId',
  'members',
  'keepUnitIds',
  'unitId',
  'ttlDays',
  'yellowDays',
  'templates',
  'results',
  'sendFromHour',
  'sendToHour',
  'reminderOffsets',
];

it('never answers with an internal error', async () => {
  const actions = servedActions() as string[];
  const payload = fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...KEYS), value(), { maxKeys: 5 }));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...actions, 'nope', 'constructor'),
      fc.integer({ min: 0, max: users.length - 1 }),
      payload,
      async (action, who, body) => {
        try {
          await w.call(users[who], action as ActionName, body);
        } catch (e) {
          const err = e as { code?: string; message?: string; cause?: Error };
          if (err.code === 'INTERNAL') throw new Error(`${action}: ${err.cause?.stack ?? err.message}`);
          expect(err.code).toMatch(/^[A-Z_]+$/);
        }
      },
    ),
    { numRuns: 2000 },
  );
});
