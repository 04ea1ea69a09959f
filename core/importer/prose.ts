/**
 * Prose 分工方案: numbered items (`1.` `（1）` `1、` `（一）` `①`) under chapter headings (`一、…`), each naming its
 * units in an annotation at its end — `（牵头单位：…；责任单位：…）`, `〔…〕`, `（X牵头，Y配合）`, `（X负责）` —
 * or on the lines that follow (`牵头单位：…` / `责任单位：…` / `完成时限：…`). The annotation is not content.
 */
import { findDeadlineInText, parseDeadline } from '../deadline/parse';
import type { DirectoryIndex } from '../org/directory';
import type { ImportFormat, ParsedPlan } from '../model';
import { normalizeText } from '../org/normalize';
import { CHAPTER, PlanBuilder, documentYearText, pickTitle, saysFirstUnitLeads, stageName } from './plan';
import { CLOSE, OPEN, splitList, splitOutsideBrackets } from './units';

export interface ProseLine {
  text: string;
  line: number;
  /** Word's own structure, when the numbering is automatic (not typed): a list item, or a heading of this level. */
  listItem?: boolean;
  headingLevel?: number;
}

interface Units {
  lead: string[];
  responsible: string[];
  deadline: string | null;
}

/**
 * Labels of an item's lines: units, deadlines, and what is neither (people — 责任领导, 项目责任人 — and reports —
 * 实际完成情况): those end the value before them and are not read.
 */
const LABEL =
  /(牵头单位|牵头部门|主办单位|主责单位|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|完成时限|完成时间|时间节点|时限要求|时间要求|时限|责任领导|牵头领导|分管领导|包保领导|牵头县领导|牵头市领导|项目责任人|责任人|联系人|实际完成情况|完成情况|进展情况|工作进展)\s*[:：]/g;
const LABEL_AT_START = new RegExp(`^${LABEL.source}`);

function labelRole(label: string): keyof Units | null {
  if (/领导|责任人|联系人|情况|进展/.test(label)) return null;
  if (/牵头|主办|主责/.test(label)) return 'lead';
  if (/单位|部门/.test(label)) return 'responsible';
  return 'deadline';
}

/**
 * `牵头单位：市编办；责任单位：市直各单位、区县（市）人民政府；完成时限：2019年6月底前`. Where an item names no
 * 牵头单位 but a 责任单位 beside 配合单位, the 责任单位 leads (as in a table's 责任单位 | 配合单位 columns).
 */
function parseLabelled(text: string): Units | null {
  const matches = [...text.matchAll(LABEL)];
  if (matches.length === 0) return null;
  const out: Units = { lead: [], responsible: [], deadline: null };
  const main: string[] = [];
  const helpers: string[] = [];
  matches.forEach((m, k) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = k + 1 < matches.length ? (matches[k + 1].index ?? text.length) : text.length;
    const value = text
      .slice(from, to)
      .trim()
      .replace(/^[；;，,。\s]+|[；;，,。\s]+$/g, '');
    const role = labelRole(m[1]);
    if (value === '' || role === null) return;
    if (role === 'deadline') out.deadline = value;
    else if (role === 'lead') out.lead.push(value);
    else (/^责任/.test(m[1]) ? main : helpers).push(value);
  });
  if (out.lead.length === 0 && main.length > 0 && helpers.length > 0) out.lead.push(...main);
  else out.responsible.push(...main);
  out.responsible.push(...helpers);
  return out;
}

/** The bracketed group at the very end of `s` (before closing punctuation), if any. */
function trailingBracket(s: string): { before: string; inner: string; tail: string } | null {
  const tailMatch = /[。；;，,.\s]*$/.exec(s);
  const tail = tailMatch ? tailMatch[0] : '';
  const t = s.slice(0, s.length - tail.length);
  if (t === '' || !CLOSE.includes(t[t.length - 1])) return null;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i -= 1) {
    if (CLOSE.includes(t[i])) depth += 1;
    else if (OPEN.includes(t[i])) {
      depth -= 1;
      if (depth === 0) return { before: t.slice(0, i), inner: t.slice(i + 1, t.length - 1), tail: tail.trim() };
    }
  }
  return null;
}

