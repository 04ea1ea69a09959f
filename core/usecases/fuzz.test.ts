/**
 * Random payloads for every action from every kind of caller: answers are data or a DubanError that says what to
 * do, never an internal error.
 */
import fc from 'fast-check';
import type { ActionName } from '../api/contract';
import type { User } from '../model';
import { useWorld } from '../testing/world';
import { servedActions } from './index';

const {
  w,
  plan,
  users: u,
} = useWorld({
  shared: true,
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact'],
    bianban: ['city-bianban', 'contact'],
    supervisor: ['city-ducha', 'supervisor'],
    admin: ['city-ducha', 'admin'],
    viewer: ['city-youhua', 'viewer'],
  },
});
const users: (User | null)[] = [null, u.furong, u.bianban, u.supervisor, u.admin, u.viewer];

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
