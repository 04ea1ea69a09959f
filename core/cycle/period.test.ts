import { deepFreeze } from '../frozen';
import { DEFAULT_SETTINGS, type ReportCycle } from '../model';
import { beijingInstant } from '../time';
import {
  currentPeriod,
  cycleFor,
  describePeriod,
  describeRule,
  firstReportIn,
  lastDuePeriod,
  naturalPeriod,
  periodStatus,
  periodsBetween,
  periodWindow,
  reportedInPeriod,
  weekdayOf,
} from './period';

const monthly = (day: number, start = '2026-01-01', end: string | null = null): ReportCycle => ({
  id: 'c1',
  planId: 'p1',
  stage: null,
  taskId: null,
  rule: { every: 'month', day },
  start,
  end,
});

describe('periods', () => {
  it('a month: day N, or the month end when the month is shorter', () => {
    expect(naturalPeriod({ every: 'month', day: 28 }, '2026-11-05')).toEqual({
      start: '2026-11-01',
      due: '2026-11-28',
      end: '2026-11-30',
    });
    expect(naturalPeriod({ every: 'month', day: 31 }, '2026-02-10').due).toBe('2026-02-28');
    expect(naturalPeriod({ every: 'month', day: 30 }, '2028-02-10').due).toBe('2028-02-29');
  });

  it('a week runs Monday to Sunday; 每周五 is due on its Friday, also across a year end', () => {
    expect(weekdayOf('2026-12-31')).toBe(4);
    expect(naturalPeriod({ every: 'week', weekday: 5 }, '2026-12-31')).toEqual({
      start: '2026-12-28',
      due: '2027-01-01',
      end: '2027-01-03',
    });
    expect(naturalPeriod({ every: 'week', weekday: 7 }, '2026-03-02').due).toBe('2026-03-08');
  });

  it('a quarter is due on day N of its last month', () => {
    expect(naturalPeriod({ every: 'quarter', day: 20 }, '2026-11-02')).toEqual({
      start: '2026-10-01',
      due: '2026-12-20',
      end: '2026-12-31',
    });
    expect(naturalPeriod({ every: 'quarter', day: 31 }, '2026-05-01').due).toBe('2026-06-30');
  });

  it('this period and the last one due, across a year end', () => {
    const c = monthly(28);
    expect(currentPeriod(c, '2027-01-03')?.due).toBe('2027-01-28');
    expect(lastDuePeriod(c, '2027-01-03')).toEqual({ start: '2026-12-01', due: '2026-12-28', end: '2026-12-31' });
    // the due day itself is still in time
    expect(lastDuePeriod(c, '2026-12-28')?.due).toBe('2026-11-28');
    expect(lastDuePeriod(c, '2026-12-29')?.due).toBe('2026-12-28');
  });

  it('the cycle start and end clip the periods; a period due outside them is not asked for', () => {
    const c = monthly(28, '2026-03-10', '2026-05-15');
    expect(currentPeriod(c, '2026-03-12')).toEqual({ start: '2026-03-10', due: '2026-03-28', end: '2026-03-31' });
    expect(lastDuePeriod(c, '2026-03-20')).toBeNull();
    expect(currentPeriod(c, '2026-05-03')).toBeNull(); // due 05-28, after the end
    expect(lastDuePeriod(c, '2026-09-01')?.due).toBe('2026-04-28');
    const late = monthly(28, '2026-03-29');
    expect(currentPeriod(late, '2026-03-30')).toBeNull(); // March's due day is before the start
    expect(periodsBetween(c, '2026-01-01', '2026-12-31').map((p) => p.due)).toEqual(['2026-03-28', '2026-04-28']);
  });

  it('the window of a period is its Beijing days as instants', () => {
    expect(periodWindow({ start: '2026-12-01', due: '2026-12-28', end: '2026-12-31' })).toEqual({
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
    });
  });
});

describe('in / late / missing', () => {
  const p = { start: '2026-11-01', due: '2026-11-28', end: '2026-11-30' };

  it('counts the first report of the period, on the Beijing calendar', () => {
    expect(periodStatus(p, beijingInstant('2026-11-28', 23, 30), '2026-12-02')).toBe('in');
    // 2026-11-28 16:30 UTC is 11-29 00:30 in Beijing: late
    expect(periodStatus(p, '2026-11-28T16:30:00.000Z', '2026-12-02')).toBe('late');
    expect(periodStatus(p, null, '2026-11-28')).toBe('pending');
    expect(periodStatus(p, null, '2026-11-29')).toBe('missing');
    // a report from before the period does not count for it
    expect(periodStatus(p, beijingInstant('2026-10-31', 22), '2026-11-10')).toBe('pending');
  });

  it('the first of an assignment’s reports in the window, as Store.firstReportsBetween answers it', () => {
    const w = periodWindow(p);
    const report = (assignmentId: string, createdAt: string) => ({ assignmentId, createdAt });
    const reports = [
      report('a1', w.to), // the window's end is not in it
      report('a1', beijingInstant('2026-11-20', 9)),
      report('a2', w.from), // another assignment's
      report('a1', beijingInstant('2026-11-03', 9)),
      report('a1', '2026-10-31T15:59:59.999Z'), // the day before, in Beijing
    ];
    expect(firstReportIn(reports, 'a1', w)).toBe(beijingInstant('2026-11-03', 9));
    expect(firstReportIn(reports, 'a2', w)).toBe(w.from); // the window's start is in it
    expect(firstReportIn(reports, 'a3', w)).toBeNull();
    expect(firstReportIn([report('a1', w.to)], 'a1', w)).toBeNull();
  });

  it('reported in the current period from the latest report alone', () => {
    expect(reportedInPeriod(p, beijingInstant('2026-11-01', 0, 5))).toBe(true);
    expect(reportedInPeriod(p, '2026-10-31T15:59:00.000Z')).toBe(false);
    expect(reportedInPeriod(p, null)).toBe(false);
  });
});

