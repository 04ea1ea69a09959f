/**
 * The due-date band of each light, so that the store can filter and count by light: the one home of the light
 * boundaries on the store side. Must agree with lightOf (core/lights): lightBands.test.ts checks that for every day
 * around the window.
 */
import type { AssignmentQuery, LightBands } from '../ports/store';
import type { CalendarDate, Light } from '../model';
import { addDays } from '../time';

/** Red: due before today; yellow: due today to `yellowDays` ahead; green: later, or no due date. */
export function lightBands(today: CalendarDate, yellowDays: number): LightBands {
  return {
    red: { to: addDays(today, -1) },
    yellow: { from: today, to: addDays(today, yellowDays) },
    green: { from: addDays(today, yellowDays + 1), orNone: true },
  };
}

export function lightQuery(light: Light, today: CalendarDate, yellowDays: number): AssignmentQuery {
  if (light === 'done') return { open: false };
  return { open: true, due: lightBands(today, yellowDays)[light] };
}
