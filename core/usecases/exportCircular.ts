/**
 * exportCircular (情况通报): `format: 'docx'` (the default) is the Word circular the office issues as it is
 * (circularDocument.ts: masthead, 第N期 numbered per plan, office and date, an opening written from the figures,
 * tables by stage, units ranked by overdue, overdue items); `format: 'xlsx'` is its annex, a workbook the office
 * edits and prints: 汇总 (overall and by stage, in the table's order), 单位情况 (per unit, ranked by overdue, ties
 * sharing a rank, with each unit's latest progress), 逾期事项 (one row per overdue assignment: no packed cells) and
 * 全部任务 (every task with its counts and its light coloured). Counts are numbers, 办结率 a number shown as a
 * percentage. Both come from one set of figures (`circularFigures`).
 * Each sheet: a title row 督办通 情况通报 with the date, bold bordered headers, column widths, the header row frozen
 * and repeated on every printed page, A4 landscape fitted to the page width, one font (宋体), and rows as tall as
 * their wrapped text (spreadsheet programs do not grow a row for wrapped text by themselves).
 * Permission: supervisors, admins and viewers (PERMISSIONS.exportCircular). Levels: as the dashboard, one bound
 * to a district gets its subtree's circular (core/org/levels.ts `countsCover`).
 */
import type { Frozen } from '../frozen';
import type ExcelJS from 'exceljs';
import type { LightCounts } from '../api/contract';
import type { Assignment, Light, Settings, Task } from '../model';
import { MAX_PAGE, SCAN_PAGE } from '../ports/store';
import { countLights, daysLeft, LIGHT_WORDS, lightOf, rollUp } from '../lights/lights';
import { beijingDate, formatChineseDate, formatChineseDateTime } from '../time';
import { z } from 'zod';
import { notFound } from '../errors';
import {
  nameUnits,
  openingOf,
  rankBy,
  renderCircularDocx,
  type CircularDocument,
  type MissedReportRow,
  type OpenInstructionRow,
  type ReportingFigures,
} from './circularDocument';
import { audit, callerReach } from './access';
import { countedUnitFilter, countsCover } from '../org/levels';
import { openInstructions, reportingThisPeriod } from './cycles';
import { lightSummary } from './dashboard';
import { defineUseCase } from './define';
import type { BoundContext } from './runtime';
import { unitNames } from './views';

/**
 * exceljs is loaded when a circular is built, not when the server or the cloud function starts. The annex is
 * written with its streaming writer: each row is turned into XML and zipped when it is committed, so no model of a
 * whole sheet (tens of thousands of 逾期事项 rows at province scale) is ever held; the zipped bytes gather in the
 * writer's own in-memory buffer (`wb.stream`), with no file or other I/O.
 */
async function newWorkbook(now: string): Promise<AnnexWriter> {
  const { default: Excel } = await import('exceljs');
  return new Excel.stream.xlsx.WorkbookWriter({
    useStyles: true,
    useSharedStrings: true,
    // the compression exceljs's whole-workbook writer uses (the streaming writer's own default is level 1)
    zip: { zlib: { level: 6 } },
    ...{ creator: '督办通', created: new Date(now) },
  }) as AnnexWriter;
}

/** The streaming writer with what its typings leave out: the in-memory buffer it writes to without a stream. */
type AnnexWriter = ExcelJS.stream.xlsx.WorkbookWriter & { stream: { read(): Uint8Array } };

/**
 * exceljs's streaming sheet writer leaves out `<printOptions>` (here: the sheet centred on the printed page,
 * `horizontalCentered`), which its whole-workbook writer writes from the same pageSetup: written where the schema
 * puts it, just before the page margins.
 */
function writePrintOptions(ws: ExcelJS.Worksheet): void {
  const writer = ws as unknown as { _writePageMargins(): void; stream: { write(xml: string): void } };
  const margins = writer._writePageMargins.bind(writer);
  writer._writePageMargins = () => {
    if (ws.pageSetup.horizontalCentered) writer.stream.write('<printOptions horizontalCentered="1"/>');
    margins();
  };
}

