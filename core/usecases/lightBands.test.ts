import type { Light } from '../model';
import { lightOf } from '../lights/lights';
import { addDays, beijingInstant } from '../time';
import { inDueBand } from '../ports/store';
import { lightBands, lightQuery } from './lightBands';

describe('the due-date bands of the lights agree with lightOf', () => {
  it.each([0, 3, 7])('for every day from 30 days overdue to 30 days ahead, yellow window %i days', (yellowDays) => {
    const today = '2026-03-10';
    const now = beijingInstant(today, 23, 59);
    const lights: Light[] = ['green', 'yellow', 'red', 'done'];
    for (let d = -30; d <= 30; d++) {
      for (const due of [addDays(today, d), null]) {
        for (const status of ['in_progress', 'closed'] as const) {
          const light = lightOf({ status, dueDate: due }, now, yellowDays);
          const matching = lights.filter((l) => {
            const q = lightQuery(l, today, yellowDays);
            const openOk = q.open === undefined || q.open === (status !== 'closed');
            return openOk && (q.due === undefined || inDueBand(due, q.due));
          });
          expect([due, status, matching]).toEqual([due, status, [light]]);
        }
      }
    }
  });
});

describe('the bands the store counts by', () => {
  it('do not overlap and cover every due date, none included; the list filters use the same bands', () => {
    const today = '2026-03-10';
    for (const yellowDays of [0, 3, 7]) {
      const bands = lightBands(today, yellowDays);
      for (let d = -30; d <= 30; d++) {
        for (const due of [addDays(today, d), null]) {
          const hits = (['red', 'yellow', 'green'] as const).filter((l) => inDueBand(due, bands[l]));
          expect([due, hits.length]).toEqual([due, 1]);
          expect(lightQuery(hits[0], today, yellowDays)).toEqual({ open: true, due: bands[hits[0]] });
        }
      }
    }
  });

  it('a band is inclusive on both ends and takes open-ended ones only when it says so', () => {
    expect(inDueBand('2026-03-10', { from: '2026-03-10', to: '2026-03-10' })).toBe(true);
    expect(inDueBand('2026-03-11', { to: '2026-03-10' })).toBe(false);
    expect(inDueBand('2026-03-09', { from: '2026-03-10' })).toBe(false);
    expect(inDueBand(null, { from: '2026-03-10' })).toBe(false);
    expect(inDueBand(null, { orNone: true })).toBe(true);
  });
});