/** The clauses of an annotation: `牵头单位：…；责任单位：…`, `X牵头，Y配合`. */
function splitClauses(text: string): string[] {
  return splitOutsideBrackets(text, '；;，,。');
}

const LEAD_END = /(?:(?:分别|共同)?(?:牵头负责|牵头落实|牵头抓总|牵头)|为牵头单位|主办|主责)$/;
const HELP_END =
  /(?:等?(?:配合落实|配合实施|配合|协助|协办|参与|协同推进|协同)|按职责分工负责|按职责分工落实|按职责负责|按职责落实|分别负责|分工负责|共同负责|按职能负责|具体负责|抓好落实|组织实施|落实)$/;
const OWNER_END = /(?:负责实施|负责推进|负责落实|负责)$/;
const ORG_LIKE = /(办|局|委|中心|政府|管委会|管委|单位|部门|院|室|厅|会|队|所|站|处|区|县|市|园区|公司|集团)$/;

/** Reads what is inside an end-of-item bracket; null when it is not a unit annotation (e.g. `（含综合窗口）`). */
function parseAnnotation(inner: string, dir: DirectoryIndex): Units | null {
  const text = normalizeText(inner);
  if (saysFirstUnitLeads(text)) return null; // `（排在第一位的为牵头单位）` is a rule, not a unit
  if (LABEL_AT_START.test(text)) {
    const labelled = parseLabelled(text);
    if (labelled && labelled.lead.length + labelled.responsible.length > 0) return labelled;
    return null;
  }
  const out: Units = { lead: [], responsible: [], deadline: null };
  const owners: string[] = [];
  let marked = false;
  for (const clause of splitClauses(text)) {
    if (LEAD_END.test(clause)) {
      out.lead.push(clause.replace(LEAD_END, ''));
      marked = true;
    } else if (HELP_END.test(clause) && !OWNER_END.test(clause.replace(HELP_END, ''))) {
      out.responsible.push(clause.replace(HELP_END, ''));
      marked = true;
    } else if (OWNER_END.test(clause)) {
      owners.push(clause.replace(OWNER_END, ''));
      marked = true;
    } else if (findDeadlineInText(`${clause}前`) || parseDeadline(clause).deadline.kind !== 'unknown') {
      // `2019年6月底前完成`, or a bare `2019年6月` (the added 前 lets the in-text finder accept it)
      out.deadline = clause;
    } else {
      out.responsible.push(clause);
    }
  }
  if (out.lead.length === 0) out.lead.push(...owners);
  else out.responsible.push(...owners);
  const names = [...out.lead, ...out.responsible].flatMap((t) => splitList(t)).map((t) => normalizeText(t));
  if (names.length === 0 || names.some((n) => n === '')) return null;
  const known = names.filter((n) => dir.resolve(n).kind !== 'unknown').length;
  if (marked ? known === 0 && !names.every((n) => ORG_LIKE.test(n) && n.length <= 20) : known < names.length) {
    return null;
  }
  return out;
}

/** Takes unit annotations (and a trailing `牵头单位：…` passage) off the end of an item. */
function takeUnits(text: string, dir: DirectoryIndex): { content: string; units: Units | null } {
  let content = normalizeText(text);
  let units: Units | null = null;
  const merge = (u: Units) => {
    units = units ?? { lead: [], responsible: [], deadline: null };
    units.lead.push(...u.lead);
    units.responsible.push(...u.responsible);
    units.deadline = units.deadline ?? u.deadline;
  };
  for (;;) {
    const b = trailingBracket(content);
    if (!b) break;
    const u = parseAnnotation(b.inner, dir);
    if (!u) break;
    merge(u);
    content = `${b.before.trim()}${b.tail.includes('。') ? '。' : ''}`;
  }
  const labels = [...content.matchAll(LABEL)];
  // the annotation begins at its first label, a person's (`牵头领导：…`) included, when a unit's or a deadline's follows
  const firstLabel = labels.some((m) => labelRole(m[1]) !== null) ? labels[0] : undefined;
  if (firstLabel && (firstLabel.index ?? 0) > 0) {
    const labelled = parseLabelled(content.slice(firstLabel.index));
    if (labelled && labelled.lead.length + labelled.responsible.length > 0) {
      merge(labelled);
      content = content.slice(0, firstLabel.index).trim();
    }
  }
  content = content.replace(/[；;，,\s]+$/, '');
  return { content, units };
}

