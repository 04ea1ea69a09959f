import { DEFAULT_SETTINGS, type Settings } from '../model';
import type { PendingEvent, ReminderAssignment, ReminderContact } from '../ports/reminders';
import { beijingInstant } from '../time';
import {
  candidates,
  choose,
  deadlineMark,
  inPeriodicWindow,
  periodicDays,
  periodicMark,
  planReminders,
  withinSendingHours,
  type PlanInput,
} from './planner';

const T = (kind: string) => ({
  templateId: `T-${kind}`,
  fields: [
    { key: 'thing1', value: 'task' },
    { key: 'date2', value: 'due' },
  ],
});
const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  templates: {
    due: T('due'),
    overdue: T('overdue'),
    periodic: T('periodic'),
    returned: T('returned'),
    accepted: T('accepted'),
    extension: T('extension'),
    urge: T('urge'),
  },
};

function assignment(id: string, dueDate: string | null, over: Partial<ReminderAssignment> = {}): ReminderAssignment {
  return {
    assignmentId: id,
    taskId: `task-${id}`,
    unitId: 'furong',
    unitName: '芙蓉区人民政府',
    status: 'assigned',
    dueDate,
    lastReportAt: null,
    taskSeq: 1,
    taskContent: '各级各部门制定“最多跑一次”实施方案',
    taskStage: '梳理公布“最多跑一次”事项',
    deadlineText: '2026年4月',
    planId: 'plan-1',
    ...over,
  };
}

const zhang: ReminderContact = { userId: 'u-zhang', principal: 'openid-zhang', name: '张三', unitId: 'furong' };
const li: ReminderContact = { userId: 'u-li', principal: 'openid-li', name: '李四', unitId: 'furong' };

/** 10:00 Beijing time on a Beijing calendar day. */
const at10 = (day: string) => beijingInstant(day, 10);

function input(now: string, assignments: ReminderAssignment[], over: Partial<PlanInput> = {}): PlanInput {
  return {
    now,
    settings: SETTINGS,
    assignments,
    deadlines: true,
    periodic: false,
    events: [],
    contacts: [zhang],
    ...over,
  };
}

describe('before the due date', () => {
  const a = assignment('a1', '2026-04-30');

  it('is due at 7, 3, 1 and 0 days before, each key naming the offset reached', () => {
    expect(deadlineMark(a, '2026-04-22', SETTINGS)).toBeNull();
    expect(deadlineMark(a, '2026-04-23', SETTINGS)?.stem).toBe('due:a1:2026-04-30:7');
    expect(deadlineMark(a, '2026-04-27', SETTINGS)?.stem).toBe('due:a1:2026-04-30:3');
    expect(deadlineMark(a, '2026-04-29', SETTINGS)?.stem).toBe('due:a1:2026-04-30:1');
    expect(deadlineMark(a, '2026-04-30', SETTINGS)?.stem).toBe('due:a1:2026-04-30:0');
  });

  it('after a missed 3-day mark sends it late only until the 1-day mark, never both', () => {
    // the server was down on 04-27 (3 days before): on 04-28 the 3-day reminder is still the latest mark
    expect(deadlineMark(a, '2026-04-28', SETTINGS)?.stem).toBe('due:a1:2026-04-30:3');
    // down until 04-29: the 3-day one is gone for good, only the 1-day one is due
    expect(deadlineMark(a, '2026-04-29', SETTINGS)?.stem).toBe('due:a1:2026-04-30:1');
  });

  it('follows offsets from the settings, in any order', () => {
    const s = { ...SETTINGS, reminderOffsets: [0, 14] };
    expect(deadlineMark(a, '2026-04-16', s)?.stem).toBe('due:a1:2026-04-30:14');
    expect(deadlineMark(a, '2026-04-29', s)?.stem).toBe('due:a1:2026-04-30:14');
    expect(deadlineMark(a, '2026-04-15', s)).toBeNull();
  });

  it('says nothing for an ongoing task, a claim waiting for review or a closed assignment', () => {
    expect(deadlineMark(assignment('a2', null), '2026-04-30', SETTINGS)).toBeNull();
    expect(deadlineMark(assignment('a3', '2026-04-30', { status: 'claimed' }), '2026-04-30', SETTINGS)).toBeNull();
    expect(deadlineMark(assignment('a4', '2026-04-30', { status: 'closed' }), '2026-04-30', SETTINGS)).toBeNull();
  });
});

describe('while overdue', () => {
  const a = assignment('a1', '2026-04-30');
  it('reminds the day after the due date and then every 3 days', () => {
    const stems = ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-07', '2026-05-09'].map(
      (d) => deadlineMark(a, d, SETTINGS)?.stem,
    );
    expect(stems).toEqual([
      'overdue:a1:2026-04-30:1',
      'overdue:a1:2026-04-30:1',
      'overdue:a1:2026-04-30:1',
      'overdue:a1:2026-04-30:4',
      'overdue:a1:2026-04-30:7',
      'overdue:a1:2026-04-30:7',
    ]);
  });
});

describe('sending hours', () => {
  it('sends between 08:00 and 20:00 Beijing time only', () => {
    expect(withinSendingHours(beijingInstant('2026-04-23', 7, 59), SETTINGS)).toBe(false);
    expect(withinSendingHours(beijingInstant('2026-04-23', 8, 0), SETTINGS)).toBe(true);
    expect(withinSendingHours(beijingInstant('2026-04-23', 19, 59), SETTINGS)).toBe(true);
    expect(withinSendingHours(beijingInstant('2026-04-23', 20, 0), SETTINGS)).toBe(false);
  });

  it('plans nothing at night: the reminder waits for the morning', () => {
    const a = assignment('a1', '2026-04-30');
    expect(candidates(input(beijingInstant('2026-04-23', 23), [a]))).toEqual([]);
    expect(candidates(input(beijingInstant('2026-04-24', 8), [a])).map((c) => c.key)).toEqual([
      'due:a1:2026-04-30:7:u-zhang',
    ]);
  });
});

