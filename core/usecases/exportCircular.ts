/**
 * exportCircular (情况通报): an Excel workbook an office edits and prints: 汇总 (overall and by stage, in the
 * table's order), 单位情况 (per unit, most overdue first), 逾期事项 (one row per task with its overdue units, most
 * overdue first) and 全部任务 (every task with its counts).
 * Each sheet: a title row 督办通 情况通报 with the date, bold bordered headers, column widths, the header row frozen
 * and repeated on every printed page, A4 landscape fitted to the page width, one font (宋体), and rows as tall as
 * their wrapped text (spreadsheet programs do not grow a row for wrapped text by themselves).
 * Permission: supervisors, admins and viewers (PERMISSIONS.exportCircular). Levels: as the dashboard, one bound
 * to a district gets its subtree's circular (core/org/levels.ts `countsCover`).
 */
import type ExcelJS from 'exceljs';
import type { LightCounts } from '../api/contract';
import type { Assignment, Light, Settings, Task } from '../model';
import { MAX_PAGE, SCAN_PAGE } from '../ports/store';
import { countLights, daysLeft, LIGHT_WORDS, lightOf, rollUp } from '../lights/lights';
import { beijingDate, formatChineseDate } from '../time';
import { audit, callerReach } from './access';
import { countsCover } from '../org/levels';
import { lightSummary } from './dashboard';
import { defineUseCase, noInput } from './define';
import type { BoundContext } from './runtime';
import { unitNames } from './views';

/** exceljs is loaded when a circular is built, not when the server or the cloud function starts. */
async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  return new Excel.Workbook();
}

interface Column {
  header: string;
  width: number;
  wrap?: boolean;
  /** Text that reads as a number (办结率) sits right like the numbers. */
  align?: 'right';
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

/** A sheet laid out for printing: title, date, header row; rows added after. */
function printableSheet(wb: ExcelJS.Workbook, name: string, subtitle: string, date: string, columns: Column[]) {
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
  return {
    ws,
    /** Adds a row; `style` marks it bold (a total) and names a column to show in red (overdue counts). */
    add(values: (string | number | null)[], style: { bold?: boolean; red?: number } = {}) {
      const row = ws.addRow(values);
      let lines = 1;
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const column = columns[col - 1];
        const red = style.red === col && typeof cell.value === 'number' && cell.value > 0;
        cell.border = BORDER;
        cell.font = { name: FONT, size: 11, bold: style.bold || red, ...(red ? { color: { argb: 'FFC00000' } } : {}) };
        cell.alignment = {
          vertical: 'top',
          wrapText: column?.wrap ?? false,
          horizontal: typeof cell.value === 'number' || column?.align === 'right' ? 'right' : 'left',
        };
        if (column?.wrap && cell.value !== null && cell.value !== undefined) {
          lines = Math.max(lines, wrappedLines(String(cell.value), column.width));
        }
      });
      row.height = lines * LINE_HEIGHT + ROW_PADDING;
      return row;
    },
  };
}

const rate = (c: LightCounts) => (c.total ? `${Math.round((c.done / c.total) * 100)}%` : '—');
const countCells = (c: LightCounts) => [c.total, c.done, c.green, c.yellow, c.red, rate(c)];
const COUNT_COLUMNS: Column[] = [
  { header: '任务分配数', width: 11 },
  { header: '已办结', width: 9 },
  { header: '正常', width: 9 },
  { header: '临期', width: 9 },
  { header: '逾期', width: 9 },
  { header: '办结率', width: 9, align: 'right' },
];

async function allOf<T>(fetch: (offset: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await fetch(offset);
    out.push(...page.items);
    if (page.items.length < MAX_PAGE || out.length >= page.total) return out;
  }
}

