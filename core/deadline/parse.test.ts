import fc from 'fast-check';
import { findDeadlineInText, parseDeadline } from './parse';

describe('parseDeadline reads the forms offices write', () => {
  it.each([
    ['2018年4月', 'month', null, '2018-04-30'],
    ['2018 年 6 月', 'month', null, '2018-06-30'],
    ['2018年2月', 'month', null, '2018-02-28'],
    ['2020年2月', 'month', null, '2020-02-29'],
    ['2018年7月—11月', 'range', '2018-07-01', '2018-11-30'],
    ['2018年 9月—12月', 'range', '2018-09-01', '2018-12-31'],
    ['2018年8月-12月', 'range', '2018-08-01', '2018-12-31'],
    ['2018年8月–12月', 'range', '2018-08-01', '2018-12-31'],
    ['2018年8月~12月', 'range', '2018-08-01', '2018-12-31'],
    ['2018年8月至12月', 'range', '2018-08-01', '2018-12-31'],
    ['2018年8月到12月', 'range', '2018-08-01', '2018-12-31'],
    ['2018年8月——12月', 'range', '2018-08-01', '2018-12-31'],
    ['2018年7-11月', 'range', '2018-07-01', '2018-11-30'],
    ['2018年11月—2019年3月', 'range', '2018-11-01', '2019-03-31'],
    ['2018年11月15日—2019年3月10日', 'range', '2018-11-15', '2019-03-10'],
    ['2018—2020年', 'range', '2018-01-01', '2020-12-31'],
    ['2018年度', 'year', null, '2018-12-31'],
    ['2019年底', 'year', null, '2019-12-31'],
    ['2019年年底', 'year', null, '2019-12-31'],
    ['2019年底前', 'year', null, '2019-12-31'],
    ['2019 年 年底前完成', 'year', null, '2019-12-31'],
    ['2019年6月底前', 'month', null, '2019-06-30'],
    ['2019年6月底', 'month', null, '2019-06-30'],
    ['2019年6月上旬', 'month', null, '2019-06-10'],
    ['2019年6月中旬', 'month', null, '2019-06-20'],
    ['2019年3月31日', 'date', null, '2019-03-31'],
    ['2019年3月31日前', 'date', null, '2019-03-31'],
    ['于2019年3月31日前完成', 'date', null, '2019-03-31'],
    ['２０１９年３月３１日', 'date', null, '2019-03-31'],
    ['2019.3.31', 'date', null, '2019-03-31'],
    ['2019-03-31', 'date', null, '2019-03-31'],
    ['2019年第三季度', 'quarter', null, '2019-09-30'],
    ['2019年三季度', 'quarter', null, '2019-09-30'],
    ['2019年第1季度', 'quarter', null, '2019-03-31'],
    ['2019年第四季度末', 'quarter', null, '2019-12-31'],
    ['2019年上半年', 'half', null, '2019-06-30'],
    ['2019年下半年', 'half', null, '2019-12-31'],
    ['长期坚持', 'ongoing', null, null],
    ['持续推进', 'ongoing', null, null],
    ['常态化', 'ongoing', null, null],
    ['常态化推进', 'ongoing', null, null],
  ])('%s → %s %s..%s', (text, kind, start, due) => {
    const { deadline, warning } = parseDeadline(text);
    expect(deadline).toMatchObject({ kind, start, due });
    expect(warning).toBeNull();
  });

  it('keeps the text as written, whitespace normalised', () => {
    expect(parseDeadline('2018 年 6 月').deadline.text).toBe('2018年6月');
    expect(parseDeadline(' 2018年 9月—12月 ').deadline.text).toBe('2018年9月—12月');
  });

  it('reads a year-less form with the table year, and says so', () => {
    const r = parseDeadline('三季度', { year: 2019 });
    expect(r.deadline).toMatchObject({ kind: 'quarter', due: '2019-09-30' });
    expect(r.warning).toContain('已按2019年理解');
    expect(parseDeadline('6月底前', { year: 2019 }).deadline.due).toBe('2019-06-30');
    expect(parseDeadline('年底前', { year: 2019 }).deadline.due).toBe('2019-12-31');
  });

  it('keeps a year-less form without a table year as text with a warning', () => {
    const r = parseDeadline('三季度');
    expect(r.deadline).toEqual({ text: '三季度', kind: 'unknown', start: null, due: null });
    expect(r.warning).toContain('没有写年份');
  });

  it('reads a range that crosses the new year without a second year, and says so', () => {
    const r = parseDeadline('2018年11月—3月');
    expect(r.deadline).toMatchObject({ kind: 'range', start: '2018-11-01', due: '2019-03-31' });
    expect(r.warning).toContain('跨年');
  });

  it.each(['尽快', '另行通知', '2019年2月30日', '2019年13月', '', '   '])(
    'keeps %p as unknown with a warning, never throwing',
    (text) => {
      const r = parseDeadline(text);
      expect(r.deadline.kind).toBe('unknown');
      expect(r.deadline.due).toBeNull();
      expect(r.warning).toMatch(/完成时间/);
    },
  );

  it('takes the completion date out of a cell with other words, and says so', () => {
    const r = parseDeadline('2018年4月启动，2018年12月底前完成');
    expect(r.deadline).toMatchObject({ kind: 'month', due: '2018-12-31' });
    expect(r.warning).toContain('已按“2018年12月底”理解');
  });
});

describe('findDeadlineInText', () => {
  it('finds the deadline the task text states', () => {
    expect(findDeadlineInText('建成全市统一的公共数据平台，2021年6月底前完成')).toMatchObject({
      kind: 'month',
      due: '2021-06-30',
    });
    expect(findDeadlineInText('力争2019年第三季度实现全覆盖')).toMatchObject({ kind: 'quarter', due: '2019-09-30' });
    expect(findDeadlineInText('2018年启动试点，到2020年底全面推开')).toMatchObject({ kind: 'year', due: '2020-12-31' });
  });

  it('ignores a year that is not a deadline', () => {
    expect(findDeadlineInText('纳入2018年度绩效考核内容')).toBeNull();
    expect(findDeadlineInText('依托12345市民服务热线建立数据库')).toBeNull();
  });
});

describe('parseDeadline on any text', () => {
  it('never throws, and has a due date exactly when it understood one', () => {
    const pieces = fc.constantFrom(
      '2019',
      '年',
      '月',
      '日',
      '底',
      '前',
      '—',
      '-',
      '至',
      '第',
      '三',
      '季度',
      '上半年',
      '度',
      ' ',
      '12',
      '31',
      '6',
      '长期',
      'x',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 8 }).map((a) => a.join('')),
        ),
        (text) => {
          const { deadline, warning } = parseDeadline(text);
          if (deadline.kind === 'unknown') {
            expect(deadline.due).toBeNull();
            expect(warning).not.toBeNull();
          } else if (deadline.kind !== 'ongoing') {
            expect(deadline.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          }
          if (deadline.start !== null && deadline.due !== null) expect(deadline.start <= deadline.due).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseDeadline with words around the date', () => {
  it.each([
    ['2018年4月（第一批）', '2018-04-30'],
    ['完成时限：2019年6月底前', '2019-06-30'],
    ['2019年12月底前\n（长期坚持）', '2019-12-31'],
  ])('%p → %s', (text, due) => {
    expect(parseDeadline(text).deadline.due).toBe(due);
  });
});
