/**
 * Unit lists as written in a cell or an annotation: `市编办、市政务服务中心`, `市直各单位，各区县（市）人民政府`,
 * `市编办（牵头）、市政务中心`, names on separate lines, a stray space inside a name.
 */
import type { DirectoryIndex } from '../org/directory';
import type { UnitRef } from '../model';
import { normalizeText } from '../org/normalize';

export interface CellUnit {
  ref: UnitRef;
  /** Marked as leading inside the list: `市编办（牵头）`. */
  markedLead: boolean;
}

const OPEN = '（(〔[【［';
const CLOSE = '）)〕]】］';
const SEPARATORS = '、，,；;\n\r';
const LEAD_MARK = /[（(〔[【](?:牵头|牵头单位|牵头部门|主办|主责)[）)〕\]】]$|牵头(?:负责)?$/;
const OTHER_MARK = /[（(〔[【](?:配合|配合单位|协办|参与|责任单位)[）)〕\]】]$/;

/** Splits on 、，,；; and line breaks, but not inside brackets: `各区县（市）人民政府（含长沙县、浏阳市）` stays whole. */
export function splitList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (OPEN.includes(ch)) depth += 1;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && SEPARATORS.includes(ch)) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Reads a cell of unit names into resolved references, in order, without duplicates. */
export function readUnits(text: string, dir: DirectoryIndex): CellUnit[] {
  const out: CellUnit[] = [];
  const seen = new Set<string>();
  const push = (ref: UnitRef, markedLead: boolean) => {
    const key = ref.id ?? `?${ref.name}`;
    if (seen.has(key)) {
      const prev = out.find((u) => (u.ref.id ?? `?${u.ref.name}`) === key);
      if (prev && markedLead) prev.markedLead = true;
      return;
    }
    seen.add(key);
    out.push({ ref, markedLead });
  };
  for (const raw of splitList(text)) {
    let piece = normalizeText(raw);
    let markedLead = false;
    if (LEAD_MARK.test(piece)) {
      markedLead = true;
      piece = piece.replace(LEAD_MARK, '');
    } else {
      piece = piece.replace(OTHER_MARK, '');
    }
    if (piece.replace(/[、，,；;。.：:\s]/g, '') === '') continue;
    const ref = dir.resolve(piece);
    if (ref.kind === 'unknown' && /\s/.test(raw.trim())) {
      // `市编办 市政务中心`: two names separated by a space rather than a 、.
      const words = raw
        .trim()
        .split(/\s+/)
        .map((w) => dir.resolve(w));
      if (words.length > 1 && words.every((w) => w.kind !== 'unknown')) {
        for (const w of words) push(w, markedLead);
        continue;
      }
    }
    if (ref.name === '') continue;
    push(ref, markedLead);
  }
  return out;
}