export async function buildCircular(ctx: BoundContext, settings: Settings): Promise<ExcelJS.Workbook> {
  const { store } = ctx.rt;
  const names = await unitNames(ctx.rt);
  const today = beijingDate(ctx.now);
  const date = formatChineseDate(today);
  const reach = await callerReach(ctx);
  const covers = countsCover(await store.listUnits(), reach);
  const summary = await lightSummary(ctx.rt, ctx.now, settings, names, covers);
  const wb = await newWorkbook();
  wb.creator = '督办通';
  wb.created = new Date(ctx.now);

  const allTasks = await allOf<Task>((offset) => store.listTasks({ offset, limit: MAX_PAGE }));
  // stages in the order the table gives them (the order of their first task)
  const firstSeq = new Map<string, number>();
  for (const t of allTasks) {
    const stage = t.stage ?? '';
    firstSeq.set(stage, Math.min(firstSeq.get(stage) ?? t.seq, t.seq));
  }
  const stageOrder = (stage: string): number => firstSeq.get(stage) ?? Number.MAX_SAFE_INTEGER;

  const s1 = printableSheet(wb, '汇总', '总体情况', date, [
    { header: '工作阶段', width: 40, wrap: true },
    ...COUNT_COLUMNS,
  ]);
  s1.add(['合计', ...countCells(summary.counts)], { bold: true, red: 6 });
  for (const s of [...summary.byStage].sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage))) {
    s1.add([s.stage, ...countCells(s.counts)], { red: 6 });
  }

  const s2 = printableSheet(wb, '单位情况', '各单位办理情况（按逾期数排序）', date, [
    { header: '序号', width: 6 },
    { header: '单位', width: 28, wrap: true },
    ...COUNT_COLUMNS,
  ]);
  summary.byUnit.forEach((u, i) => s2.add([i + 1, u.unitName, ...countCells(u.counts)], { red: 7 }));

  // One pass over the assignments (keyset pages, no offsets, no query per task): each task's lights for 全部任务
  // and its overdue assignments for 逾期事项, the light of each from lightOf, the rule the dashboard counts by.
  const taskById = new Map(allTasks.map((t) => [t.id, t]));
  const lightsOf = new Map<string, Light[]>();
  // per task, only what 逾期事项 prints of each overdue assignment (the assignments themselves are not kept)
  const overdueOf = new Map<string, Pick<Assignment, 'unitId' | 'role' | 'dueDate'>[]>();
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
    }
    if (page.length < SCAN_PAGE) break;
    after = page[page.length - 1].id;
  }
  // a district's circular lists the tasks its subtree holds a part of; the city's, every task
  const tasks = reach.all ? allTasks : allTasks.filter((t) => lightsOf.has(t.id));
  // 逾期事项: one row per task, its overdue units named (lead units marked), most overdue first
  const byTask = new Map<string, { task: Task; units: string[]; dues: Set<string>; days: number[] }>();
  for (const [taskId, list] of overdueOf) {
    // within a task, as the list of urgency orders them: most overdue first, lead first, then by unit id
    list.sort(
      (x, y) =>
        (x.dueDate ?? '').localeCompare(y.dueDate ?? '') ||
        Number(x.role !== 'lead') - Number(y.role !== 'lead') ||
        x.unitId.localeCompare(y.unitId),
    );
    const entry = { task: taskById.get(taskId)!, units: [] as string[], dues: new Set<string>(), days: [] as number[] };
    byTask.set(taskId, entry);
    for (const a of list) {
      const name = names.get(a.unitId) ?? '';
      entry.units.push(a.role === 'lead' ? `${name}（牵头）` : name);
      if (a.dueDate) entry.dues.add(a.dueDate);
      entry.days.push(-(daysLeft(a.dueDate, ctx.now) ?? 0));
    }
  }
  const s3 = printableSheet(wb, '逾期事项', '逾期未办结事项', date, [
    { header: '序号', width: 6 },
    { header: '任务序号', width: 9 },
    { header: '工作阶段', width: 16, wrap: true },
    { header: '目标任务', width: 46, wrap: true },
    { header: '逾期单位', width: 46, wrap: true },
    { header: '逾期单位数', width: 10 },
    { header: '完成时限', width: 14, wrap: true },
    { header: '逾期天数', width: 9, align: 'right' },
  ]);
  const rows = [...byTask.values()].sort(
    (a, b) => Math.max(...b.days) - Math.max(...a.days) || a.task.seq - b.task.seq,
  );
  rows.forEach(({ task, units, dues, days }, i) => {
    const [least, most] = [Math.min(...days), Math.max(...days)];
    s3.add([
      i + 1,
      task.seq,
      task.stage ?? '',
      task.content,
      units.join('、'),
      units.length,
      [...dues].sort().map(formatChineseDate).join('、') || task.deadline.text,
      least === most ? most : `${least}–${most}`,
    ]);
  });

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
  for (const task of tasks) {
    const lights = lightsOf.get(task.id) ?? [];
    const c = countLights(lights);
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
        LIGHT_WORDS[rollUp(lights)],
      ],
      { red: 9 },
    );
  }
  return wb;
}

export const exportCircular = defineUseCase({
  action: 'exportCircular',
  schema: noInput,
  async run(ctx) {
    const settings = await ctx.rt.store.getSettings();
    const wb = await buildCircular(ctx, settings);
    const buffer = await wb.xlsx.writeBuffer();
    const fileName = `督办通情况通报-${beijingDate(ctx.now)}.xlsx`;
    const saved = await ctx.rt.files.saveExport(fileName, new Uint8Array(buffer as ArrayBuffer));
    await audit(ctx, 'exportCircular', `file:${saved.fileId}`, { fileName });
    return { fileName, url: saved.url, fileId: saved.fileId };
  },
});
