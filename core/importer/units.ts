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

/** The brackets a unit list or an annotation may nest: a separator inside them does not split. */
export const OPEN = '（(〔[【［';
export const CLOSE = '）)〕]】］';
const SEPARATORS = '、，,；;\n\r';
const LEAD_MARK = /[（(〔[【](?:牵头|牵头单位|牵头部门|主办|主责)[）)〕\]】]$|牵头(?:负责)?$/;
const OTHER_MARK = /[（(〔[【](?:配合|配合单位|协办|参与|责任单位)[）)〕\]】]$/;

/** Splits `text` at each of `separators` that is outside brackets, trimmed, empty parts dropped. */
export function splitOutsideBrackets(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (OPEN.includes(ch)) depth += 1;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.includes(ch)) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Splits on 、，,；; and line breaks, but not inside brackets: `各区县（市）人民政府（含长沙县、浏阳市）` stays whole. */
export function splitList(text: string): string[] {
  return splitOutsideBrackets(text, SEPARATORS);
}

/** `市发改委、市财政局分别牵头` / `共同牵头`: every unit of the list leads. */
const ALL_LEAD = /(?:分别|共同|联合)牵头(?:负责|落实)?$/;
/** What names a unit ends with: a split is only made where both halves read as units. */
const ORG_END =
  /(局|委|办|厅|府|中心|单位|部门|院|室|会|队|所|站|处|公司|集团|街道|镇|乡|区|县|市|园|办事处|管委会|指挥部)$/;
/** Words of a remark in brackets after a unit (`市卫生健康委（除标注外均为牵头单位）`), not of its name. */
const REMARK = /除|外|标注|注明|说明|其中|以下|负责|牵头|汇总|按职责|分别|如有|另行/;

/**
 * Names run together without a separator (`市行政审批局市司法局`): split where every part is a unit the directory
 * knows. Null when the text cannot be cut so.
 */
export function splitRunTogether(text: string, dir: DirectoryIndex): string[] | null {
  const s = normalizeText(text);
  if (s.length < 4 || s.length > 120) return null;
  // best[i]: the fewest known names covering s.slice(0, i)
  const best: (string[] | null)[] = [[]];
  for (let i = 1; i <= s.length; i += 1) {
    best[i] = null;
    for (let j = Math.max(0, i - 40); j < i - 1; j += 1) {
      const prefix = best[j];
      if (!prefix) continue;
      const piece = s.slice(j, i);
      if (dir.resolve(piece).kind === 'unknown') continue;
      const candidate = [...prefix, piece];
      const current = best[i];
      if (!current || candidate.length < current.length) best[i] = candidate;
    }
  }
  const parts = best[s.length];
  return parts && parts.length > 1 ? parts : null;
}

/** `市级各有关部门及各县市区政府`: two units joined by 及 / 以及 / 和, where both halves end as unit names do. */
function splitJoined(text: string): string[] | null {
  const parts = normalizeText(text).split(/以及|及|和/);
  if (parts.length < 2 || parts.some((p) => p.length < 2 || !ORG_END.test(p))) return null;
  return parts;
}

/** Drops a remark in brackets after a unit's name, keeping brackets that belong to it (`各区县（市）人民政府`). */
function withoutRemark(piece: string, dir: DirectoryIndex): string {
  const m = /^(.+?)[（(〔]([^（()）〔〕]+)[）)〕]$/.exec(piece);
  if (!m) return piece;
  if (dir.resolve(piece).kind !== 'unknown') return piece;
  if (/^(含|包括|包含)/.test(m[2])) return piece; // `（含长沙县、浏阳市）` says which units, it is kept
  if (REMARK.test(m[2]) || (m[2].length > 8 && dir.resolve(m[1]).kind !== 'unknown')) return m[1];
  return piece;
}

/** Reads a cell of unit names into resolved references, in order, without duplicates. */
export function readUnits(text: string, dir: DirectoryIndex): CellUnit[] {
  const allLead = ALL_LEAD.test(normalizeText(text));
  if (allLead) text = normalizeText(text).replace(ALL_LEAD, '');
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
    markedLead = markedLead || allLead;
    piece = withoutRemark(piece, dir);
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
    if (ref.kind === 'unknown') {
      const parts = splitRunTogether(piece, dir) ?? splitJoined(piece);
      if (parts) {
        for (const p of parts) push(dir.resolve(p), markedLead);
        continue;
      }
    }
    if (ref.name === '') continue;
    push(ref, markedLead);
  }
  return out;
}
