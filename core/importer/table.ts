/**
 * Tables of tasks, whatever their source (text, workbook, Word): the header is found by meaning, not by
 * position, and may repeat on every page; the stage carries over empty cells; a row holding only a heading
 * sets the stage; a row holding only text continues the previous task.
 */
import { badInput, importFailed, type DubanError } from '../errors';
import type { DirectoryIndex } from '../org/directory';
import type { ColumnRole, ImportFormat, ParsedPlan } from '../model';
import { nameKey, normalizeText } from '../org/normalize';
import { CHAPTER, PlanBuilder, documentYearText, pickTitle, saysFirstUnitLeads, stageName } from './plan';

/** One row of a table, or one loose line of text around it (`cells` has one entry, `loose` is true). */
export interface SourceRow {
  cells: string[];
  /** 1-based line (text, Word) or row (workbook). */
  line: number;
  /** A line of text outside the table (a title, a heading between tables, a note). */
  loose?: boolean;
}

export interface Columns {
  seq: number | null;
  stage: number | null;
  content: number;
  /**
   * Other columns whose header also reads as the task (`项目名称` beside `主要内容`): where the task's text is found
   * when its own cell is empty; see chooseTaskColumn. None when absent.
   */
  otherContent?: number[];
  lead: number[];
  responsible: number[];
  deadline: number | null;
}

type Role = 'seq' | 'stage' | 'content' | 'contentOrStage' | 'lead' | 'responsible' | 'deadline' | 'other';

