/**
 * The administrator's override of the column roles (issue 9), threaded into the table parser: the roles the
 * header words gave come back with the plan, and other roles read the same rows differently.
 */
import { createDirectoryIndex } from '../org/directory';
import { parsePlanText } from './index';
import { columnsFromRoles, rolesOfColumns } from './table';
import { demoDirectory } from '../../data/index';

const dir = createDirectoryIndex(demoDirectory());
const TABLE = [
  '序号\t重点任务\t具体措施\t牵头单位\t责任单位\t完成时限\t备注',
  '1\t优化营商环境\t压缩企业开办时间\t市编办\t芙蓉区人民政府\t2026年6月\t无',
].join('\n');

describe('the column-role override', () => {
  it('gives back the roles the header words gave', () => {
    expect(parsePlanText(TABLE, dir).table).toEqual({
      headers: ['序号', '重点任务', '具体措施', '牵头单位', '责任单位', '完成时限', '备注'],
      roles: ['seq', 'stage', 'content', 'lead', 'responsible', 'deadline', 'ignore'],
    });
  });

  it('reads the rows with the roles given', () => {
    const plan = parsePlanText(TABLE, dir, {
      columns: ['seq', 'content', 'ignore', 'responsible', 'lead', 'ignore', 'ignore'],
    });
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasks[0]).toMatchObject({ content: '优化营商环境', stage: null });
    expect(plan.tasks[0].lead.map((r) => r.name)).toEqual(['芙蓉区人民政府']);
    expect(plan.tasks[0].responsible.map((r) => r.name)).toEqual(['市编办']);
    expect(plan.tasks[0].deadline.kind).toBe('unknown');
    expect(plan.table?.roles).toEqual(['seq', 'content', 'ignore', 'responsible', 'lead', 'ignore', 'ignore']);
  });

  it('wants exactly one task column', () => {
    expect(() => columnsFromRoles(['seq', 'lead'])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => columnsFromRoles(['content', 'content'])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    const cols = columnsFromRoles(['content', 'lead', 'lead', 'deadline']);
    expect(cols).toMatchObject({ content: 0, lead: [1, 2], responsible: [], deadline: 3, seq: null, stage: null });
    expect(rolesOfColumns(cols, 5)).toEqual(['content', 'lead', 'lead', 'deadline', 'ignore']);
  });
});
