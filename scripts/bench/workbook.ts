/** The generated table the import benchmarks share: merged stage cells, collectives, several deadline forms. */
import ExcelJS from 'exceljs';
import { demoDirectory } from '../../data/index';

export async function generateWorkbook(rows: number): Promise<Uint8Array> {
  const dir = demoDirectory();
  const city = dir.units.filter((u) => u.kind === 'city');
  const deadlines = ['2019年6月底前', '2019年第三季度', '2019年7月—11月', '2019年度', '2019年3月31日', '长期坚持'];
  const collectives = ['市直各单位', '各区县（市）人民政府', '各园区管委会', '区县（市）人民政府', '各园区'];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('责任分解表');
  ws.addRow(['长沙市2019年重点改革任务责任分解表（生成）']);
  ws.mergeCells(1, 1, 1, 6);
  ws.addRow(['序号', '工作阶段', '目标任务', '牵头单位', '责任单位', '完成时限']);
  for (let i = 0; i < rows; i += 1) {
    const r = ws.rowCount + 1;
    const lead = city[i % city.length].name;
    const helper = city[(i * 7 + 3) % city.length].name;
    ws.addRow([
      i + 1,
      i % 20 === 0 ? `第${Math.floor(i / 20) + 1}阶段：重点改革事项` : null,
      `第${i + 1}项任务：围绕“最多跑一次”改革目标，梳理办事流程、精简申请材料、压缩办理时限，实现数据共享和业务协同。`,
      lead,
      `${helper}、${collectives[i % collectives.length]}`,
      deadlines[i % deadlines.length],
    ]);
    if (i % 20 === 19) ws.mergeCells(r - 19, 2, r, 2);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