const ROLE_RULES: [Role, RegExp][] = [
  ['other', /领导|备注|说明|标准|成果|形式|依据|联系人|电话|状态|进展|情况|评价|考核/],
  ['seq', /^(序号|编号|序|no\.?|#)$/],
  ['lead', /牵头|主办单位|主办部门|主责单位|主责部门/],
  ['responsible', /责任(部门|单位|主体)|配合|协办|协同|参与|承办|实施(单位|部门)|^单位$|^部门$/],
  ['deadline', /完成时[间限]|时间节点|时限|期限|截止|时间要求|时间安排|完成日期|进度安排|^时间$|^日期$/],
  ['contentOrStage', /^重点任务$|^重点工作$/],
  ['stage', /阶段|^项目$|类别|领域|板块|类型|^改革事项$|^重点领域$/],
  ['content', /任务|内容|措施|事项|目标|要求|工作|举措|实事|项目名称|建设项目|^项目内容$/],
];

/** A cell of running text (an item number, a sentence) is never a header word, even when it names a role. */
const NOT_A_HEADER_CELL = /^[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|[。；;！？!?]/;

function roleOf(cell: string): Role | null {
  if (NOT_A_HEADER_CELL.test(normalizeText(cell))) return null;
  const key = nameKey(cell).replace(/[*※:："'“”]/g, '');
  if (key === '' || key.length > 16) return null;
  for (const [role, re] of ROLE_RULES) if (re.test(key)) return role;
  return null;
}

/** Reads a row as a header: which column holds what. Null when the row is not a header. */
export function findColumns(cells: string[]): Columns | null {
  if (cells.some((c) => normalizeText(c).length > 30)) return null;
  const roles = cells.map(roleOf);
  const idx = (r: Role) => roles.flatMap((x, i) => (x === r ? [i] : []));
  let content = idx('content');
  let stage = idx('stage');
  const either = idx('contentOrStage');
  // `重点任务` / `重点工作` beside a content column is the stage, and still a place to find the task's text
  const alsoTaskLike = content.length === 0 ? [] : either;
  if (content.length === 0 && either.length > 0) content = either.slice(0, 1);
  else stage = [...either, ...stage];
  let lead = idx('lead');
  let responsible = idx('responsible');
  if (lead.length === 0 && responsible.length > 1) {
    // `责任单位 | 配合单位`: the 责任 column leads, the others help.
    const main = responsible.find((i) => /责任/.test(cells[i])) ?? responsible[0];
    lead = [main];
    responsible = responsible.filter((i) => i !== main);
  }
  if (content.length === 0 || lead.length + responsible.length === 0) return null;
  const recognised = roles.filter((r) => r !== null).length;
  if (recognised < 3 && idx('deadline').length === 0) {
    // Two header words make a header only when they are the whole row, or name both unit columns.
    const filled = cells.filter((c) => c.trim() !== '').length;
    if ((lead.length === 0 || responsible.length === 0) && recognised < filled) return null;
  }
  return {
    seq: idx('seq')[0] ?? null,
    stage: stage[0] ?? null,
    content: content[0],
    otherContent: [...content.slice(1), ...alsoTaskLike],
    lead,
    responsible,
    deadline: idx('deadline')[0] ?? null,
  };
}

const PAGE_NUMBER = /^[-—–－\s]*(第\s*\d+\s*页.*|\d+|\d+\s*\/\s*\d+)[-—–－\s]*$/;
const NOTE = /^(注|备注|说明)\s*[:：]/;

/**
 * Walks rows (with the loose lines around them) and builds the plan. Throws IMPORT_NO_HEADER when no row is a
 * header, IMPORT_NO_TASKS when the header has no task rows under it.
 */
export function parseTableRows(
  rows: SourceRow[],
  dir: DirectoryIndex,
  format: Exclude<ImportFormat, `${string}prose`>,
  /** Lines of text outside the table: warned about (text files) or passed over silently (Word, around tables). */
  options: { looseLines?: 'warn' | 'ignore' } & ImportOverride = {},
): ParsedPlan {
  const headerAt = rows.findIndex((r) => !r.loose && findColumns(r.cells) !== null);
  if (headerAt < 0) throw noHeader();
  const body = rows.slice(headerAt + 1).filter((r) => !r.loose);
  // The administrator's chosen roles win; otherwise the header's roles, with the task column chosen by its rows.
  const cols = options.columns
    ? columnsFromRoles(options.columns)
    : chooseTaskColumn(findColumns(rows[headerAt].cells) as Columns, body);
  const headerKey = rows[headerAt].cells.map((c) => nameKey(c)).join('|');
  const allText = rows.map((r) => r.cells.join(' ')).join('\n');
  const preamble = rows.slice(0, headerAt).map((r) => r.cells.find((c) => c.trim() !== '') ?? '');
  const title = pickTitle(preamble);
  const plan = new PlanBuilder(dir, saysFirstUnitLeads(allText), documentYearText(title, preamble));
  // In a text export a merged cell is written once: the rows under it leave it empty (Excel and Word expand it).
  const mergesLeftEmpty = format === 'table-text';

  const cell = (r: SourceRow, i: number | null) => (i === null ? '' : (r.cells[i] ?? '').trim());
  let stage: string | null = null;
  let previous: MergeableCells | null = null;

  for (const row of rows.slice(headerAt + 1)) {
    const texts = row.cells.map((c) => c.trim());
    const filled = texts.filter((t) => t !== '');
    if (filled.length === 0) continue;
    if (!row.loose && row.cells.map((c) => nameKey(c)).join('|') === headerKey) continue;
    if (!row.loose && findColumns(row.cells) !== null) continue; // a header of another page or table

    const distinct = new Set(filled.map((t) => normalizeText(t)));
    if (row.loose || distinct.size === 1) {
      const text = normalizeText(filled[0]);
      const onlyIn = (i: number | null) => !row.loose && i !== null && texts[i] !== '' && filled.length === 1;
      if (PAGE_NUMBER.test(text) || NOTE.test(text) || /^(附件\s*\d*[:：]?|续表\s*\d*)$/.test(text)) continue;
      if (CHAPTER.test(text) || onlyIn(cols.stage) || (filled.length > 1 && text.length <= 40)) {
        stage = stageName(text);
        continue;
      }
      if (row.loose || filled.length > 1) {
        if (options.looseLines !== 'ignore') {
          plan.warn(row.line, 'IGNORED', `这一行不在表格中，已忽略：“${clip(text)}”。`);
        }
        continue;
      }
      const contentOnly = taskColumns(cols).some((i) => onlyIn(i));
      const mergedRow = mergesLeftEmpty && previous !== null && startsRowUnderMerge(text, plan.lastTask?.content);
      if (contentOnly && !mergedRow) {
        if (!plan.continueLast(text, row.line)) {
          plan.warn(row.line, 'IGNORED', `这一行只有文字，没有单位和时间，已忽略：“${clip(text)}”。`);
        }
        continue;
      }
    }

    const stageCell = cell(row, cols.stage);
    if (stageCell !== '') stage = stageCell;
    const content = taskText(row, cols);
    let own: MergeableCells = {
      lead: cols.lead.map((i) => cell(row, i)).filter((t) => t !== ''),
      responsible: cols.responsible.map((i) => cell(row, i)).filter((t) => t !== ''),
      deadline: cell(row, cols.deadline),
    };
    if (mergesLeftEmpty && previous !== null && (cols.seq === null || cell(row, cols.seq) === '')) {
      const carried = carryDownMerged(own, previous);
      if (carried.lead !== own.lead && carried.lead.length + carried.responsible.length > 0) {
        plan.warn(
          row.line,
          'MERGED_CELLS',
          '这一行没有序号和单位，已按合并单元格沿用上一行的单位：请核对它是否是上一条任务的一部分。',
        );
      }
      own = carried;
    }
    if (content === '') {
      plan.warn(row.line, 'NO_CONTENT', '这一行没有任务内容，已跳过：请确认它是否应与上一行合并。');
      continue;
    }
    previous = own;
    plan.addTask({
      stage,
      content,
      lead: own.lead,
      responsible: own.responsible,
      deadline: own.deadline === '' ? null : own.deadline,
      line: row.line,
    });
  }
  if (plan.tasks.length === 0) {
    throw importFailed('IMPORT_NO_TASKS', '表格只有表头，没有任务行：请确认任务填在表头下方的行中，再重新导入。');
  }
  const headers = rows[headerAt].cells.map((c) => normalizeText(c));
  return { ...plan.finish(title, format), table: { headers, roles: rolesOfColumns(cols, headers.length) } };
}

// ── the administrator's override (issue 9): which column holds what ──────────

/** What an administrator corrected in the preview, threaded into the table parser. */
export interface ImportOverride {
  /** One role per header cell, replacing the roles the header words gave. */
  columns?: ColumnRole[];
}

/** The columns an administrator chose (one role per header cell). */
export function columnsFromRoles(roles: ColumnRole[]): Columns {
  const at = (r: ColumnRole) => roles.flatMap((x, i) => (x === r ? [i] : []));
  const content = at('content');
  if (content.length !== 1) {
    throw badInput('「列的用途」中请指定且只指定一列为“任务内容”，再重新识别。', { columns: roles });
  }
  return {
    seq: at('seq')[0] ?? null,
    stage: at('stage')[0] ?? null,
    content: content[0],
    lead: at('lead'),
    responsible: at('responsible'),
    deadline: at('deadline')[0] ?? null,
  };
}

/** The role of each of `n` header cells under `cols` (the preview shows them, the admin changes them). */
export function rolesOfColumns(cols: Columns, n: number): ColumnRole[] {
  const roles: ColumnRole[] = Array.from({ length: n }, () => 'ignore');
  const set = (i: number | null, r: ColumnRole) => {
    if (i !== null && i < n) roles[i] = r;
  };
  set(cols.seq, 'seq');
  set(cols.stage, 'stage');
  set(cols.deadline, 'deadline');
  for (const i of cols.lead) set(i, 'lead');
  for (const i of cols.responsible) set(i, 'responsible');
  set(cols.content, 'content');
  return roles;
}

/**
 * Of the columns whose header reads as the task, the one that holds one task per row: the one with the most
 * distinct texts (a 部署任务 / 项目名称 / 主要任务 column spans many rows, the 落实措施 / 主要内容 beside it does not);
 * on a tie, clearly longer texts, else the one further right. The column not chosen becomes the stage when the
 * table has none.
 */
export function chooseTaskColumn(cols: Columns, body: SourceRow[]): Columns {
  const candidates = taskColumns(cols);
  if (candidates.length === 1) return cols;
  const score = (i: number) => {
    const texts = body.map((r) => normalizeText(r.cells[i] ?? '')).filter((t) => t !== '');
    return { distinct: new Set(texts).size, length: texts.reduce((n, t) => n + t.length, 0) };
  };
  // more distinct texts wins; on a tie, clearly longer texts, else the column further right (the detail)
  const best = candidates.reduce((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa.distinct !== sb.distinct) return sb.distinct > sa.distinct ? b : a;
    if (sa.length > 1.5 * sb.length) return a;
    if (sb.length > 1.5 * sa.length) return b;
    return b > a ? b : a;
  });
  const others = candidates.filter((i) => i !== best);
  const stage = cols.stage !== null && cols.stage !== best ? cols.stage : (others[0] ?? null);
  return { ...cols, content: best, otherContent: others, stage };
}

/** The task column first, then the other task-like columns. */
function taskColumns(cols: Columns): number[] {
  return [cols.content, ...(cols.otherContent ?? [])];
}

/** The task's text: its task column, or, when that cell is empty, another task-like column of the row that has text. */
function taskText(row: SourceRow, cols: Columns): string {
  for (const i of taskColumns(cols)) {
    const t = (row.cells[i] ?? '').trim();
    if (t !== '') return t;
  }
  return '';
}

interface MergeableCells {
  lead: string[];
  responsible: string[];
  deadline: string;
}

/**
 * A row of a text export whose 序号 is empty sits under merged cells: its empty unit and deadline cells are the
 * ones of the row above (as the stage already carries over).
 */
function carryDownMerged(own: MergeableCells, above: MergeableCells): MergeableCells {
  return {
    lead: own.lead.length > 0 || own.responsible.length > 0 ? own.lead : above.lead,
    responsible: own.lead.length > 0 || own.responsible.length > 0 ? own.responsible : above.responsible,
    deadline: own.deadline !== '' ? own.deadline : above.deadline,
  };
}

/**
 * A row with nothing but task text is a cell broken over a page, unless the task above is a finished sentence:
 * then it is a task of its own under merged 序号 / unit cells.
 */
function startsRowUnderMerge(text: string, above: string | undefined): boolean {
  return above !== undefined && /[。！？!?；;]$/.test(above) && !/^[，,、；;）)]/.test(text);
}

function clip(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

export function noHeader(): DubanError {
  return importFailed(
    'IMPORT_NO_HEADER',
    '未识别到表头：请确认表格包含“目标任务”“牵头单位”“责任单位”“完成时间”等列（或每条任务后注明“牵头单位：…”），或另存为 Excel 后重新导入。',
  );
}