/** Rows of 逾期事项 between turns given back to the event loop, so that the zip takes what is written meanwhile. */
const YIELD_EVERY = 20;
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface Column {
  header: string;
  width: number;
  wrap?: boolean;
  /** Text that reads as a number sits right like the numbers. */
  align?: 'right';
  /** An Excel number format (办结率: '0.0%'). */
  numFmt?: string;
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = '宋体';
/** Points per printed line of 11-point 宋体, and the padding of a row. */
const LINE_HEIGHT = 14.5;
const ROW_PADDING = 3;

/** How many lines `text` takes in a column `width` characters wide (a Chinese character is two). */
export function wrappedLines(text: string, width: number): number {
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let units = 0;
    for (const ch of paragraph) units += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1.1;
    lines += Math.max(1, Math.ceil(units / Math.max(1, width - 1)));
  }
  return lines;
}

/**
 * A sheet laid out for printing: title, date, header row; rows added after. Each row is committed (written out and
 * let go) as it is added, or, held, by `commit` once the rows it is merged with are there.
 */
function printableSheet(wb: AnnexWriter, name: string, subtitle: string, date: string, columns: Column[]) {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '3:3',
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  writePrintOptions(ws);
  ws.columns = columns.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, columns.length);
  const title = ws.getCell(1, 1);
  title.value = `督办通 情况通报：${subtitle}`;
  title.font = { name: FONT, bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;
  ws.mergeCells(2, 1, 2, columns.length);
  const dateCell = ws.getCell(2, 1);
  dateCell.value = `统计日期：${date}`;
  dateCell.alignment = { horizontal: 'right' };
  dateCell.font = { name: FONT, size: 11 };
  const header = ws.getRow(3);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONT, bold: true, size: 11 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
    cell.border = BORDER;
  });
  header.height = 22;
  // one style object per kind of cell, shared by every cell of that kind: exceljs files a style object it has seen
  // once under the same id (its styles' WeakMap) instead of comparing each cell's style again
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  const cellStyle = (col: number, number: boolean, bold: boolean, red: boolean, fill: string | undefined) => {
    const key = `${col} ${number} ${bold} ${red} ${fill ?? ''}`;
    let made = styles.get(key);
    if (!made) {
      const column = columns[col - 1];
      made = {
        border: BORDER,
        font: { name: FONT, size: 11, bold, ...(red ? { color: { argb: 'FFC00000' } } : {}) },
        alignment: {
          vertical: 'top',
          wrapText: column?.wrap ?? false,
          horizontal: number || column?.align === 'right' ? 'right' : 'left',
        },
        ...(column?.numFmt ? { numFmt: column.numFmt } : {}),
        ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } } : {}),
      };
      styles.set(key, made);
    }
    return made;
  };
  return {
    ws,
    /**
     * Adds a row; `style` marks it bold (a total), names a column to show in red (overdue counts) and may give the
     * row's height in lines (else the lines of its wrapped text); `hold` keeps it open for a merge.
     */
    add(
      values: (string | number | null)[],
      style: { bold?: boolean; red?: number; fill?: Record<number, string>; lines?: number; hold?: boolean } = {},
    ) {
      const row = ws.addRow(values);
      let lines = 1;
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const column = columns[col - 1];
        const number = typeof cell.value === 'number';
        const red = style.red === col && number && (cell.value as number) > 0;
        cell.style = cellStyle(col, number, style.bold || red, red, style.fill?.[col]);
        if (style.lines === undefined && column?.wrap && cell.value !== null && cell.value !== undefined) {
          lines = Math.max(lines, wrappedLines(String(cell.value), column.width));
        }
      });
      row.height = (style.lines ?? lines) * LINE_HEIGHT + ROW_PADDING;
      if (!style.hold) row.commit();
      return row;
    },
    /** Writes out the rows held so far. */
    commit(row: ExcelJS.Row) {
      row.commit();
    },
  };
}

/** 办结率 as a number (0.5 shows as 50.0%); null when there is nothing to finish. */
const rate = (c: LightCounts) => (c.total ? c.done / c.total : null);
const countCells = (c: LightCounts) => [c.total, c.done, c.green, c.yellow, c.red, rate(c)];
const COUNT_COLUMNS: Column[] = [
  { header: '任务分配数', width: 11 },
  { header: '已办结', width: 9 },
  { header: '正常', width: 9 },
  { header: '临期', width: 9 },
  { header: '逾期', width: 9 },
  { header: '办结率', width: 9, numFmt: '0.0%' },
];

async function allOf<T>(fetch: (offset: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await fetch(offset);
    out.push(...page.items);
    if (page.items.length < MAX_PAGE || out.length >= page.total) return out;
  }
}

