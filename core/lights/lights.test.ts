import { beijingInstant } from '../time';
import { countLights, daysLeft, LIGHT_WORDS, lightOf, rollUp } from './lights';

// 09:00 on 2026-03-10 in Beijing is 01:00 UTC the same day; 23:30 Beijing is 15:30 UTC.
const now = beijingInstant('2026-03-10', 9);
const lateEvening = beijingInstant('2026-03-10', 23, 30);
const open = (dueDate: string | null) => ({ status: 'in_progress' as const, dueDate });

describe('lights at their boundaries (yellow window 7 days)', () => {
  it.each([
    ['due today', '2026-03-10', 0, 'yellow'],
    ['due in exactly 7 days', '2026-03-17', 7, 'yellow'],
    ['due in 8 days', '2026-03-18', 8, 'green'],
    ['due yesterday', '2026-03-09', -1, 'red'],
  ])('%s is %s', (_label, due, left, light) => {
    expect(daysLeft(due, now)).toBe(left);
    expect(lightOf(open(due), now, 7)).toBe(light);
  });

  it('counts days on the Beijing calendar, not the server clock', () => {
    // 23:30 in Beijing is still 15:30 UTC on the same date; 00:30 Beijing the next day is 16:30 UTC the day before.
    expect(daysLeft('2026-03-10', lateEvening)).toBe(0);
    expect(daysLeft('2026-03-10', beijingInstant('2026-03-11', 0, 30))).toBe(-1);
  });

  it('a closed assignment is done, even past due', () => {
    expect(lightOf({ status: 'closed', dueDate: '2026-01-01' }, now, 7)).toBe('done');
  });

  it('an ongoing assignment (no due date) is green and has no days left', () => {
    expect(lightOf(open(null), now, 7)).toBe('green');
    expect(daysLeft(null, now)).toBeNull();
  });

  it('a claimed but not yet closed assignment still turns red', () => {
    expect(lightOf({ status: 'claimed', dueDate: '2026-03-01' }, now, 7)).toBe('red');
  });

  it('the yellow window is a setting', () => {
    expect(lightOf(open('2026-03-13'), now, 3)).toBe('yellow');
    expect(lightOf(open('2026-03-14'), now, 3)).toBe('green');
  });
});

describe('rolling lights up for a task or a unit', () => {
  it('shows the worst open light', () => {
    expect(rollUp(['done', 'green', 'yellow'])).toBe('yellow');
    expect(rollUp(['green', 'red', 'yellow', 'done'])).toBe('red');
    expect(rollUp(['done', 'green'])).toBe('green');
  });

  it('is done only when every assignment is done', () => {
    expect(rollUp(['done', 'done'])).toBe('done');
    expect(rollUp([])).toBe('green');
  });

  it('counts each light', () => {
    expect(countLights(['green', 'red', 'red', 'done'])).toEqual({ green: 1, yellow: 0, red: 2, done: 1, total: 4 });
  });

  it('has a word for every light', () => {
    expect(LIGHT_WORDS).toEqual({ green: '正常', yellow: '临期', red: '逾期', done: '已办结' });
  });
});
