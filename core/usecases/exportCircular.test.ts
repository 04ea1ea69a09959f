import ExcelJS from 'exceljs';
import { LIGHT_FILLS, PROGRESS_EXCERPT, wrappedLines } from './exportCircular';
import { breakStore, expectError, useWorld } from '../testing/world';
import { withSeedTable } from '../testing/seedTable';

const {
  w,
  plan,
  users: { supervisor },
} = useWorld({ smallPlan: true, users: { supervisor: ['city-ducha', 'supervisor'] } });

async function readBack(): Promise<ExcelJS.Workbook> {
  const bytes = [...w.files.exports.values()][0];
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe('exportCircular (情况通报)', () => {
  it('writes a workbook with the summary, units, overdue items and every task', async () => {
    await w.store.updateAssignment(plan.a['t3:city-bianban'], { status: 'closed' });
    const out = await w.call(supervisor, 'exportCircular', { format: 'xlsx' });
    expect(out.fileName).toBe('督办通情况通报附表-2026-03-10.xlsx');
    expect(out.format).toBe('xlsx');
    expect(out.url).toContain(encodeURIComponent(out.fileName));
    const wb = await readBack();
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '单位情况', '逾期事项', '全部任务']);

    const summary = wb.getWorksheet('汇总')!;
    expect(String(summary.getCell('A1').value)).toContain('督办通 情况通报');
    expect(String(summary.getCell('A2').value)).toContain('2026年3月10日');
    // counts are numbers, 办结率 a number shown as a percentage
    expect(summary.getRow(4).values).toEqual([undefined, '合计', 15, 1, 10, 1, 3, 1 / 15]);
    expect(summary.getCell('G4').numFmt).toBe('0.0%');

    const units = wb.getWorksheet('单位情况')!;
    expect(units.getCell('B4').value).toBe('芙蓉区人民政府');
    expect(units.getCell('I3').value).toBe('最新进展');
    // ranked by overdue, ties sharing a rank (competition ranking)
    const ranks = [];
    for (let r = 4; r <= units.rowCount; r++) ranks.push([units.getCell(r, 1).value, units.getCell(r, 7).value]);
    for (let i = 1; i < ranks.length; i++) {
      const [rank, red] = ranks[i];
      const [prevRank, prevRed] = ranks[i - 1];
      expect(rank).toBe(red === prevRed ? prevRank : i + 1);
    }

    const overdue = wb.getWorksheet('逾期事项')!;
    // one row per overdue assignment (no packed cells): t2's three units, the lead first
    expect(overdue.rowCount).toBe(3 + 3);
    expect(overdue.getRow(4).values).toEqual([
      undefined,
      1,
      2,
      '梳理事项',
      '梳理公布“最多跑一次”事项清单',
      '市政务服务中心',
      '牵头',
      '2026年3月7日',
      3,
    ]);
    expect([5, 6].map((r) => overdue.getCell(r, 5).value)).toEqual(['市编办', '芙蓉区人民政府']);
    expect(overdue.getCell(6, 2).value).toBe(2); // the task's seq on every row
    expect(overdue.getCell(6, 4).isMerged).toBe(true); // 目标任务 merged down the task's rows

    const tasks = wb.getWorksheet('全部任务')!;
    expect(tasks.rowCount).toBe(3 + 3);
    expect(tasks.getRow(6).values).toEqual([
      undefined,
      3,
      '梳理事项',
      '开展专项督查并通报',
      '市编办',
      '芙蓉区人民政府',
      '2026-03-13',
      2,
      1,
      0,
      '临期',
    ]);
    // the light's word on its colour
    expect((tasks.getCell('J6').fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe(LIGHT_FILLS.yellow);
    expect((tasks.getCell('J5').fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe(LIGHT_FILLS.red);
  });

  it("prints each unit's latest progress, cut to an excerpt", async () => {
    const furong = await w.addUser('district-furong', 'contact');
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'r1',
      text: '旧的进展',
    });
    w.clock.advanceMinutes(30);
    const long = '已完成清单梳理，'.repeat(20);
    await w.call(furong, 'submitReport', { assignmentId: plan.a['t3:district-furong'], requestId: 'r2', text: long });
    await w.call(supervisor, 'exportCircular', { format: 'xlsx' });
    const units = (await readBack()).getWorksheet('单位情况')!;
    const row = [...Array(units.rowCount).keys()]
      .map((i) => units.getRow(i + 1))
      .find((r) => r.getCell(2).value === '芙蓉区人民政府')!;
    const progress = String(row.getCell(9).value);
    expect(progress).toMatch(/^2026年3月10日 10:30：已完成清单梳理/);
    expect(progress.endsWith('…')).toBe(true);
    expect(Array.from(progress.split('：').slice(1).join('：')).length).toBe(PROGRESS_EXCERPT);
    const other = [...Array(units.rowCount).keys()]
      .map((i) => units.getRow(i + 1))
      .find((r) => r.getCell(2).value === '市编办')!;
    expect(other.getCell(9).value).toBe('暂无汇报');
  });

  it('is laid out for printing: bold bordered headers, frozen header row, A4 landscape fitted to the width', async () => {
    await w.call(supervisor, 'exportCircular', { format: 'xlsx' });
    const wb = await readBack();
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A3').font?.bold).toBe(true);
      expect(ws.getCell('A3').border?.bottom?.style).toBe('thin');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
      expect(ws.getColumn(1).width).toBeGreaterThan(0);
    }
    expect(wb.getWorksheet('全部任务')!.getColumn(3).width).toBe(56);
  });

  it('lists the stages in the order the table gives them, and counts wrapped lines with Chinese as double width', async () => {
    await withSeedTable(async (fresh, admin, preview) => {
      await fresh.call(admin, 'exportCircular', { format: 'xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from([...fresh.files.exports.values()][0]) as unknown as ArrayBuffer);
      const stages = [5, 6, 7, 8, 9, 10].map((r) => wb.getWorksheet('汇总')!.getCell(r, 1).value);
      expect(stages).toEqual(preview.stages);
      expect(preview.stages[0]).toBe('建设“互联网+政务服务”平台');
    });
    expect(wrappedLines('市政务服务中心', 20)).toBe(1);
    expect(wrappedLines('市政务服务中心市政务服务中心', 20)).toBe(2);
    expect(wrappedLines('a\nb', 20)).toBe(2);
  });

  it('refuses a malformed payload and a contact, and leaves a trace', async () => {
    await expectError(w.call(supervisor, 'exportCircular', 'x'), 'BAD_INPUT');
    const contact = await w.addUser('district-furong', 'contact');
    await expectError(w.call(contact, 'exportCircular', {}), 'FORBIDDEN');
    await w.call(supervisor, 'exportCircular', { format: 'xlsx' });
    const admin = await w.addUser('city-ducha', 'admin');
    expect((await w.call(admin, 'listAudit', {})).items[0].action).toBe('exportCircular');
  });

  it('a failure to save the file is an internal error', async () => {
    w.files.saveExport = async () => {
      throw new Error('disk full');
    };
    await expectError(w.call(supervisor, 'exportCircular', { format: 'xlsx' }), 'INTERNAL');
    breakStore(w, 'listTasks');
    await expectError(w.call(supervisor, 'exportCircular', { format: 'xlsx' }), 'INTERNAL');
  });
});
