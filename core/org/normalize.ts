/**
 * Text normalisation for documents that passed through Word, Excel and PDF converters:
 * stray spaces inside Chinese text, full-width / half-width variants, line breaks inside cells.
 */

/** Characters of Chinese text and its punctuation: a space next to one of these is a stray space. */
const CJK =
  '\\u2014\\u2018-\\u201f\\u2026\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65';
const SPACE = '[\\s\\u00a0\\u3000\\u200b\\ufeff]';
const SPACE_AFTER_CJK = new RegExp(`([${CJK}])${SPACE}+`, 'g');
const SPACE_BEFORE_CJK = new RegExp(`${SPACE}+(?=[${CJK}])`, 'g');
const ANY_SPACE = new RegExp(`${SPACE}+`, 'g');

/**
 * Removes whitespace (including line breaks and ideographic spaces) next to Chinese characters or
 * punctuation, collapses other runs of whitespace to one space and trims.
 * `梳理公布 “最多跑一次” 事项` → `梳理公布“最多跑一次”事项`; `2018 年 6 月` → `2018年6月`.
 */
export function normalizeText(s: string): string {
  return s
    .replace(/\u3000/g, ' ')
    .replace(SPACE_AFTER_CJK, '$1')
    .replace(SPACE_BEFORE_CJK, '')
    .replace(ANY_SPACE, ' ')
    .trim();
}

/** Half-width brackets beside Chinese text become full-width, as officials write names: `区县(市)` → `区县（市）`. */
export function fullWidthBrackets(s: string): string {
  return s.replace(/\(/g, '（').replace(/\)/g, '）');
}

/** A comparison key for names: NFKC (full-width → half-width), no whitespace at all, lower case. */
export function nameKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(ANY_SPACE, '')
    .replace(/[〔【［[]/g, '(')
    .replace(/[〕】］\]]/g, ')')
    .toLowerCase();
}