/** The fill of each light in the annex (Excel's own good / neutral / bad colours; 已办结 grey). */
export const LIGHT_FILLS: Record<Light, string> = {
  green: 'FFC6EFCE',
  yellow: 'FFFFEB9C',
  red: 'FFFFC7CE',
  done: 'FFD9D9D9',
};

/** The longest excerpt of a unit's latest report the annex prints. */
export const PROGRESS_EXCERPT = 80;

interface OverdueEntry {
  task: Task;
  /** Overdue assignments, most overdue first, lead first. */
  units: { unitId: string; unitName: string; lead: boolean; dueDate: string | null; days: number }[];
}

/** What both the Word circular and its annex print, read once. */
export interface CircularFigures {
  today: string;
  date: string;
  summary: Awaited<ReturnType<typeof lightSummary>>;
  tasks: Task[];
  stageOrder: (stage: string) => number;
  lightsOf: Map<string, Light[]>;
  /** Most overdue task first. */
  overdue: OverdueEntry[];
  /** Each unit's latest report: when and an excerpt. */
  latest: Map<string, { at: string; text: string }>;
  /** The directory's collectives (member unit ids), to name a whole collective once in the Word circular. */
  groups: { name: string; members: string[] }[];
  /** The units' names, as read for these figures (the circular's other sections name units from them too). */
  names: ReadonlyMap<string, string>;
}

export async function circularFigures(
  ctx: BoundContext,
  settings: Frozen<Settings>,
  /** One plan's circular; without it, every plan not archived. */
  planId?: string,
): Promise<CircularFigures> {
  const { store } = ctx.rt;
  // the directory read once for the names, the caller's reach and what its level counts
  const unitsRead = store.listUnits();
  const units = await unitsRead;
  const names = await unitNames(ctx.rt, units);
  const today = beijingDate(ctx.now);
  // levels: one bound to a district gets its subtree's circular (core/org/levels.ts countsCover)
  const reach = await callerReach(ctx, unitsRead);
  const covers = countsCover(units, reach);
  const summary = await lightSummary(ctx.rt, ctx.now, settings, names, planId, countedUnitFilter(units, reach));
  const plans = await store.listPlans();
  const shown = new Set(plans.filter((p) => (planId ? p.id === planId : !p.archivedAt)).map((p) => p.id));
  const planTasks = (await allOf<Task>((offset) => store.listTasks({ offset, limit: MAX_PAGE }))).filter((t) =>
    shown.has(t.planId),
  );
  // stages in the order the table gives them (the order of their first task)
  const firstSeq = new Map<string, number>();
  for (const t of planTasks) {
    const stage = t.stage ?? '';
    firstSeq.set(stage, Math.min(firstSeq.get(stage) ?? t.seq, t.seq));
  }
  const stageOrder = (stage: string): number => firstSeq.get(stage) ?? Number.MAX_SAFE_INTEGER;

  // One pass over the assignments (keyset pages, no offsets, no query per task): each task's lights, its overdue
  // assignments, and each unit's most recently reported assignment; the light of each from lightOf, the rule the
  // dashboard counts by.
  const taskById = new Map(planTasks.map((t) => [t.id, t]));
  const lightsOf = new Map<string, Light[]>();
  const overdueOf = new Map<string, Pick<Assignment, 'unitId' | 'role' | 'dueDate'>[]>();
  const lastOfUnit = new Map<string, Pick<Assignment, 'id' | 'taskId' | 'lastReportAt'>>();
  for (let after: string | null = null; ;) {
    const page: Assignment[] = await store.scanAssignments(after, SCAN_PAGE);
    for (const a of page) {
      if (!covers(a.unitId)) continue;
      const light = lightOf(a, ctx.now, settings.yellowDays);
      const lights = lightsOf.get(a.taskId) ?? [];
      lightsOf.set(a.taskId, lights);
      lights.push(light);
      if (light === 'red' && taskById.has(a.taskId)) {
        const list = overdueOf.get(a.taskId) ?? [];
        overdueOf.set(a.taskId, list);
        list.push({ unitId: a.unitId, role: a.role, dueDate: a.dueDate });
      }
      const last = lastOfUnit.get(a.unitId);
      if (a.lastReportAt && (!last || (last.lastReportAt ?? '') < a.lastReportAt)) {
        lastOfUnit.set(a.unitId, { id: a.id, taskId: a.taskId, lastReportAt: a.lastReportAt });
      }
    }
    if (page.length < SCAN_PAGE) break;
    after = page[page.length - 1].id;
  }
  // a district's circular lists the tasks its subtree holds a part of; the city's, every task
  const tasks = reach.all ? planTasks : planTasks.filter((t) => lightsOf.has(t.id));
  const overdue: OverdueEntry[] = [];
  for (const [taskId, list] of overdueOf) {
    // within a task, as the list of urgency orders them: most overdue first, lead first, then by unit id
    list.sort(
      (x, y) =>
        (x.dueDate ?? '').localeCompare(y.dueDate ?? '') ||
        Number(x.role !== 'lead') - Number(y.role !== 'lead') ||
        x.unitId.localeCompare(y.unitId),
    );
    overdue.push({
      task: taskById.get(taskId)!,
      units: list.map((a) => ({
        unitId: a.unitId,
        unitName: names.get(a.unitId) ?? '',
        lead: a.role === 'lead',
        dueDate: a.dueDate,
        days: -(daysLeft(a.dueDate, ctx.now) ?? 0),
      })),
    });
  }
  const most = (e: OverdueEntry) => Math.max(...e.units.map((u) => u.days));
  overdue.sort((a, b) => most(b) - most(a) || a.task.seq - b.task.seq);

  // each unit's latest report: one read of the reports of its most recently reported assignment
  const latest = new Map<string, { at: string; text: string }>();
  for (const [unitId, a] of lastOfUnit) {
    const reports = await store.listReportsOfTask(a.taskId, { assignmentIds: [a.id] });
    const last = reports.reduce<(typeof reports)[number] | null>(
      (best, r) => (!best || r.createdAt > best.createdAt ? r : best),
      null,
    );
    if (last) latest.set(unitId, { at: last.createdAt, text: last.text });
  }
  const groups = (await store.listGroups()).map((g) => ({ name: g.name, members: g.members }));
  return {
    today,
    date: formatChineseDate(today),
    summary,
    tasks,
    stageOrder,
    lightsOf,
    overdue,
    latest,
    groups,
    names,
  };
}

