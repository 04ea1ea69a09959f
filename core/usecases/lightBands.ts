/**
 * The due-date band of each light, so that the store can filter and count by light. Must agree with lightOf
 * (core/lights): lightBands.test.ts checks that for every day around the window.
 */
import type { AssignmentQuery } from '../ports/store';
import type { CalendarDate, Light } from '../model';
import { addDays } from '../time';

export function lightQuery(light: Light, today: CalendarDate, yellowDays: number): AssignmentQuery {
  switch (light) {
    case 'done':
      return { open: false };
    case 'red':
      return { open: true, due: { to: addDays(today, -1) } };
    case 'yellow':
      return { open: true, due: { from: today, to: addDays(today, yellowDays) } };
    case 'green':
      return { open: true, due: { from: addDays(today, yellowDays + 1), orNone: true } };
  }
}

/** The last day of the yellow window (inclusive). */
export function yellowTo(today: CalendarDate, yellowDays: number): CalendarDate {
  return addDays(today, yellowDays);
}
