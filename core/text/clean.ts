/**
 * Text hygiene, in one place for both runtimes:
 * - `cleanInput`: what every string of a payload goes through before its schema reads it (dispatch): invisible
 *   format characters (zero-width spaces and joiners, soft hyphens, BOMs, bidi controls: Unicode's Cf category)
 *   are removed, so that a text of only such characters is empty and fails `min(1)`; a lone surrogate (half of a
 *   UTF-16 pair, which no storage can keep) is refused with BAD_INPUT naming the field.
 * - `foldForCheck`: the form the content check compares (the local word list, and a second opinion asked of
 *   msgSecCheck when it differs): NFKC (full-width and compatibility forms to plain ones), format characters and
 *   HTML tags removed, traditional characters folded to simplified (opencc-js, OpenCC's t→cn tables), lower case,
 *   and every space, punctuation mark and symbol between characters dropped (代-開，发<b>票</b> → 代开发票).
 */
import { Converter } from 'opencc-js/t2cn';
import { badInput } from '../errors';

const FORMAT_CHARS = /\p{Cf}/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TAGS = /<\/?[A-Za-z!][^<>]{0,200}>/g;
const BETWEEN = /[\p{P}\p{S}\p{Z}\s_]+/gu;

let toSimplified: ((s: string) => string) | null = null;

/** Traditional Chinese folded to simplified (the tables load on first use). */
export function simplified(text: string): string {
  toSimplified ??= Converter({ from: 't', to: 'cn' });
  return toSimplified(text);
}

/** The payload with format characters removed from every string; a lone surrogate is BAD_INPUT naming its field. */
export function cleanInput(value: unknown, path: string[] = []): unknown {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) {
      const field = path.length ? `「${path.join('.')}」` : '请求内容';
      throw badInput(`${field}里有无法保存的字符（残缺的表情或符号），请删除后重新输入。`);
    }
    return value.replace(FORMAT_CHARS, '');
  }
  if (Array.isArray(value)) return value.map((v, i) => cleanInput(v, [...path, String(i)]));
  if (typeof value === 'object' && value !== null && isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cleanInput(v, [...path, k]);
    return out;
  }
  return value;
}

/** The text as the content check compares it (see above). */
export function foldForCheck(text: string): string {
  const nfkc = text.normalize('NFKC').replace(FORMAT_CHARS, '').replace(TAGS, '');
  return simplified(nfkc).toLowerCase().replace(BETWEEN, '');
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
