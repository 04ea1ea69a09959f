import { demoDirectory, seedTableText } from '../../data/index';
import { createDirectoryIndex } from '../org/directory';
import type { ParsedTask } from '../model';
import { parsePlanText } from '../importer/index';
import { workbook } from '../importer/testFixtures';
import { parsePlan } from '../importer/index';
import { expandTask, planFingerprint } from './expand';

const dir = createDirectoryIndex(demoDirectory());

function task(lead: string[], responsible: string[]): ParsedTask {
  return {
    seq: 1,
    stage: null,
    content: '推进政务服务事项标准化',
    lead: lead.map((t) => dir.resolve(t)),
    responsible: responsible.map((t) => dir.resolve(t)),
    deadline: { text: '2018年4月', kind: 'month', start: null, due: '2018-04-30' },
    line: 1,
  };
}

describe('expanding a task into assignments', () => {
  it('a task given to 区县（市）人民政府 becomes nine assignments', () => {
    const a = expandTask(task([], ['区县（市）人民政府']), dir);
    expect(a.length).toBe(9);
    expect(a.every((x) => x.role === 'responsible')).toBe(true);
    expect(a[0]).toEqual({ unitId: 'district-furong', unitName: '芙蓉区人民政府', role: 'responsible' });
  });

  it('a lead unit that is also a member of a responsible collective leads once', () => {
    const a = expandTask(task(['市编办'], ['市直各单位']), dir);
    expect(a.length).toBe(50);
    expect(a.filter((x) => x.unitId === 'city-bianban')).toEqual([
      { unitId: 'city-bianban', unitName: '市编办', role: 'lead' },
    ]);
  });

  it('a unit named twice, or under two spellings, is one assignment', () => {
    const a = expandTask(task(['市政务中心', '市政务服务中心'], ['市政务服务中心', '长沙市编办', '市编办']), dir);
    expect(a).toEqual([
      { unitId: 'city-zwfw', unitName: '市政务服务中心', role: 'lead' },
      { unitId: 'city-bianban', unitName: '市编办', role: 'responsible' },
    ]);
  });

  it('every member of a lead collective leads', () => {
    const a = expandTask(task(['各园区'], ['市优化办']), dir);
    expect(a.filter((x) => x.role === 'lead').length).toBe(13);
    expect(a[a.length - 1]).toEqual({ unitId: 'city-youhua', unitName: '市优化办', role: 'responsible' });
  });

  it('keeps an unknown unit by name, without an id', () => {
    expect(expandTask(task(['市大数据局'], []), dir)).toEqual([{ unitId: null, unitName: '市大数据局', role: 'lead' }]);
  });
});

describe('planFingerprint', () => {
  const seed = parsePlanText(seedTableText(), dir);

  it('is stable and a sha-256 in hex', () => {
    expect(planFingerprint(seed)).toMatch(/^[0-9a-f]{64}$/);
    expect(planFingerprint(parsePlanText(seedTableText(), dir))).toBe(planFingerprint(seed));
  });

  it('does not depend on the file format or spacing', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('表');
      ws.addRow(['工作阶段', '目标任务', '牵头部门', '责任部门', '完成时间']);
      for (const t of seed.tasks) {
        ws.addRow([
          t.stage,
          t.content,
          t.lead.map((r) => r.text).join('、'),
          t.responsible.map((r) => r.text).join(' 、'),
          t.deadline.text,
        ]);
      }
    });
    const fromXlsx = await parsePlan({ fileName: 'x.xlsx', bytes }, dir);
    expect(planFingerprint(fromXlsx)).toBe(planFingerprint(seed));
  });

  it('changes when a task changes', () => {
    const changed = {
      ...seed,
      tasks: seed.tasks.map((t, i) => (i === 5 ? { ...t, deadline: { ...t.deadline, text: '2018年5月' } } : t)),
    };
    expect(planFingerprint(changed)).not.toBe(planFingerprint(seed));
  });
});
