import type { Light } from '../model';
import { lightOf } from '../lights/lights';
import { addDays, beijingInstant } from '../time';
import { lightQuery } from './lightBands';

/** Whether a due date falls in a store due band (AssignmentQuery.due). */
function inBand(due: string | null, band: { from?: string; to?: string; orNone?: boolean } | undefined): boolean {
  if (!band) return true;
  if (due === null) return !!band.orNone;
  return (band.from === undefined || due >= band.from) && (band.to === undefined || due <= band.to);
}

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
            return openOk && inBand(due, q.due);
          });
          expect([due, status, matching]).toEqual([due, status, [light]]);
        }
      }
    }
  });
});
