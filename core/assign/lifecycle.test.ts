import type { AssignmentStatus } from '../model';
import {
  allowed,
  ASSIGNMENT_STATUSES,
  LIFECYCLE_EVENTS,
  requireTransition,
  transition,
  type LifecycleEvent,
} from './lifecycle';

const NOW = '2026-03-10T02:00:00.000Z';
const SIGNED = '2026-03-01T02:00:00.000Z';

/**
 * The lifecycle written out independently of lifecycle.ts: for each event, the status it leads to from each status
 * ('=' allowed and the status stays, '-' refused). Order: assigned, acknowledged, in_progress, claimed, closed.
 */
const TABLE: Record<LifecycleEvent, string> = {
  acknowledge: 'acknowledged - - - -',
  report: 'in_progress in_progress in_progress - -',
  claim: 'claimed claimed claimed - -',
  accept: '- - - closed -',
  return: '- - - in_progress -',
  requestExtension: '= = = = -',
  urge: '= = = = -',
  split: '= = = - -',
};

describe('the assignment lifecycle', () => {
  it('has a row for every event and a cell for every status', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...LIFECYCLE_EVENTS].sort());
    for (const e of LIFECYCLE_EVENTS) expect(TABLE[e].split(' ')).toHaveLength(ASSIGNMENT_STATUSES.length);
  });

  for (const event of LIFECYCLE_EVENTS) {
    describe(event, () => {
      ASSIGNMENT_STATUSES.forEach((status, i) => {
        const cell = TABLE[event].split(' ')[i];
        it(`from ${status}: ${cell === '-' ? 'refused' : cell === '=' ? 'allowed, status stays' : `→ ${cell}`}`, () => {
          const a = { status, acknowledgedAt: status === 'assigned' ? null : SIGNED };
          const r = transition(a, event, NOW);
          expect(allowed(a, event)).toBe(cell !== '-');
          if (cell === '-') {
            expect(r.ok).toBe(false);
            if (!r.ok) {
              expect([r.error.code, r.error.status]).toEqual(['CONFLICT', 409]);
              expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
              expect(r.error.message).not.toContain('你');
            }
            expect(() => requireTransition(a, event, NOW)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
          } else {
            expect(r.ok).toBe(true);
            if (r.ok) {
              expect(r.patch.status).toBe(cell === '=' ? undefined : (cell as AssignmentStatus));
              expect(r.from).toContain(status);
            }
          }
        });
      });
    });
  }

  it('签收 stamps the time; the first report or claim signs implicitly, a later one keeps the first stamp', () => {
    expect(requireTransition({ status: 'assigned', acknowledgedAt: null }, 'acknowledge', NOW).patch).toEqual({
      status: 'acknowledged',
      acknowledgedAt: NOW,
    });
    for (const event of ['report', 'claim'] as const) {
      expect(requireTransition({ status: 'assigned', acknowledgedAt: null }, event, NOW).patch.acknowledgedAt).toBe(
        NOW,
      );
      expect(requireTransition({ status: 'in_progress', acknowledgedAt: SIGNED }, event, NOW).patch).not.toHaveProperty(
        'acknowledgedAt',
      );
    }
  });

  it('accepting closes at 100 %; returning only moves the status back', () => {
    expect(requireTransition({ status: 'claimed', acknowledgedAt: SIGNED }, 'accept', NOW).patch).toEqual({
      status: 'closed',
      closedAt: NOW,
      percent: 100,
    });
    expect(requireTransition({ status: 'claimed', acknowledgedAt: SIGNED }, 'return', NOW).patch).toEqual({
      status: 'in_progress',
    });
  });

  it('the refusals say why: closed, or a claim waiting for review', () => {
    const closed = { status: 'closed' as const, acknowledgedAt: SIGNED };
    const claimed = { status: 'claimed' as const, acknowledgedAt: SIGNED };
    const message = (a: typeof closed | typeof claimed, e: LifecycleEvent) => {
      const r = transition(a, e, NOW);
      return r.ok ? '' : r.error.message;
    };
    expect(message(closed, 'report')).toContain('已办结');
    expect(message(closed, 'requestExtension')).toContain('已办结');
    expect(message(claimed, 'report')).toContain('等待审核');
    expect(message(claimed, 'claim')).toContain('无需重复申请');
    expect(message({ status: 'in_progress', acknowledgedAt: SIGNED } as never, 'accept')).toContain('没有等待审核');
  });
});