const ITEM_PATTERNS: [string, RegExp][] = [
  ['arabic', /^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$/],
  ['paren-arabic', /^[（(](\d{1,3})[）)]\s*(.*)$/],
  ['paren-cn', /^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$/],
  ['circled', /^([\u2460-\u2473])\s*(.*)$/],
];
const PART = /^第[一二三四五六七八九十]+(?:部分|章|节)\s*(.*)$/;

interface Item {
  style: string;
  text: string;
  line: number;
  stage: string | null;
  /** The `牵头单位：…` / `责任单位：…` lines that follow the item, read together when it ends. */
  labelLines: string[];
  hasLabels: boolean;
}

interface Done {
  item: Item;
  content: string;
  units: Units;
}

/** Parses prose; null when no numbered item names any unit (then it is not a 分工方案). */
export function parseProse(
  lines: ProseLine[],
  dir: DirectoryIndex,
  format: Extract<ImportFormat, `${string}prose`>,
): ParsedPlan | null {
  const preamble: string[] = [];
  const done: Done[] = [];
  let stage: string | null = null;
  let chapterSeen = false;
  let current: Item | null = null;

  const endsWithAnnotation = (text: string) => {
    const b = trailingBracket(normalizeText(text));
    return b !== null && parseAnnotation(b.inner, dir) !== null;
  };
  /** The units of a line that is nothing but an annotation: `（责任单位：市直各有关单位、各县（市、区）人民政府）`. */
  const wholeAnnotation = (text: string): Units | null => {
    const b = trailingBracket(text);
    return b !== null && b.before.trim() === '' ? parseAnnotation(b.inner, dir) : null;
  };

  const flush = () => {
    if (!current) return;
    const item = current;
    current = null;
    const subItems = inlineSubItems(item.text);
    if (subItems && subItems.every((t) => endsWithAnnotation(t))) {
      // `（1）…（市发改委牵头负责）。（2）…（市商务局牵头负责）。` in one paragraph: one task per sub-item
      // the item's own words before （1） (`深化“放管服”改革。`) are the stage of its sub-items
      const heading = stageName(item.text.slice(0, item.text.search(/[（(]1[）)]/)));
      const subStage = heading !== '' && heading.length <= 40 ? heading : item.stage;
      for (const text of subItems) {
        const sub = takeUnits(text, dir);
        if (sub.units) {
          done.push({
            item: { ...item, style: `${item.style}-sub`, stage: subStage },
            content: sub.content,
            units: sub.units,
          });
        }
      }
      return;
    }
    const { content, units } = takeUnits(item.text, dir);
    const labels = parseLabelled(item.labelLines.join('；')) ?? emptyUnits();
    const all: Units = {
      lead: [...(units?.lead ?? []), ...labels.lead],
      responsible: [...(units?.responsible ?? []), ...labels.responsible],
      deadline: labels.deadline ?? units?.deadline ?? null,
    };
    const hasUnits = all.lead.length + all.responsible.length > 0;
    const headingLike = item.style === 'paren-cn' || (content.length <= 25 && !/[。；;]$/.test(content));
    if (!hasUnits && headingLike) {
      if (!chapterSeen) stage = stageName(content);
      return;
    }
    done.push({ item, content, units: all });
  };

  for (const { text: raw, line, listItem, headingLevel } of lines) {
    const t = normalizeText(raw);
    if (t === '') continue;
    // `一、…` is a chapter heading, unless it is a paragraph of the notice (`一、各责任单位要高度重视，……。`)
    const chapter = (isParagraph(t) ? null : CHAPTER.exec(t)) ?? PART.exec(t);
    // An automatically numbered Word heading is a chapter, unless it is the document's title (a level-1
    // heading before anything else).
    const wordChapter =
      headingLevel !== undefined &&
      (headingLevel >= 2 || done.length > 0 || current !== null || chapterSeen || pickTitle(preamble) !== null);
    if ((chapter || wordChapter) && !endsWithAnnotation(t)) {
      flush();
      chapterSeen = true;
      stage = stageName(t.replace(/^第[一二三四五六七八九十]+(?:部分|章|节)\s*/, ''));
      continue;
    }
    if (LABEL_AT_START.test(t)) {
      if (current) {
        current.labelLines.push(t);
        current.hasLabels = true;
      }
      continue;
    }
    const shared = wholeAnnotation(t);
    if (shared && !(current && (current.hasLabels || endsWithAnnotation(current.text)))) {
      // `（责任单位：…）` on a line of its own after several sub-items: it is the last one's annotation, and it
      // applies to its siblings before it that have none
      const own = current !== null;
      if (current) current.text += t;
      flush();
      shareUnits(done, shared, own);
      continue;
    }
    const item = ITEM_PATTERNS.map(([style, re]) => [style, re.exec(t)] as const).find(([, m]) => m !== null);
    if (item && item[1]) {
      flush();
      current = { style: item[0], text: item[1][2], line, stage, labelLines: [], hasLabels: false };
      continue;
    }
    if (listItem) {
      flush();
      current = { style: 'list', text: t, line, stage, labelLines: [], hasLabels: false };
      continue;
    }
    if (current && !current.hasLabels && !endsWithAnnotation(current.text)) {
      current.text += t;
      continue;
    }
    if (endsWithAnnotation(t)) {
      flush();
      current = { style: 'plain', text: t, line, stage, labelLines: [], hasLabels: false };
      continue;
    }
    if (!current && done.length === 0 && !chapterSeen) preamble.push(t);
  }
  flush();

  const withUnits = done.filter((d) => d.units.lead.length + d.units.responsible.length > 0);
  if (withUnits.length === 0) return null;
  const stagesWithUnits = new Set(withUnits.map((d) => d.item.stage));
  const title = pickTitle(preamble);
  const plan = new PlanBuilder(
    dir,
    saysFirstUnitLeads(lines.map((l) => l.text).join('\n')),
    documentYearText(
      title,
      lines.map((l) => l.text),
    ),
  );
  for (const d of done) {
    if (d.units.lead.length + d.units.responsible.length === 0 && !stagesWithUnits.has(d.item.stage)) continue;
    plan.addTask({
      stage: d.item.stage,
      content: d.content,
      lead: d.units.lead,
      responsible: d.units.responsible,
      deadline: d.units.deadline,
      line: d.item.line,
    });
  }
  return plan.finish(title, format);
}

