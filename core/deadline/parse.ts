/**
 * Deadlines (完成时间) as officials write them, turned into Beijing calendar dates.
 * `due` is the last day by which the work must be done; `start` is set for ranges only.
 */
import type { CalendarDate, Deadline, DeadlineKind } from '../model';
import { endOfMonth, isCalendarDate } from '../time';
import { normalizeText } from '../org/normalize';

export interface DeadlineResult {
  deadline: Deadline;
  /** A Chinese sentence for the importer's warnings, or null when the text was understood as written. */
  warning: string | null;
}

export interface DeadlineContext {
  /** The year to assume when the text leaves it out (`三季度`, `6月底前`): the table's year. */
  year?: number | null;
}

const DASH = '(?:[—–\\-~―‐−一]+|至|到)';
const PART = '(?:上旬|中旬|下旬|初|中|底|末)';
const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

const ONGOING = /^(长期坚持|长期|持续推进|持续|常态化|常年|每年|每季度|每月|每周|定期|经常性)/;
const RANGE = new RegExp(
  `^(\\d{4})年(\\d{1,2})月(?:(\\d{1,2})日)?${PART}?${DASH}(?:(\\d{4})年)?(\\d{1,2})月(?:(\\d{1,2})日)?(${PART})?$`,
);
const RANGE_SHORT = new RegExp(`^(\\d{4})年(\\d{1,2})${DASH}(\\d{1,2})月(${PART})?$`);
const YEAR_RANGE = new RegExp(`^(\\d{4})年?${DASH}(\\d{4})年(?:度|底|年底|末)?$`);
const DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$/;
const DATE_NUMERIC = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/;
const MONTH = new RegExp(`^(\\d{4})年(\\d{1,2})月份?(${PART})?$`);
const MONTH_NUMERIC = /^(\d{4})[-./](\d{1,2})$/;
const QUARTER = /^(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?$/;
const HALF = /^(?:(\d{4})年)?([上下])半年(?:末|底)?$/;
const YEAR = /^(\d{4})年?(?:度|底|年底|末|年末|内|全年|年内)?$/;
const YEARLESS_YEAR = /^(?:今年|本年|当年)?(?:年底|年内|年末|年度|底|全年)$/;
/** `2023年3月起`: work that starts then and goes on. */
const FROM = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?(?:起|开始|以来)$/;
/**
 * `5月底前动工`, `9月投入使用`, `年内持续推进`, `2019年6月底前完成验收`: a date with the action after it; the date
 * is read, the text is kept as written.
 */
const DATE_THEN_ACTION =
  /^((?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}[日号])?(?:上旬|中旬|下旬|初|中|底|末)?份?|第?[一二三四1-4]季度(?:末|底)?|[上下]半年(?:末|底)?|年底|年末|年内|全年|底))(?:前|以前|之前)?([\u4e00-\u9fff]{1,10})$/;
const YEARLESS_DATE = /^(\d{1,2})月(\d{1,2})[日号]$/;
const YEARLESS_MONTH = new RegExp(`^(\\d{1,2})月份?(${PART})?$`);

const pad = (n: number) => String(n).padStart(2, '0');

function dayOf(year: number, month: number, part: string | undefined): CalendarDate {
  if (part === '上旬' || part === '初') return `${year}-${pad(month)}-10`;
  if (part === '中旬' || part === '中') return `${year}-${pad(month)}-20`;
  return endOfMonth(year, month);
}

function validMonth(m: number): boolean {
  return m >= 1 && m <= 12;
}

/** Strips what surrounds the date itself: 前 / 以前 / 完成 / 截至 / trailing punctuation. */
function compact(text: string): string {
  let c = text.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
  c = c.replace(/^(?:完成时间|完成时限|时间节点|时限)[:：]/, '');
  c = c.replace(/^(?:于|在|截至|截止|截止到|截止至|到|力争|确保|争取)/, '');
  c = c.replace(/[（(〔[][^（(）)〕\]]*[）)〕\]]$/, ''); // a remark in brackets: 2018年4月（第一批）
  c = c.replace(/[。.，,；;、]+$/, '');
  c = c.replace(/(?:以前|之前|前)?(?:全部完成|基本完成|完成|办结|到位|为止|止)?$/, '');
  return c;
}

function result(
  text: string,
  kind: DeadlineKind,
  start: CalendarDate | null,
  due: CalendarDate | null,
  warning: string | null = null,
): DeadlineResult {
  return { deadline: { text, kind, start, due }, warning };
}

