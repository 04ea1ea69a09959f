/**
 * Collects tasks, warnings and unknown units while a parser walks a document, then produces the ParsedPlan.
 * Every shape (text table, workbook, Word table, prose) goes through here, so they all treat units and
 * deadlines the same way.
 */
import { findDeadlineInText, parseDeadline } from '../deadline/parse';
import type { DirectoryIndex } from '../org/directory';
import type { Deadline, ImportFormat, ImportWarning, ParsedPlan, ParsedTask, UnitRef } from '../model';
import { normalizeText } from '../org/normalize';
import { readUnits } from './units';

/** `排在第一位的为牵头单位`, `第一个单位为牵头单位`, `排名第一的单位牵头`: the document says the first listed unit leads. */
const FIRST_LEADS = /(?:排在?第一位?|排名第一|排序第一|列第一位?|第一个|第一家|首位|首个)[^。；;\n]{0,12}牵头/;

export function saysFirstUnitLeads(text: string): boolean {
  return FIRST_LEADS.test(normalizeText(text));
}

/** `一、` `二、` …: a chapter heading; its text becomes the stage of the tasks under it. */
export const CHAPTER = /^([一二三四五六七八九十百]{1,3})[、.．]\s*(.+)$/;

export function stageName(text: string): string {
  return normalizeText(text)
    .replace(/^[一二三四五六七八九十百]{1,3}[、.．]\s*/, '')
    .replace(/^[（(][一二三四五六七八九十]{1,3}[）)]\s*/, '')
    .replace(/[（(]续表?[）)]$/, '') // a stage carried onto the next page: `梳理公布“最多跑一次”事项（续）`
    .replace(/[。：:；;，,]+$/, '')
    .trim();
}

export interface TaskInput {
  stage: string | null;
  content: string;
  lead: string[];
  responsible: string[];
  deadline: string | null;
  line: number | null;
}

export class PlanBuilder {
  readonly tasks: ParsedTask[] = [];
  readonly warnings: ImportWarning[] = [];
  private readonly unknown: string[] = [];
  private year: number | null;

  constructor(
    private readonly dir: DirectoryIndex,
    private readonly firstUnitLeads: boolean,
    contextText: string,
  ) {
    const m = /(20\d{2})\s*年/.exec(contextText);
    this.year = m ? +m[1] : null;
  }

  warn(line: number | null, code: string, message: string): void {
    this.warnings.push({ line, code, message });
  }

  get lastTask(): ParsedTask | undefined {
    return this.tasks[this.tasks.length - 1];
  }

  /** Appends text that continues the previous task (a cell broken across pages). */
  continueLast(text: string, line: number | null): boolean {
    const last = this.lastTask;
    if (!last) return false;
    last.content = normalizeText(`${last.content}${text}`);
    this.warn(line, 'CONTINUATION', `这一行只有任务内容，没有单位和时间，已接在第${last.seq}条任务之后：请核对。`);
    return true;
  }

  addTask(input: TaskInput): ParsedTask {
    const { line } = input;
    const content = normalizeText(input.content);
    const leadUnits = input.lead.flatMap((t) => readUnits(t, this.dir));
    const respUnits = input.responsible.flatMap((t) => readUnits(t, this.dir));
    // Where a cell marks its lead (`市政务服务中心（牵头）、市电子政务办`), the others in that cell are responsible.
    const leadMarked = leadUnits.some((u) => u.markedLead);
    let lead: UnitRef[] = [
      ...leadUnits.filter((u) => !leadMarked || u.markedLead).map((u) => u.ref),
      ...respUnits.filter((u) => u.markedLead).map((u) => u.ref),
    ];
    let responsible: UnitRef[] = [
      ...leadUnits.filter((u) => leadMarked && !u.markedLead).map((u) => u.ref),
      ...respUnits.filter((u) => !u.markedLead).map((u) => u.ref),
    ];
    if (lead.length === 0 && this.firstUnitLeads && responsible.length > 0) {
      lead = [responsible[0]];
      responsible = responsible.slice(1);
    }
    lead = dedupe(lead);
    const leadKeys = new Set(lead.map(refKey));
    responsible = dedupe(responsible).filter((r) => !leadKeys.has(refKey(r)));

    for (const ref of [...lead, ...responsible]) {
      if (ref.kind === 'unknown' && !this.unknown.includes(ref.name)) {
        this.unknown.push(ref.name);
        this.warn(
          line,
          'UNKNOWN_UNIT',
          `单位“${ref.name}”不在组织目录中，已按原名保留：导入时请对应到目录中的单位或新建。`,
        );
      }
    }
    if (lead.length === 0 && responsible.length === 0) {
      this.warn(line, 'NO_UNITS', `这条任务没有写牵头单位或责任单位：导入后请补上，否则不会交办给任何单位。`);
    }

    const deadline = this.deadlineOf(input.deadline, content, line);
    const task: ParsedTask = {
      seq: this.tasks.length + 1,
      stage: input.stage ? stageName(input.stage) || null : null,
      content,
      lead,
      responsible,
      deadline,
      line,
    };
    this.tasks.push(task);
    return task;
  }