const excerpt = (text: string, max: number) => {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
};

/** The annex workbook's bytes (.xlsx) from the figures. */
export async function annexWorkbook(ctx: BoundContext, f: CircularFigures): Promise<Uint8Array> {
  const { summary, date } = f;
  const wb = await newWorkbook(ctx.now);

  const s1 = printableSheet(wb, '汇总', '总体情况', date, [
    { header: '工作阶段', width: 40, wrap: true },
    ...COUNT_COLUMNS,
  ]);
  s1.add(['合计', ...countCells(summary.counts)], { bold: true, red: 6 });
  for (const s of [...summary.byStage].sort((a, b) => f.stageOrder(a.stage) - f.stageOrder(b.stage))) {
    s1.add([s.stage, ...countCells(s.counts)], { red: 6 });
  }
  s1.ws.commit();

  const s2 = printableSheet(wb, '单位情况', '各单位办理情况（按逾期数排名）', date, [
    { header: '名次', width: 6 },
    { header: '单位', width: 24, wrap: true },
    ...COUNT_COLUMNS,
    { header: '最新进展', width: 48, wrap: true },
  ]);
  for (const { rank, item: u } of rankBy(summary.byUnit, (u) => u.counts.red)) {
    const last = f.latest.get(u.unitId);
    const progress = last ? `${formatChineseDateTime(last.at)}：${excerpt(last.text, PROGRESS_EXCERPT)}` : '暂无汇报';
    s2.add([rank, u.unitName, ...countCells(u.counts), progress], { red: 7 });
  }
  s2.ws.commit();

  // 逾期事项: one row per overdue assignment (task, unit, due date, days), most overdue task first; 序号 and 任务序号
  // on every row (so a printed page that continues a task still says which), 工作阶段 and 目标任务 merged down the
  // task's rows, their text spread over the rows' height
  const s3 = printableSheet(wb, '逾期事项', '逾期未办结事项', date, [
    { header: '序号', width: 6 },
    { header: '任务序号', width: 9 },
    { header: '工作阶段', width: 16, wrap: true },
    { header: '目标任务', width: 46, wrap: true },
    { header: '逾期单位', width: 24, wrap: true },
    { header: '牵头/责任', width: 11 },
    { header: '完成时限', width: 17 },
    { header: '逾期天数', width: 9 },
  ]);
  for (const [i, { task, units }] of f.overdue.entries()) {
    // the task's stage and content spread over its rows' height, each row at least its unit's name
    const needed = Math.max(wrappedLines(task.content, 46), wrappedLines(task.stage ?? '', 16));
    const perRow = Math.max(1, Math.ceil(needed / units.length));
    const rows = units.map((u, k) =>
      s3.add(
        [
          ...(k === 0 ? [i + 1, task.seq, task.stage ?? '', task.content] : [i + 1, task.seq, null, null]),
          u.unitName,
          u.lead ? '牵头' : '责任',
          u.dueDate ? formatChineseDate(u.dueDate) : task.deadline.text,
          u.days,
        ],
        { red: 8, lines: Math.max(perRow, wrappedLines(u.unitName, 24)), hold: true },
      ),
    );
    const [first, last] = [rows[0].number, rows[rows.length - 1].number];
    if (last > first) for (const col of [3, 4]) s3.ws.mergeCells(first, col, last, col);
    s3.commit(rows[rows.length - 1]);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
  }
  s3.ws.commit();

  const s4 = printableSheet(wb, '全部任务', '全部任务办理情况', date, [
    { header: '序号', width: 6 },
    { header: '工作阶段', width: 18, wrap: true },
    { header: '目标任务', width: 56, wrap: true },
    { header: '牵头单位', width: 20, wrap: true },
    { header: '责任单位', width: 26, wrap: true },
    { header: '完成时间', width: 14, wrap: true },
    { header: '单位数', width: 8 },
    { header: '已办结', width: 8 },
    { header: '逾期', width: 8 },
    { header: '状态', width: 9 },
  ]);
  for (const task of f.tasks) {
    const lights = f.lightsOf.get(task.id) ?? [];
    const c = countLights(lights);
    const light = rollUp(lights);
    s4.add(
      [
        task.seq,
        task.stage ?? '',
        task.content,
        task.leadNames.join('、'),
        task.responsibleNames.join('、'),
        task.deadline.text,
        c.total,
        c.done,
        c.red,
        LIGHT_WORDS[light],
      ],
      { red: 9, fill: { 10: LIGHT_FILLS[light] } },
    );
  }
  s4.ws.commit();
  await wb.commit();
  return new Uint8Array(wb.stream.read());
}