describe('which cycle a task reports on', () => {
  const plan = monthly(28);
  const stage: ReportCycle = { ...plan, id: 'c2', stage: '第一阶段', rule: { every: 'week', weekday: 5 } };
  const task: ReportCycle = { ...plan, id: 'c3', taskId: 't9', rule: { every: 'quarter', day: 20 } };
  const settings = { cycles: [plan, stage, task], periodicReportDay: 15 };

  it('the task’s own, then its stage’s, then its plan’s, then the settings’ report day', () => {
    expect(cycleFor(settings, { taskId: 't9', planId: 'p1', stage: '第一阶段' })?.id).toBe('c3');
    expect(cycleFor(settings, { taskId: 't1', planId: 'p1', stage: '第一阶段' })?.id).toBe('c2');
    expect(cycleFor(settings, { taskId: 't1', planId: 'p1', stage: '第二阶段' })?.id).toBe('c1');
    expect(cycleFor(settings, { taskId: 't1', planId: 'p2', stage: null })?.rule).toEqual({ every: 'month', day: 15 });
    expect(cycleFor({ cycles: [], periodicReportDay: null }, { taskId: 't1', planId: 'p2', stage: null })).toBeNull();
  });

  it('names rules and periods as officials write them', () => {
    expect(describeRule({ every: 'week', weekday: 5 })).toBe('每周五');
    expect(describeRule({ every: 'month', day: 28 })).toBe('每月28日前');
    expect(describeRule({ every: 'quarter', day: 20 })).toBe('每季度末月20日前');
    expect(
      describePeriod({ every: 'quarter', day: 20 }, naturalPeriod({ every: 'quarter', day: 20 }, '2026-11-02')),
    ).toBe('2026年第四季度');
    expect(describePeriod({ every: 'month', day: 28 }, naturalPeriod({ every: 'month', day: 28 }, '2026-11-02'))).toBe(
      '2026年11月',
    );
  });
});

describe('what is worked out once for frozen settings', () => {
  it('a frozen cycle: its current period kept for the day asked, and worked out again for another day', () => {
    const days = ['2026-11-05', '2026-11-30', '2026-12-01', '2026-12-31', '2027-01-01', '2026-12-01'];
    const frozen = deepFreeze(monthly(28, '2026-01-01', '2026-12-31'));
    for (const day of days) {
      const fresh = currentPeriod(monthly(28, '2026-01-01', '2026-12-31'), day);
      expect(currentPeriod(frozen, day)).toEqual(fresh);
      expect(currentPeriod(frozen, day)).toEqual(fresh);
    }
    // shared, hence frozen
    const kept = currentPeriod(frozen, '2026-12-01')!;
    expect(currentPeriod(frozen, '2026-12-01')).toBe(kept);
    expect(Object.isFrozen(kept)).toBe(true);
    expect(currentPeriod(frozen, '2027-01-01')).toBeNull();
  });

  it('frozen settings: one default cycle per plan, the same as one made anew', () => {
    const settings = deepFreeze({ ...DEFAULT_SETTINGS, cycles: [], periodicReportDay: 25 });
    const a = cycleFor(settings, { taskId: 't1', planId: 'p1', stage: null });
    expect(cycleFor(settings, { taskId: 't2', planId: 'p1', stage: '第一阶段' })).toBe(a);
    const b = cycleFor(settings, { taskId: 't3', planId: 'p2', stage: null });
    expect(b).toMatchObject({ id: 'default', planId: 'p2', rule: { every: 'month', day: 25 } });
    expect(a).toEqual(cycleFor({ ...settings }, { taskId: 't1', planId: 'p1', stage: null }));
    // other settings (a new value after a change): their own default cycle
    const changed = deepFreeze({ ...settings, periodicReportDay: 10 });
    expect(cycleFor(changed, { taskId: 't1', planId: 'p1', stage: null })?.rule).toEqual({ every: 'month', day: 10 });
  });
});
