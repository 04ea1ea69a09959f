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

/** Picks the document's title from the lines before the table or the first item: not `附件`, not a sentence. */
export function pickTitle(lines: string[]): string | null {
  const candidates = lines
    .map((l) => normalizeText(l))
    .filter((l) => l !== '' && !/^附件\s*\d*[:：]?$/.test(l) && !/^[（(]?此件/.test(l) && l.length <= 80)
    .filter((l) => !/[。：:；;，,]$/.test(l) && !/^[-—–\d\s]+$/.test(l));
  const named = candidates.filter((l) => /表|方案|清单|分工|任务|计划|安排/.test(l));
  return named[named.length - 1] ?? candidates[0] ?? null;
}