/**
 * The sub-items `（1）…（2）…` written inside one paragraph, numbered in order from 1; null when there are fewer
 * than two. What comes before `（1）` (the item's own heading) is not a sub-item.
 */
export function inlineSubItems(text: string): string[] | null {
  const marks = [...text.matchAll(/[（(](\d{1,2})[）)]/g)];
  const starts: number[] = [];
  for (const m of marks) {
    if (+m[1] === starts.length + 1) starts.push(m.index ?? 0);
  }
  if (starts.length < 2) return null;
  return starts.map((from, k) =>
    text
      .slice(from, k + 1 < starts.length ? starts[k + 1] : text.length)
      .replace(/^[（(]\d{1,2}[）)]\s*/, '')
      .trim(),
  );
}

/** A paragraph (long, ending as a sentence) rather than a heading, though it starts like one. */
function isParagraph(t: string): boolean {
  return t.length > 40 && /[。；;]$/.test(t);
}

/**
 * Gives a units line written once under several sub-items to each of them: the items before it that have no units
 * of their own and are numbered like the last one (its siblings), back to the first that has units or another style.
 * `lastHasThem`: the last item took the line as its own annotation already.
 */
function shareUnits(done: Done[], units: Units, lastHasThem: boolean): void {
  const last = done[done.length - 1];
  if (!last) return;
  for (let i = done.length - (lastHasThem ? 2 : 1); i >= 0; i -= 1) {
    const d = done[i];
    const own = d.units.lead.length + d.units.responsible.length > 0;
    if (own || d.item.style !== last.item.style || d.item.stage !== last.item.stage) break;
    d.units = {
      lead: [...units.lead],
      responsible: [...units.responsible],
      deadline: d.units.deadline ?? units.deadline,
    };
  }
}

function emptyUnits(): Units {
  return { lead: [], responsible: [], deadline: null };
}
