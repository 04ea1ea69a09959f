/**
 * The real 2018 Changsha "最多跑一次" responsibility table (data/changsha-2018.txt): 32 tasks in 6 stages.
 */
import { demoDirectory, seedTableText } from '../../data/index';
import { countAssignments, expandTask } from '../assign/expand';
import { createDirectoryIndex } from '../org/directory';
import { parsePlan, parsePlanText } from './index';

const dir = createDirectoryIndex(demoDirectory());
const plan = parsePlanText(seedTableText(), dir);
const names = (refs: { name: string }[]) => refs.map((r) => r.name);

describe('the 2018 Changsha table', () => {
  it('has its title and 32 tasks in 6 stages, with no warnings and no unknown units', () => {
    expect(plan.title).toBe('长沙市推进“最多跑一次”改革工作责任分解表');
    expect(plan.format).toBe('table-text');
    expect(plan.tasks.map((t) => t.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect([...new Set(plan.tasks.map((t) => t.stage))]).toEqual([
      '建设“互联网+政务服务”平台',
      '推进政务信息系统整合和资源共享',
      '梳理公布“最多跑一次”事项',
      '建立“最多跑一次”事项办理标准化',
      '全面提升各级政务服务大厅功能',
      '深化统一政务咨询投诉举报平台建设',
    ]);
    expect(plan.tasks.filter((t) => t.stage === '梳理公布“最多跑一次”事项').length).toBe(16);
    expect(plan.unknownUnits).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('reads the first row fully, with the 相关 qualifiers kept', () => {
    const t = plan.tasks[0];
    expect(t).toMatchObject({ seq: 1, line: 8, stage: '建设“互联网+政务服务”平台' });
    expect(t.content).toBe(
      '建成市“互联网+政务服务”平台，原网上政务服务系统业务数据整体迁移到位。未自建审批系统的单位，统一使用市“互联网+政务服务”平台进行业务受理、审批、办结',
    );
    expect(names(t.lead)).toEqual(['市政务服务中心']);
    expect(t.responsible.map((r) => [r.text, r.name, r.kind, r.relevantOnly])).toEqual([
      ['市编办', '市编办', 'unit', false],
      ['市优化办', '市优化办', 'unit', false],
      ['市电子政务办', '市电子政务办', 'unit', false],
      ['市直各相关单位', '市直各单位', 'group', true],
      ['各相关区县（市）人民政府', '区县（市）人民政府', 'group', true],
      ['各园区管委会', '各园区管委会', 'group', false],
    ]);
    expect(t.deadline).toEqual({ text: '2018年4月', kind: 'month', start: null, due: '2018-04-30' });
  });

  it('carries the stage over continuation rows and across the repeated header', () => {
    expect(plan.tasks[1].stage).toBe('建设“互联网+政务服务”平台');
    expect(plan.tasks[5]).toMatchObject({ seq: 6, line: 15, stage: '推进政务信息系统整合和资源共享' });
  });

  it('keeps the three lead collectives of the row with no responsible units', () => {
    const t = plan.tasks[7];
    expect(t.content).toBe('各级各部门制定“最多跑一次”实施方案');
    expect(t.lead.map((r) => [r.text, r.name])).toEqual([
      ['市直各单位', '市直各单位'],
      ['各区县（市）政府', '区县（市）人民政府'],
      ['各园区', '各园区管委会'],
    ]);
    expect(t.responsible).toEqual([]);
  });

  it('resolves every spelling of the district and park collectives to one name', () => {
    const spelled = new Map<string, Set<string>>();
    for (const t of plan.tasks) {
      for (const r of [...t.lead, ...t.responsible]) {
        if (r.kind !== 'group') continue;
        spelled.set(r.name, (spelled.get(r.name) ?? new Set()).add(r.text));
      }
    }
    expect([...spelled.keys()].sort()).toEqual(['区县（市）人民政府', '各园区管委会', '市直各单位'].sort());
    expect([...(spelled.get('区县（市）人民政府') ?? [])].sort()).toEqual(
      ['各相关区县（市）人民政府', '各区县（市）人民政府', '区县（市）人民政府', '各区县（市）政府'].sort(),
    );
    expect([...(spelled.get('各园区管委会') ?? [])].sort()).toEqual(['各园区管委会', '各园区'].sort());
    expect([...(spelled.get('市直各单位') ?? [])].sort()).toEqual(
      ['市直各单位', '市直各相关单位', '市直各部门'].sort(),
    );
  });

  it('reads the stage spelled with stray spaces as the same stage', () => {
    const t = plan.tasks[17];
    expect(t.stage).toBe('梳理公布“最多跑一次”事项');
    expect(t.deadline).toEqual({ text: '2018年9月—12月', kind: 'range', start: '2018-09-01', due: '2018-12-31' });
    expect(plan.tasks[30].stage).toBe('深化统一政务咨询投诉举报平台建设');
  });

  it('reads the last row: a stray space between lead units, 12345 in the text, 2018 年 6 月', () => {
    const t = plan.tasks[31];
    expect(names(t.lead)).toEqual(['市政务服务中心', '市优化办']);
    expect(names(t.responsible)).toEqual(['市直各单位', '区县（市）人民政府', '各园区管委会']);
    expect(t.content.startsWith('对政务服务事项办理相关投诉，12345建立专门统计分析台帐')).toBe(true);
    expect(t.deadline).toEqual({ text: '2018年6月', kind: 'month', start: null, due: '2018-06-30' });
  });

  it('reads rows with named city units among the responsible', () => {
    expect(names(plan.tasks[23].lead)).toEqual(['市编办']);
    expect(names(plan.tasks[23].responsible)).toEqual(['市质监局', '市直各单位', '区县（市）人民政府', '各园区管委会']);
    expect(names(plan.tasks[20].lead)).toEqual(['市绩效办']);
    expect(names(plan.tasks[20].responsible)).toEqual(['市优化办', '市政务服务中心']);
    expect(names(plan.tasks[18].lead)).toEqual(['市监察委']);
    expect(names(plan.tasks[12].lead)).toEqual(['市政府督查室']);
    expect(names(plan.tasks[8].responsible)).toEqual([
      '市政府法制办',
      '市直各单位',
      '区县（市）人民政府',
      '各园区管委会',
    ]);
    expect(names(plan.tasks[11].lead)).toEqual(['市新闻中心']);
  });

  it('reads all 32 deadlines', () => {
    const m = (month: number) =>
      `2018-${String(month).padStart(2, '0')}-${new Date(Date.UTC(2018, month, 0)).getUTCDate()}`;
    const expected: [string, string | null, string][] = [
      ['2018年4月', null, m(4)],
      ['2018年4月', null, m(4)],
      ['2018年4月', null, m(4)],
      ['2018年6月', null, m(6)],
      ['2018年4月', null, m(4)],
      ['2018年4月', null, m(4)],
      ['2018年4月', null, m(4)],
      ['2018年4月', null, m(4)],
      ['2018年4月', null, m(4)],
      ['2018年4月', null, m(4)],
      ['2018年5月', null, m(5)],
      ['2018年5月', null, m(5)],
      ['2018年6月', null, m(6)],
      ['2018年7月', null, m(7)],
      ['2018年7月—11月', '2018-07-01', '2018-11-30'],
      ['2018年8月—12月', '2018-08-01', '2018-12-31'],
      ['2018年9月—12月', '2018-09-01', '2018-12-31'],
      ['2018年9月—12月', '2018-09-01', '2018-12-31'],
      ['2018年度', null, '2018-12-31'],
      ['2018年12月', null, m(12)],
      ['2018年度', null, '2018-12-31'],
      ['2018年度', null, '2018-12-31'],
      ['2018年12月', null, m(12)],
      ['2018年4月', null, m(4)],
      ['2018年6月', null, m(6)],
      ['2018年6月', null, m(6)],
      ['2018年5月', null, m(5)],
      ['2018年7月', null, m(7)],
      ['2018年9月', null, m(9)],
      ['2018年10月', null, m(10)],
      ['2018年6月', null, m(6)],
      ['2018年6月', null, m(6)],
    ];
    expect(plan.tasks.map((t) => [t.deadline.text, t.deadline.start, t.deadline.due])).toEqual(expected);
    expect(plan.tasks.map((t) => t.deadline.kind)).toEqual(
      expected.map(([text, start]) => (start ? 'range' : text.endsWith('年度') ? 'year' : 'month')),
    );
  });

  it('expands into 2104 assignments against the Changsha directory', () => {
    expect(countAssignments(plan, dir)).toBe(2104);
    // task 1 reaches every unit once: 50 city units (the lead among them, leading once) + 9 districts + 13 parks
    const first = expandTask(plan.tasks[0], dir);
    expect(first.length).toBe(50 + 9 + 13);
    expect(new Set(first.map((a) => a.unitId)).size).toBe(72);
    expect(first.filter((a) => a.role === 'lead').map((a) => a.unitName)).toEqual(['市政务服务中心']);
    // task 2: one lead, one responsible
    expect(expandTask(plan.tasks[1], dir)).toEqual([
      { unitId: 'city-dzzw', unitName: '市电子政务办', role: 'lead' },
      { unitId: 'city-zwfw', unitName: '市政务服务中心', role: 'responsible' },
    ]);
    // the row with three lead collectives: every member leads
    const eighth = expandTask(plan.tasks[7], dir);
    expect(eighth.length).toBe(72);
    expect(eighth.every((a) => a.role === 'lead')).toBe(true);
  });

  it('reads the same from the file bytes, with a UTF-8 BOM, and as GBK', async () => {
    const text = seedTableText();
    const utf8 = new TextEncoder().encode(text);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const fromBom = await parsePlan({ fileName: 'table.txt', bytes: withBom }, dir);
    expect(fromBom.tasks).toEqual(plan.tasks);
    const gbk = (await import('iconv-lite')).encode(text, 'gbk');
    const fromGbk = await parsePlan({ fileName: '分解表.txt', bytes: new Uint8Array(gbk) }, dir);
    expect(fromGbk.tasks).toEqual(plan.tasks);
    expect(fromGbk.title).toBe(plan.title);
  });
});
