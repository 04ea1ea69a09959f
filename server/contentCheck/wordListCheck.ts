/**
 * The local stand-in for WeChat's msgSecCheck: a configurable list of forbidden words. A text containing
 * any of them (compared in core's folded form: core/text/clean.ts) is 'risky'; everything else passes. The CloudBase runtime uses
 * msgSecCheck itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentCheck, ContentVerdict } from '../../core/ports/contentCheck';
import { foldForCheck } from '../../core/text/clean';

export const DEFAULT_WORD_LIST = join(__dirname, '..', '..', 'data', 'forbidden-words.txt');

/** Texts and words compare in core's folded form (NFKC, no format characters, tags or punctuation, simplified). */
const normalise = foldForCheck;

/** Words from a list file: one per line, `#` comments and blank lines ignored. */
export function parseWordList(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map(normalise);
}

export function wordListCheck(words: string[]): ContentCheck {
  const list = words.map(normalise).filter((w) => w.length > 0);
  return {
    async checkText(text: string): Promise<ContentVerdict> {
      const t = normalise(text);
      return list.some((w) => t.includes(w)) ? 'risky' : 'pass';
    },
  };
}

/** The check configured for this deployment: DUBAN_FORBIDDEN_WORDS (a file) or data/forbidden-words.txt. */
export function loadWordListCheck(file: string = process.env.DUBAN_FORBIDDEN_WORDS || DEFAULT_WORD_LIST): ContentCheck {
  return wordListCheck(parseWordList(readFileSync(file, 'utf8')));
}