/** What the cycle and 批示 features give the Word circular (sections are omitted when absent). */
export interface CircularExtras {
  reporting?: ReportingFigures;
  openInstructions?: OpenInstructionRow[];
}

/** The Word circular's model from the figures: pure apart from the figures. */
export function circularDocument(
  f: CircularFigures,
  head: { title: string; issue: number; office: string },
  extras: CircularExtras = {},
): CircularDocument {
  const taskLights = f.tasks.map((t) => rollUp(f.lightsOf.get(t.id) ?? []));
  const count = (l: Light) => taskLights.filter((x) => x === l).length;
  const withOverdue = f.summary.byUnit.filter((u) => u.counts.red > 0);
  const missed: MissedReportRow[] | undefined = extras.reporting?.missed;
  return {
    ...head,
    date: f.date,
    opening: openingOf(
      f.date,
      { tasks: f.tasks.length, done: count('done'), green: count('green'), yellow: count('yellow'), red: count('red') },
      { total: f.summary.byUnit.length, withOverdue: withOverdue.length },
      extras.reporting,
    ),
    byStage: [
      ...[...f.summary.byStage].sort((a, b) => f.stageOrder(a.stage) - f.stageOrder(b.stage)),
      { stage: '合计', counts: f.summary.counts },
    ],
    ranked: rankBy(withOverdue, (u) => u.counts.red).map(({ rank, item }) => ({
      rank,
      unitName: item.unitName,
      counts: item.counts,
    })),
    unitsWithoutOverdue: f.summary.byUnit.length - withOverdue.length,
    overdue: f.overdue.map(({ task, units }) => {
      const days = units.map((u) => u.days);
      const [least, most] = [Math.min(...days), Math.max(...days)];
      const dues = [...new Set(units.map((u) => u.dueDate).filter((d): d is string => d !== null))].sort();
      return {
        seq: task.seq,
        content: task.content,
        units: nameUnits(units, f.groups),
        unitCount: units.length,
        due: dues.map(formatChineseDate).join('、') || task.deadline.text,
        days: least === most ? String(most) : `${least}–${most}`,
      };
    }),
    ...(missed && missed.length > 0 ? { missedReports: missed } : {}),
    ...(extras.openInstructions && extras.openInstructions.length > 0
      ? { openInstructions: extras.openInstructions }
      : {}),
  };
}

