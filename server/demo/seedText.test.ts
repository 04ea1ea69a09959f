import { seedTableText } from '../../data';
import { bandOf, movedDeadline, moveSeedTable } from './seedText';

const NOW = '2026-11-24T02:00:00.000Z'; // 2026-11-24 10:00 Beijing

describe('moving the 2018 table to the present', () => {
  it('keeps a green task’s months and moves its year so that it ends more than two weeks ahead', () => {
    expect(bandOf(5)).toBe('green');
    expect(movedDeadline('2018年4月', 5, NOW)).toBe('2027年4月');
    expect(movedDeadline('2018年 9月—12月', 5, NOW)).toBe('2026年 9月—12月');
    expect(movedDeadline('2018年度', 5, NOW)).toBe('2026年度');
  });

  it('gives overdue and closed tasks a month that has already ended', () => {
    expect(bandOf(1)).toBe('red');
    expect(movedDeadline('2018年4月', 1, NOW)).toBe('2026年9月');
    expect(bandOf(2)).toBe('done');
    expect(movedDeadline('2018年4月', 2, NOW)).toBe('2026年8月');
  });

  it('gives yellow tasks a date within the next week', () => {
    expect(bandOf(4)).toBe('yellow');
    expect(movedDeadline('2018年6月', 4, NOW)).toBe('2026年11月29日');
  });

  it('rewrites only the 完成时间 cell of the 32 task rows, and is the same for the same now', () => {
    const original = seedTableText();
    const moved = moveSeedTable(original, NOW);
    expect(moved).toBe(moveSeedTable(original, NOW));
    expect(moved).not.toMatch(/2018\s*年\s*\d/);
    const rows = (t: string): string[][] =>
      t
        .split('\n')
        .map((l) => l.split('\t'))
        .filter((c) => c.length >= 5 && c[0].trim() !== '工作阶段');
    expect(rows(moved)).toHaveLength(32);
    expect(rows(moved).map((c) => c.slice(0, 4))).toEqual(rows(original).map((c) => c.slice(0, 4)));
  });
});
