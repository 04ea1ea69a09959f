/**
 * exportCircular (情况通报): an Excel workbook an office edits and prints: 汇总 (overall and by stage), 单位情况
 * (per unit, most overdue first), 逾期事项 (every overdue assignment) and 全部任务 (every task with its counts).
 * Each sheet: a title row 督办通 情况通报 with the date, bold bordered headers, column widths, the header row frozen
 * and repeated on every printed page, A4 landscape fitted to the page width.
 * Permission: supervisors, admins and viewers (PERMISSIONS.exportCircular).
 */
import ExcelJS from 'exceljs';
import type { LightCounts } from '../api/contract';
import type { Assignment, Settings, Task } from '../model';
import { MAX_PAGE } from '../ports/store';
import { countLights, daysLeft, LIGHT_WORDS, lightOf, rollUp } from '../lights/lights';
import { beijingDate, formatChineseDate } from '../time';
import { audit } from './access';
import { lightSummary } from './dashboard';
import { defineUseCase, noInput } from './define';
import { lightQuery } from './lightBands';
import type { BoundContext } from './runtime';
import { unitNames } from './views';

interface Column {
  header: string;
  width: number;
  wrap?: boolean;
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

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
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;
  ws.mergeCells(2, 1, 2, columns.length);
  const dateCell = ws.getCell(2, 1);
  dateCell.value = `统计日期：${date}`;
  dateCell.alignment = { horizontal: 'right' };
  const header = ws.getRow(3);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
    cell.border = BORDER;
  });
  header.height = 22;
  return {
    ws,
    add(values: (string | number | null)[]) {
      const row = ws.addRow(values);
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.border = BORDER;
        cell.alignment = { vertical: 'top', wrapText: columns[col - 1]?.wrap ?? false };
      });
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
  { header: '办结率', width: 9 },
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
  const summary = await lightSummary(ctx.rt, ctx.now, settings, names);
  const wb = new ExcelJS.Workbook();
  wb.creator = '督办通';
  wb.created = new Date(ctx.now);

  const s1 = printableSheet(wb, '汇总', '总体情况', date, [
    { header: '工作阶段', width: 40, wrap: true },
    ...COUNT_COLUMNS,
  ]);
  s1.add(['合计', ...countCells(summary.counts)]).font = { bold: true };
  for (const s of summary.byStage) s1.add([s.stage, ...countCells(s.counts)]);

  const s2 = printableSheet(wb, '单位情况', '各单位办理情况（按逾期数排序）', date, [
    { header: '序号', width: 6 },
    { header: '单位', width: 28, wrap: true },
    ...COUNT_COLUMNS,
  ]);
  summary.byUnit.forEach((u, i) => {
    const row = s2.add([i + 1, u.unitName, ...countCells(u.counts)]);
    if (u.counts.red > 0) row.getCell(7).font = { bold: true, color: { argb: 'FFC00000' } };
  });

  const overdue = await allOf((offset) =>
    store.listAssignments(lightQuery('red', today, settings.yellowDays), { offset, limit: MAX_PAGE }),
  );
  const s3 = printableSheet(wb, '逾期事项', '逾期未办结事项', date, [
    { header: '序号', width: 6 },
    { header: '任务序号', width: 9 },
    { header: '工作阶段', width: 18, wrap: true },
    { header: '目标任务', width: 60, wrap: true },
    { header: '单位', width: 22, wrap: true },
    { header: '角色', width: 8 },
    { header: '完成时限', width: 14 },
    { header: '逾期天数', width: 9 },
  ]);
  overdue.forEach(({ assignment: a, task }, i) => {
    s3.add([
      i + 1,
      task.seq,
      task.stage ?? '',
      task.content,
      names.get(a.unitId) ?? '',
      a.role === 'lead' ? '牵头' : '责任',
      a.dueDate ? formatChineseDate(a.dueDate) : task.deadline.text,
      -(daysLeft(a.dueDate, ctx.now) ?? 0),
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
  const tasks = await allOf<Task>((offset) => store.listTasks({ offset, limit: MAX_PAGE }));
  for (const task of tasks) {
    const assignments: Assignment[] = await store.listAssignmentsOfTask(task.id);
    const lights = assignments.map((a) => lightOf(a, ctx.now, settings.yellowDays));
    const c = countLights(lights);
    s4.add([
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
    ]);
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
    return { fileName, url: saved.url };
  },
});