describe('periodic report', () => {
  const s = { ...SETTINGS, periodicReportDay: 28, periodicRemindDaysBefore: 3 };

  it('finds the report day of the month, the month end when the month is short', () => {
    expect(periodicDays('2026-03-10', 28)).toEqual({ next: '2026-03-28', previous: '2026-02-28' });
    expect(periodicDays('2026-03-29', 28)).toEqual({ next: '2026-04-28', previous: '2026-03-28' });
    expect(periodicDays('2026-02-10', 31)).toEqual({ next: '2026-02-28', previous: '2026-01-31' });
    expect(periodicDays('2026-12-29', 28)).toEqual({ next: '2027-01-28', previous: '2026-12-28' });
  });

  it('reminds from 3 days before the 28th, unless the unit reported since the last report day', () => {
    const a = assignment('a1', null);
    expect(inPeriodicWindow('2026-03-24', s)).toBe(false);
    expect(periodicMark(a, '2026-03-24', s)).toBeNull();
    expect(periodicMark(a, '2026-03-25', s)?.stem).toBe('periodic:a1:2026-03-28');
    expect(periodicMark(a, '2026-03-28', s)?.stem).toBe('periodic:a1:2026-03-28');
    const reported = assignment('a1', null, { lastReportAt: beijingInstant('2026-03-10', 9) });
    expect(periodicMark(reported, '2026-03-26', s)).toBeNull();
    const reportedLastMonth = assignment('a1', null, { lastReportAt: beijingInstant('2026-02-28', 9) });
    expect(periodicMark(reportedLastMonth, '2026-03-26', s)?.stem).toBe('periodic:a1:2026-03-28');
  });

  it('is off when no report day is set', () => {
    expect(periodicMark(assignment('a1', null), '2026-03-28', SETTINGS)).toBeNull();
  });
});

describe('events queued by use cases', () => {
  const a = assignment('a1', '2026-04-30');
  const event = (kind: PendingEvent['event']['kind'], createdAt: string): PendingEvent => ({
    event: {
      id: `e-${kind}`,
      kind,
      assignmentId: 'a1',
      refId: 'r1',
      createdAt,
      note: '请补充照片',
      from: '市政府督查室',
    },
    assignment: a,
  });

  it('go to every contact of the unit, keyed by event and user', () => {
    const cands = candidates(
      input(at10('2026-04-01'), [], { events: [event('returned', at10('2026-04-01'))], contacts: [zhang, li] }),
    );
    expect(cands.map((c) => c.key).sort()).toEqual(['returned:a1:r1:u-li', 'returned:a1:r1:u-zhang']);
    expect(cands[0].context.note).toBe('请补充照片');
  });

  it('are dropped after a week nobody could be sent them', () => {
    expect(candidates(input(at10('2026-04-09'), [], { events: [event('urge', at10('2026-04-01'))] }))).toEqual([]);
  });

  it('are not sent when the deployment has no template for their kind', () => {
    const s = { ...SETTINGS, templates: { due: T('due') } };
    expect(
      candidates(input(at10('2026-04-01'), [], { settings: s, events: [event('urge', at10('2026-04-01'))] })),
    ).toEqual([]);
  });
});

describe('credits', () => {
  const overdue = assignment('late', '2026-04-20');
  const today = assignment('today', '2026-04-23');
  const in1 = assignment('in1', '2026-04-24');
  const in3 = assignment('in3', '2026-04-26');
  const in7 = assignment('in7', '2026-04-30');
  const all = [in7, in3, today, overdue, in1];
  const now = at10('2026-04-23');
  // every kind on one template, so they compete for the same credits
  const shared = { ...SETTINGS, templates: { due: T('x'), overdue: T('x') } };

  it('when short, go to the most urgent: overdue, due today, 1 day, 3 days, 7 days', () => {
    for (let n = 0; n <= 5; n++) {
      const choice = planReminders(input(now, all, { settings: shared }), new Set(), { 'u-zhang': { 'T-x': n } });
      expect(choice.chosen.map((c) => c.candidate.assignment.assignmentId)).toEqual(
        ['late', 'today', 'in1', 'in3', 'in7'].slice(0, n),
      );
      expect(choice.waiting).toHaveLength(5 - n);
    }
  });

  it('are counted per template: each kind spends its own', () => {
    const choice = planReminders(input(now, all), new Set(), { 'u-zhang': { 'T-due': 1, 'T-overdue': 1 } });
    expect(choice.chosen.map((c) => c.message.key)).toEqual([
      'overdue:late:2026-04-20:1:u-zhang',
      'due:today:2026-04-23:0:u-zhang',
    ]);
  });

  it('do not limit long-term templates', () => {
    const choice = planReminders(input(now, all, { settings: { ...shared, longTermTemplates: true } }), new Set(), {});
    expect(choice.chosen).toHaveLength(5);
    expect(choice.chosen.every((c) => !c.needsCredit)).toBe(true);
  });

  it('are not spent on what was recorded already', () => {
    const credits = { 'u-zhang': { 'T-x': 1 } };
    const choice = choose(
      candidates(input(now, all, { settings: shared })),
      new Set(['overdue:late:2026-04-20:1:u-zhang']),
      credits,
      shared,
    );
    expect(choice.chosen.map((c) => c.candidate.assignment.assignmentId)).toEqual(['today']);
    expect(credits['u-zhang']['T-x']).toBe(0);
  });
});