function unknown(text: string, warning: string): DeadlineResult {
  return result(text, 'unknown', null, null, warning);
}

/**
 * Parses a deadline cell: `2018年4月`, `2018年7月—11月`, `2018年度`, `2019年6月底前`, `2019年3月31日`,
 * `2019年第三季度`, `2019年上半年`, `长期坚持`… Never throws: what it cannot read comes back as kind
 * `unknown` (no due date) with a Chinese warning.
 */
export function parseDeadline(input: string, ctx: DeadlineContext = {}): DeadlineResult {
  const text = normalizeText(input);
  if (text === '') return unknown('', '没有写完成时间：请在导入后补上。');
  const c = compact(text);
  const year = ctx.year ?? null;

  if (ONGOING.test(c)) return result(text, 'ongoing', null, null);

  let m = RANGE.exec(c);
  if (m) {
    const y1 = +m[1];
    const m1 = +m[2];
    const d1 = m[3] ? +m[3] : 1;
    const m2 = +m[5];
    let y2 = m[4] ? +m[4] : y1;
    let warning: string | null = null;
    if (!m[4] && m2 < m1) {
      y2 = y1 + 1;
      warning = `完成时间“${text}”的结束月份早于开始月份，已按跨年理解为至${y2}年${m2}月。`;
    }
    if (!validMonth(m1) || !validMonth(m2))
      return unknown(text, `完成时间“${text}”中的月份不存在：已按原文保留，请核对。`);
    const start = `${y1}-${pad(m1)}-${pad(d1)}`;
    const due = m[6] ? `${y2}-${pad(m2)}-${pad(+m[6])}` : dayOf(y2, m2, m[7]);
    if (!isCalendarDate(start) || !isCalendarDate(due))
      return unknown(text, `完成时间“${text}”中的日期不存在：已按原文保留，请核对。`);
    if (due < start) return unknown(text, `完成时间“${text}”的结束日期早于开始日期：已按原文保留，请核对。`);
    return result(text, 'range', start, due, warning);
  }
  m = RANGE_SHORT.exec(c);
  if (m) {
    const y = +m[1];
    const m1 = +m[2];
    const m2 = +m[3];
    if (!validMonth(m1) || !validMonth(m2) || m2 < m1)
      return unknown(text, `完成时间“${text}”中的月份不对：已按原文保留，请核对。`);
    return result(text, 'range', `${y}-${pad(m1)}-01`, dayOf(y, m2, m[4]));
  }
  m = YEAR_RANGE.exec(c);
  if (m && +m[2] >= +m[1]) return result(text, 'range', `${m[1]}-01-01`, `${m[2]}-12-31`);

  m = DATE.exec(c) ?? DATE_NUMERIC.exec(c);
  if (m) {
    const due = `${m[1]}-${pad(+m[2])}-${pad(+m[3])}`;
    if (!isCalendarDate(due)) return unknown(text, `完成时间“${text}”这一天不存在：已按原文保留，请核对。`);
    return result(text, 'date', null, due);
  }
  m = MONTH.exec(c) ?? MONTH_NUMERIC.exec(c);
  if (m) {
    if (!validMonth(+m[2])) return unknown(text, `完成时间“${text}”中的月份不存在：已按原文保留，请核对。`);
    return result(text, 'month', null, dayOf(+m[1], +m[2], m[3]));
  }
  m = QUARTER.exec(c);
  if (m) {
    const q = CN_DIGIT[m[2]] ?? +m[2];
    const y = m[1] ? +m[1] : year;
    if (y === null) return unknown(text, `完成时间“${text}”没有写年份：已按原文保留，请补上年份。`);
    return result(
      text,
      'quarter',
      null,
      endOfMonth(y, q * 3),
      m[1] ? null : `完成时间“${text}”没有写年份，已按${y}年理解。`,
    );
  }
  m = HALF.exec(c);
  if (m) {
    const y = m[1] ? +m[1] : year;
    if (y === null) return unknown(text, `完成时间“${text}”没有写年份：已按原文保留，请补上年份。`);
    return result(
      text,
      'half',
      null,
      m[2] === '上' ? `${y}-06-30` : `${y}-12-31`,
      m[1] ? null : `完成时间“${text}”没有写年份，已按${y}年理解。`,
    );
  }
  m = YEAR.exec(c);
  if (m) return result(text, 'year', null, `${m[1]}-12-31`);

  if (year !== null) {
    const assumed = `完成时间“${text}”没有写年份，已按${year}年理解。`;
    if (YEARLESS_YEAR.test(c)) return result(text, 'year', null, `${year}-12-31`, assumed);
    m = YEARLESS_DATE.exec(c);
    if (m && isCalendarDate(`${year}-${pad(+m[1])}-${pad(+m[2])}`)) {
      return result(text, 'date', null, `${year}-${pad(+m[1])}-${pad(+m[2])}`, assumed);
    }
    m = YEARLESS_MONTH.exec(c);
    if (m && validMonth(+m[1])) return result(text, 'month', null, dayOf(year, +m[1], m[2]), assumed);
  }

  m = FROM.exec(c);
  if (m && validMonth(+m[2])) {
    const start = `${m[1]}-${pad(+m[2])}-${pad(m[3] ? +m[3] : 1)}`;
    if (isCalendarDate(start)) return result(text, 'ongoing', start, null);
  }
  m = DATE_THEN_ACTION.exec(c);
  if (m && !/^\d+$/.test(m[2])) {
    const date = parseDeadline(m[1], ctx);
    if (date.deadline.kind !== 'unknown') {
      const { kind, start, due } = date.deadline;
      const warning = date.warning?.replace(`“${m[1]}”`, `“${text}”`) ?? null;
      // `3月起` / `3月开始`: the work starts then and goes on, it is not due then
      if (/^(?:起|开始|以来)/.test(m[2])) {
        return due && kind === 'month'
          ? result(text, 'ongoing', `${due.slice(0, 8)}01`, null, warning)
          : unknown(text, `完成时间“${text}”只写了开始时间：已按原文保留（没有截止日期），请在导入后核对。`);
      }
      return result(text, kind, start, due, warning);
    }
  }

  const inside = findDeadlineInText(text);
  if (inside) {
    return result(
      text,
      inside.kind,
      inside.start,
      inside.due,
      `完成时间“${text}”含有其他文字，已按“${inside.text}”理解，请核对。`,
    );
  }
  return unknown(text, `无法识别完成时间“${text}”：已按原文保留（没有截止日期），请在导入后核对。`);
}