const DOCX_TYPE = 'docx' as const;

export const exportCircular = defineUseCase({
  action: 'exportCircular',
  schema: z.object({
    planId: z.string().min(1).max(100).optional(),
    format: z.enum(['docx', 'xlsx']).optional(),
  }),
  async run(ctx, input) {
    const { store } = ctx.rt;
    const format = input.format ?? DOCX_TYPE;
    if (input.planId && !(await store.getPlan(input.planId))) {
      throw notFound('这份任务清单', { planId: input.planId });
    }
    const settings = await store.getSettings();
    const figures = await circularFigures(ctx, settings, input.planId);
    let bytes: Uint8Array;
    let fileName: string;
    let issue: number | null = null;
    if (format === 'xlsx') {
      bytes = await annexWorkbook(ctx, figures);
      fileName = `督办通情况通报附表-${figures.today}.xlsx`;
    } else {
      // 第N期 per plan (the one asked for, else the newest not archived): the same day's circular keeps its number
      const plans = (await store.listPlans()).filter((p) => (input.planId ? p.id === input.planId : !p.archivedAt));
      const plan = [...plans].sort((a, b) => b.importedAt.localeCompare(a.importedAt))[0];
      issue = await store.circularIssue(plan?.id ?? '', figures.today);
      const office = (await store.getUnit(ctx.user.unitId))?.name ?? '督查室';
      const title = plan ? `关于${quoted(plan.title)}落实情况的通报` : '关于重点工作落实情况的通报';
      const extras = await circularExtras(ctx, figures, input.planId);
      bytes = await renderCircularDocx(circularDocument(figures, { title, issue, office }, extras));
      fileName = `督办通情况通报-第${issue}期-${figures.today}.docx`;
    }
    const saved = await ctx.rt.files.saveExport(fileName, bytes);
    await audit(ctx, 'exportCircular', `file:${saved.fileId}`, { fileName, format, ...(issue ? { issue } : {}) });
    return { fileName, url: saved.url, fileId: saved.fileId, format };
  },
});

/**
 * The circular's sections from the reporting cycle and the leaders' instructions (core/usecases/cycles.ts): the
 * units that missed the last period due (with the tasks they owe) and the 批示 not yet acted on by every unit.
 * Without a cycle the reporting sentence and section are left out.
 */
export async function circularExtras(
  ctx: BoundContext,
  figures: CircularFigures,
  planId?: string,
): Promise<CircularExtras> {
  const [reporting, instructions] = await Promise.all([
    reportingThisPeriod(ctx.rt, { now: ctx.now, planId, names: figures.names }),
    openInstructions(ctx.rt, { planId, names: figures.names }),
  ]);
  const extras: CircularExtras = {};
  if (reporting.expectedUnits > 0) {
    const byUnit = new Map<string, MissedReportRow>();
    for (const r of reporting.rows) {
      const unit = byUnit.get(r.unitId) ?? { unitName: r.unitName, tasks: [] };
      if (!unit.tasks.some((t) => t.seq === r.seq)) unit.tasks.push({ seq: r.seq, content: r.content });
      byUnit.set(r.unitId, unit);
    }
    extras.reporting = { expected: reporting.expectedUnits, missed: [...byUnit.values()] };
  }
  if (instructions.items.length > 0) {
    const tasks = new Map(figures.tasks.map((t) => [t.id, t]));
    extras.openInstructions = instructions.items.flatMap((i) => {
      const task = tasks.get(i.taskId);
      if (!task) return [];
      const acted = i.units.filter((u) => u.actedAt !== null).length;
      return [
        {
          taskSeq: task.seq,
          taskContent: i.unitName ? `${task.content}（${i.unitName}）` : task.content,
          leaderName: i.leaderName,
          givenOn: formatChineseDate(beijingDate(i.createdAt)),
          text: i.text,
          state: acted === 0 ? '未落实' : `落实中（${acted}/${i.units.length}）`,
        },
      ];
    });
  }
  return extras;
}

/** A plan title in 《》 unless it already is. */
function quoted(title: string): string {
  return /^《.*》$/.test(title) ? title : `《${title.replace(/^关于/, '').replace(/的通知$/, '')}》`;
}
