import {
  addDays,
  beijingDate,
  beijingHour,
  beijingInstant,
  daysBetween,
  endOfMonth,
  formatChineseDate,
  isCalendarDate,
} from './time';

describe('the Beijing calendar', () => {
  it('puts 16:30 UTC on the next Beijing day', () => {
    expect(beijingDate('2026-03-30T16:30:00.000Z')).toBe('2026-03-31');
    expect(beijingHour('2026-03-30T16:30:00.000Z')).toBe(0);
  });
  it('starts a Beijing day at 16:00 UTC the day before', () => {
    expect(beijingInstant('2026-04-01')).toBe('2026-03-31T16:00:00.000Z');
    expect(beijingInstant('2026-04-01', 8)).toBe('2026-04-01T00:00:00.000Z');
  });
  it('counts calendar days across month ends and leap days', () => {
    expect(daysBetween('2028-02-27', '2028-03-01')).toBe(3);
    expect(daysBetween('2026-04-30', '2026-04-23')).toBe(-7);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
  it('knows the last day of each month', () => {
    expect(endOfMonth(2026, 2)).toBe('2026-02-28');
    expect(endOfMonth(2028, 2)).toBe('2028-02-29');
    expect(endOfMonth(2026, 12)).toBe('2026-12-31');
  });
  it('writes dates as officials do and rejects impossible ones', () => {
    expect(formatChineseDate('2026-03-31')).toBe('2026年3月31日');
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-02-28')).toBe(true);
  });
});
