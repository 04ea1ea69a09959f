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
  it('gives the same dates when asked again, alternately and past the kept values', () => {
    // the values are kept per date and instant asked: each answer must still be the one worked out afresh
    const fresh = (at: string) => new Date(Date.parse(at) + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const now = '2026-12-01T15:59:59.999Z';
    for (let i = 0; i < 10_000; i++) {
      const at = new Date(Date.UTC(2020, 0, 1) + i * 7_919_000).toISOString();
      expect(beijingDate(now)).toBe('2026-12-01');
      expect(beijingDate(at)).toBe(fresh(at));
      const date = fresh(at);
      const days = (i % 61) - 30;
      expect(addDays(date, days)).toBe(
        new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10),
      );
      expect(daysBetween(date, addDays(date, days))).toBe(days);
      const [y, m] = date.split('-').map(Number);
      expect(endOfMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10));
    }
    expect(beijingDate(new Date('2026-03-30T16:30:00.000Z'))).toBe('2026-03-31');
    expect(() => beijingDate('not an instant')).toThrow(RangeError);
  });
});