  private deadlineOf(text: string | null, content: string, line: number | null): Deadline {
    if (text !== null && normalizeText(text) !== '') {
      const { deadline, warning } = parseDeadline(text, { year: this.year });
      if (warning) this.warn(line, deadline.kind === 'unknown' ? 'DEADLINE_UNKNOWN' : 'DEADLINE_ASSUMED', warning);
      if (deadline.due && deadline.kind !== 'unknown' && !warning) this.year = +deadline.due.slice(0, 4);
      return deadline;
    }
    const inside = findDeadlineInText(content);
    if (inside) return inside;
    this.warn(line, 'NO_DEADLINE', '这条任务没有写完成时间：已按“无截止日期”导入，请在导入后补上。');
    return { text: '', kind: 'unknown', start: null, due: null };
  }

  finish(title: string | null, format: ImportFormat): ParsedPlan {
    return {
      title: title ? normalizeText(title) : null,
      format,
      tasks: this.tasks,
      unknownUnits: [...this.unknown],
      warnings: this.warnings,
    };
  }
}

function refKey(r: UnitRef): string {
  return r.id ?? `?${r.name}`;
}

function dedupe(refs: UnitRef[]): UnitRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = refKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The text the document's year is read from (for deadlines without one): the title, else the lines around it. */
export function documentYearText(title: string | null, lines: string[]): string {
  return title && /20\d{2}\s*年/.test(title) ? title : [title ?? '', ...lines].join('\n');
}

/** A line naming the kind of document at its end: the plan's title (`…责任分解表`, `…分工方案`, `…工作要点`). */
const TITLE_KIND =
  /(表|方案|清单|分工|分解|要点|计划|安排|事项|任务书|责任书|台账)[）)]?$|(任务|工作)(分解|分工|清单|安排|计划)/;
/** `当前位置：首页 > 政务公开 > …`: a web page's breadcrumb, never the title. */
const BREADCRUMB = /^(当前位置|您当前所在位置|您现在所在的位置|所在位置|当前页面)|[>＞»›]/;
/**
 * Lines that are not a title: an attachment mark, a publication note, a date, a document number, metadata, the
 * notice that sends the plan (`…关于印发…的通知`).
 */
const NOT_TITLE =
  /^附件\s*\d*[:：]?$|^[（(]?此件|^\d{4}[年-]\d{1,2}[月-]\d{1,2}日?|^[〇○零一二三四五六七八九十]{4}年|〔\d{4}〕|\[\d{4}\]\s*\d+号|^(发布|索引|文号|来源|主题分类|发文|浏览|字号|分享)|[|｜]|通知$/;

function titleCandidate(l: string): boolean {
  return (
    l !== '' &&
    l.length <= 80 &&
    !NOT_TITLE.test(l) &&
    !BREADCRUMB.test(l) &&
    !/[。：:；;，,]$/.test(l) &&
    !/^[-—–\d\s]+$/.test(l)
  );
}

/**
 * Picks the document's title from the lines before the table or the first item: the last line that names the kind
 * of document (a title broken over two lines is joined: `立山区政府2023年重点工作` + `任务分解和责任分工方案`);
 * never a breadcrumb, an attachment mark, a date, a document number or a sentence.
 */
export function pickTitle(lines: string[]): string | null {
  const all = lines.map((l) => normalizeText(l)).filter((l) => l !== '');
  const candidates: string[] = [];
  all.forEach((l, i) => {
    if (!titleCandidate(l)) return;
    const before = all[i - 1];
    // The second half of a two-line title has no year of its own; its first half has one and names no kind.
    if (
      before !== undefined &&
      TITLE_KIND.test(l) &&
      !/\d{4}/.test(l) &&
      titleCandidate(before) &&
      /\d{4}\s*年/.test(before) &&
      !TITLE_KIND.test(before) &&
      before.length + l.length <= 80
    ) {
      candidates.push(`${before}${l}`);
      return;
    }
    candidates.push(l);
  });
  const named = candidates.filter((l) => TITLE_KIND.test(l));
  const loosely = candidates.filter((l) => /表|方案|清单|分工|任务|计划|安排/.test(l));
  return named[named.length - 1] ?? loosely[loosely.length - 1] ?? candidates[0] ?? null;
}