/** A date expression inside running text: `2021年6月底前`, `2019年第三季度`, `2018年7月—11月`, `2019年底`. */
const IN_TEXT = new RegExp(
  `\\d{4}年(?:第?[一二三四1-4]季度|[上下]半年|\\d{1,2}月(?:\\d{1,2}[日号])?(?:${DASH}(?:\\d{4}年)?\\d{1,2}月(?:\\d{1,2}[日号])?)?份?${PART}?|年?度|年?底|年?末)?`,
  'g',
);
const BEFORE_CUE = /(?:于|到|截至|截止|力争|确保|争取)$/;
const AFTER_CUE =
  /^(?:以前|之前|前|完成|全面完成|基本完成|实现|建成|到位|办结|上线|出台|落地|投入使用|动工|开工|竣工|完工|交付)/;

/**
 * Finds the deadline a task's text states itself (`…，2021年6月底前完成`), used when the row has none.
 * Only a date that reads as a deadline counts (followed by 前 / 完成…, or preceded by 于 / 到 / 力争…);
 * when several do, the last one wins. Null when there is none.
 */
export function findDeadlineInText(content: string): Deadline | null {
  const c = content.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
  let found: Deadline | null = null;
  for (const m of c.matchAll(IN_TEXT)) {
    const at = m.index ?? 0;
    const before = c.slice(Math.max(0, at - 4), at);
    const after = c.slice(at + m[0].length, at + m[0].length + 4);
    if (!BEFORE_CUE.test(before) && !AFTER_CUE.test(after)) continue;
    const parsed = parseDeadlineStrict(m[0]);
    if (parsed) found = parsed;
  }
  return found;
}

/** parseDeadline without the in-text fallback: a Deadline only when the expression is understood. */
function parseDeadlineStrict(expr: string): Deadline | null {
  const c = compact(expr);
  if (
    !RANGE.test(c) &&
    !RANGE_SHORT.test(c) &&
    !DATE.test(c) &&
    !MONTH.test(c) &&
    !QUARTER.test(c) &&
    !HALF.test(c) &&
    !YEAR.test(c)
  ) {
    return null;
  }
  const r = parseDeadline(expr);
  return r.deadline.kind === 'unknown' ? null : r.deadline;
}
