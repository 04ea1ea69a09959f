/**
 * The failure patterns found on real public documents (core/importer/corpus), one test each, in general form:
 * column choice, merged cells in text exports, sub-items, unit-list semantics, deadlines, titles.
 */
import { createDirectoryIndex } from '../org/directory';
import type { ParsedPlan, ParsedTask } from '../model';
import { parseDeadline } from '../deadline/parse';
import { parsePlan, parsePlanText } from './index';
import { pickTitle } from './plan';
import { inlineSubItems } from './prose';
import { readUnits, splitRunTogether } from './units';
import { docx, p, table, workbook } from './testFixtures';

const UNIT_NAMES = [
  '市发改委',
  '市财政局',
  '市商务局',
  '市行政审批局',
  '市司法局',
  '市卫生健康委',
  '市教育局',
  '市民政局',
  '市住建局',
  '市市场监管局',
  '县水务局',
  '县住建局',
];
const dir = createDirectoryIndex({
  units: UNIT_NAMES.map((name, i) => ({ id: `u${i + 1}`, name, aliases: [], kind: 'city' as const })),
  groups: [],
});
const names = (refs: { name: string }[]) => refs.map((r) => r.name);
const brief = (t: ParsedTask) => ({
  stage: t.stage,
  content: t.content,
  lead: names(t.lead),
  responsible: names(t.responsible),
  due: t.deadline.due,
});
const text = (lines: string[]) => parsePlanText(lines.join('\n'), dir);

describe('column choice', () => {
  it('takes the column holding one task per row, not the provincial task spanning many rows beside it', () => {
    const plan = text([
      '2023年落实省重点任务责任分解表',
      '序号\t部署任务\t落实措施\t牵头单位\t完成时限',
      '1\t优化营商环境\t推行企业开办一日办结\t市行政审批局\t2023年6月底前',
      '2\t优化营商环境\t清理规范涉企收费\t市发改委\t2023年9月底前',
      '3\t优化营商环境\t开展营商环境评价\t市商务局\t2023年12月底前',
    ]);
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '优化营商环境',
        content: '推行企业开办一日办结',
        lead: ['市行政审批局'],
        responsible: [],
        due: '2023-06-30',
      },
      { stage: '优化营商环境', content: '清理规范涉企收费', lead: ['市发改委'], responsible: [], due: '2023-09-30' },
      { stage: '优化营商环境', content: '开展营商环境评价', lead: ['市商务局'], responsible: [], due: '2023-12-31' },
    ]);
  });

  it('takes 全年目标任务 beside a 主要任务 category column, from a workbook with the category merged', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('表1');
      ws.addRow(['主要任务', '全年目标任务', '责任单位', '完成时限']);
      ws.addRow(['教育', '新建幼儿园3所', '市教育局', '2023年底前']);
      ws.addRow(['', '改扩建中小学5所', '市教育局', '2023年底前']);
      ws.addRow(['养老', '新增养老床位500张', '市民政局', '2023年10月']);
      ws.mergeCells('A2:A3');
    });
    const plan = await parsePlan({ fileName: 'plan.xlsx', bytes }, dir);
    expect(plan.tasks.map((t) => [t.stage, t.content])).toEqual([
      ['教育', '新建幼儿园3所'],
      ['教育', '改扩建中小学5所'],
      ['养老', '新增养老床位500张'],
    ]);
  });

  it('keeps a row whose task cell is empty when another task-like column has text', () => {
    const plan = text([
      '序号\t重点工作\t具体措施\t责任单位\t完成时限',
      '1\t推进数字政府建设\t建成政务数据共享平台\t市行政审批局\t2023年6月',
      '2\t推进数字政府建设\t上线“一网通办”移动端\t市行政审批局\t2023年9月',
      '3\t开展“双随机”抽查\t\t市市场监管局\t2023年12月',
    ]);
    expect(plan.tasks.map((t) => t.content)).toEqual([
      '建成政务数据共享平台',
      '上线“一网通办”移动端',
      '开展“双随机”抽查',
    ]);
  });

  it.each([
    '民生实事',
    '实事项目',
    '项目名称',
    '建设内容',
    '工作内容',
    '重点工作',
    '工作举措',
    '具体措施',
    '落实措施',
    '目标任务',
    '任务内容',
  ])('reads %s as the task column', (word) => {
    const plan = text([`序号\t${word}\t责任单位\t完成时限`, '1\t新建农贸市场1个\t市商务局\t2023年12月底前']);
    expect(plan.tasks.map(brief)).toEqual([
      { stage: null, content: '新建农贸市场1个', lead: [], responsible: ['市商务局'], due: '2023-12-31' },
    ]);
  });

  it('does not take a sentence split at its commas for a header', () => {
    const plan = text([
      '一、各责任单位要高度重视,切实加强领导,细化工作内容,明确完成时限。',
      '1.新建农贸市场1个。',
      '责任单位:市商务局',
    ]);
    expect(plan.format).toBe('prose');
    expect(plan.tasks.map((t) => t.content)).toEqual(['新建农贸市场1个。']);
  });
});

describe('merged cells in a table saved as text', () => {
  it('carries the units (and the deadline) down to the rows under a merged 序号', () => {
    const plan = text([
      '2016年民生实事目标任务分解表',
      '序号\t民生实事\t责任单位\t完成时限',
      '5\t开工建设县老年养护楼。\t县住建局\t5月底前动工',
      '\t开工建设老年大学。\t\t12月底前',
      '6\t加快推进水库建设。\t县水务局\t12月底前',
      '\t完成库区移民安置。\t\t',
    ]);
    expect(plan.tasks.map(brief)).toEqual([
      { stage: null, content: '开工建设县老年养护楼。', lead: [], responsible: ['县住建局'], due: '2016-05-31' },
      { stage: null, content: '开工建设老年大学。', lead: [], responsible: ['县住建局'], due: '2016-12-31' },
      { stage: null, content: '加快推进水库建设。', lead: [], responsible: ['县水务局'], due: '2016-12-31' },
      { stage: null, content: '完成库区移民安置。', lead: [], responsible: ['县水务局'], due: '2016-12-31' },
    ]);
    expect(plan.warnings.filter((w) => w.code === 'CONTINUATION')).toEqual([]);
    // the administrator is told where units were carried down, at the row
    expect(plan.warnings.filter((w) => w.code === 'MERGED_CELLS').map((w) => w.line)).toEqual([4, 6]);
  });

  it('still joins a cell broken over a page (the task above is not a finished sentence)', () => {
    const plan = text([
      '序号\t民生实事\t责任单位\t完成时限',
      '1\t建成县残疾人综合服务中心，配套建设\t县民政局\t2016年5月底前',
      '\t康复训练场地。\t\t',
    ]);
    expect(plan.tasks.map((t) => t.content)).toEqual(['建成县残疾人综合服务中心，配套建设康复训练场地。']);
  });

  it('leaves rows of a workbook alone: its merges are already expanded', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('表1');
      ws.addRow(['序号', '民生实事', '责任单位', '完成时限']);
      ws.addRow(['1', '新建人行天桥2座。', '县住建局', '2016年9月']);
      ws.addRow(['', '整治背街小巷10条。', '', '2016年12月']);
    });
    const plan = await parsePlan({ fileName: 'plan.xlsx', bytes }, dir);
    expect(plan.tasks.map((t) => names(t.responsible))).toEqual([['县住建局'], []]);
  });
});

describe('sub-items', () => {
  it('splits `（1）…（2）…` inside one paragraph, each with its own （X牵头负责）, under the item’s own words', () => {
    const plan = text([
      '一、优化营商环境',
      '1.深化“放管服”改革。（1）推行企业开办一日办结（市行政审批局牵头负责）。（2）清理规范涉企收费（市发改委牵头负责，市财政局配合）。',
    ]);
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '深化“放管服”改革',
        content: '推行企业开办一日办结。',
        lead: ['市行政审批局'],
        responsible: [],
        due: null,
      },
      {
        stage: '深化“放管服”改革',
        content: '清理规范涉企收费。',
        lead: ['市发改委'],
        responsible: ['市财政局'],
        due: null,
      },
    ]);
  });

  it('gives a units line written after several sub-items to each of them', () => {
    const plan = text([
      '（一）“一案三制”建设',
      '1.完善应急预案体系',
      '（1）加强应急预案管理。',
      '（2）推进应急预案“精编化”。',
      '（3）加强应急预案演练。',
      '（责任单位：市卫生健康委、市民政局）',
      '2.健全应急管理体制',
      '（1）推进应急管理办事机构建设。（牵头单位：市发改委）',
    ]);
    expect(plan.tasks.map((t) => [t.content, names(t.lead), names(t.responsible)])).toEqual([
      ['加强应急预案管理。', [], ['市卫生健康委', '市民政局']],
      ['推进应急预案“精编化”。', [], ['市卫生健康委', '市民政局']],
      ['加强应急预案演练。', [], ['市卫生健康委', '市民政局']],
      ['推进应急管理办事机构建设。', ['市发改委'], []],
    ]);
  });

  it('still gives a units line of its own to the short item above it, not to the items before', () => {
    const plan = text(['1.新建农贸市场1个。（市商务局负责）', '2.建立工作专班', '（市发改委负责）']);
    expect(plan.tasks.map((t) => [t.content, names(t.lead)])).toEqual([
      ['新建农贸市场1个。', ['市商务局']],
      ['建立工作专班', ['市发改委']],
    ]);
  });

  it('finds inline sub-items numbered from 1 only', () => {
    expect(inlineSubItems('总体要求。（1）甲（2）乙')).toEqual(['甲', '乙']);
    expect(inlineSubItems('依据（2019）3号文件（1）甲')).toBeNull();
  });
});

describe('unit lists', () => {
  it('reads `X、Y分别牵头` as both leading', () => {
    const plan = text(['1.建设城市数据大脑。（市发改委、市行政审批局分别牵头，市财政局配合）']);
    expect(brief(plan.tasks[0])).toMatchObject({ lead: ['市发改委', '市行政审批局'], responsible: ['市财政局'] });
    expect(names(readUnits('市发改委、市商务局分别牵头', dir).map((u) => u.ref))).toEqual(['市发改委', '市商务局']);
    expect(readUnits('市发改委、市商务局分别牵头', dir).every((u) => u.markedLead)).toBe(true);
  });

  it('lets the first listed unit lead when the document says `列第一位为牵头（或汇总）单位`', () => {
    const plan = text([
      '2020年政府工作报告重点工作责任分解',
      '责任分解中，列第一位的责任单位为牵头单位或汇总单位。',
      '1.新增城镇就业5万人。（市商务局、市财政局）',
    ]);
    expect(brief(plan.tasks[0])).toMatchObject({ lead: ['市商务局'], responsible: ['市财政局'] });
    const table = text([
      '序号\t重点工作\t责任单位',
      '1\t新增城镇就业5万人\t市商务局、市财政局',
      '注：责任单位列第一位为牵头（或汇总）单位。',
    ]);
    expect(brief(table.tasks[0])).toMatchObject({ lead: ['市商务局'], responsible: ['市财政局'] });
  });

  it('drops a bracketed remark after a unit, keeps brackets that belong to a name', () => {
    expect(names(readUnits('市卫生健康委（除标注外均为牵头单位）、市民政局', dir).map((u) => u.ref))).toEqual([
      '市卫生健康委',
      '市民政局',
    ]);
    expect(names(readUnits('各区县（市）人民政府', dir).map((u) => u.ref))).toEqual(['各区县（市）人民政府']);
    expect(names(readUnits('市卫生健康委（含市疾控中心、市急救中心）', dir).map((u) => u.ref))).toEqual([
      '市卫生健康委（含市疾控中心、市急救中心）',
    ]);
  });

  it('splits names written without a separator when the directory knows every one', () => {
    expect(splitRunTogether('市行政审批局市司法局', dir)).toEqual(['市行政审批局', '市司法局']);
    expect(names(readUnits('市行政审批局市司法局、市财政局', dir).map((u) => u.ref))).toEqual([
      '市行政审批局',
      '市司法局',
      '市财政局',
    ]);
    // not when one part is unknown: the name is kept as written for the administrator to map
    expect(splitRunTogether('市行政审批局市大数据中心', dir)).toBeNull();
  });

  it('splits `X及Y` where both read as units, not inside a name', () => {
    expect(names(readUnits('市级各有关部门及各县市区政府', dir).map((u) => u.ref))).toEqual([
      '市级各有关部门',
      '各县市区政府',
    ]);
    expect(names(readUnits('市工业和信息化局', dir).map((u) => u.ref))).toEqual(['市工业和信息化局']);
  });

  it('takes 责任领导 / 分管领导 for people, not units, in a table and in prose', () => {
    const table = text([
      '序号\t重点工作\t责任领导\t责任单位\t完成时限',
      '1\t盘活存量土地400亩\t马振明\t市财政局\t全年',
    ]);
    expect(brief(table.tasks[0])).toMatchObject({ lead: [], responsible: ['市财政局'] });
    const prose = text([
      '1.轨道交通1号线投入试运营。 牵头领导:林静国 责任单位:市住建局 项目责任人:尹文德 实际完成情况:已通车。',
      '2.新增视频采集设备300套。',
      '分管领导：王仁洲',
      '责任单位：市发改委',
      '配合单位：市财政局',
    ]);
    expect(prose.tasks.map(brief)).toEqual([
      { stage: null, content: '轨道交通1号线投入试运营。', lead: [], responsible: ['市住建局'], due: null },
      { stage: null, content: '新增视频采集设备300套。', lead: ['市发改委'], responsible: ['市财政局'], due: null },
    ]);
  });
});

describe('deadlines', () => {
  const due = (t: string, year: number | null = 2023) => parseDeadline(t, { year }).deadline;

  it.each([
    ['5月底前动工', 'month', '2023-05-31'],
    ['9月投入使用', 'month', '2023-09-30'],
    ['年内持续推进', 'year', '2023-12-31'],
    ['全年', 'year', '2023-12-31'],
    ['2023年底前', 'year', '2023-12-31'],
    ['年底前', 'year', '2023-12-31'],
    ['2019年6月底前完成验收', 'month', '2019-06-30'],
  ])('reads %s, keeping the text as written', (t, kind, d) => {
    expect(due(t)).toEqual({ text: t, kind, start: null, due: d });
  });

  it('reads 2023年3月起 as ongoing from then, 每月 and 每季度末 as ongoing', () => {
    expect(due('2023年3月起')).toEqual({ text: '2023年3月起', kind: 'ongoing', start: '2023-03-01', due: null });
    expect(due('3月起')).toEqual({ text: '3月起', kind: 'ongoing', start: '2023-03-01', due: null });
    expect(due('每月').kind).toBe('ongoing');
    expect(due('每季度末').kind).toBe('ongoing');
  });

  it('says which year it assumed, quoting the whole text', () => {
    expect(parseDeadline('5月底前动工', { year: 2016 }).warning).toBe(
      '完成时间“5月底前动工”没有写年份，已按2016年理解。',
    );
    expect(due('5月底前动工', null).kind).toBe('unknown');
  });

  it('finds a deadline in the task’s text when an action follows it', () => {
    const plan = text(['1.新建人行天桥2座，2023年9月投入使用。（市住建局负责）']);
    expect(plan.tasks[0].deadline.due).toBe('2023-09-30');
  });

  it('takes the year from the document’s date when its title has none', () => {
    const plan = text([
      '重点工作任务分解表',
      '2023年3月28日',
      '序号\t工作内容\t责任单位\t完成时限',
      '1\t新建农贸市场1个\t市商务局\t年底前',
    ]);
    expect(plan.tasks[0].deadline.due).toBe('2023-12-31');
  });
});

describe('titles', () => {
  it('is never a breadcrumb', () => {
    expect(
      pickTitle(['当前位置：首页 > 政务公开 > 工作报告', '市政府2020年重点工作进展情况表', '发布日期：2020-05-14']),
    ).toBe('市政府2020年重点工作进展情况表');
    expect(pickTitle(['您当前所在位置: 首页 > 法定主动公开内容 > 政府重点工作'])).toBeNull();
  });

  it('joins a title written on two lines, not taking its second half alone', () => {
    expect(
      pickTitle([
        '立山区人民政府',
        '2023年3月28日',
        '（此件公开发布）',
        '立山区政府2023年重点工作',
        '任务分解和责任分工方案',
      ]),
    ).toBe('立山区政府2023年重点工作任务分解和责任分工方案');
  });

  it('takes the plan’s own title, not the notice that sends it nor a heading naming tasks', () => {
    expect(
      pickTitle([
        '运城市人民政府办公厅关于印发运城市突发事件应急体系建设规划责任分解的通知',
        '运城市人民政府办公厅',
        '2017年4月13日',
        '运城市突发事件应急体系建设规划责任分解',
        '应急体系9个具体建设任务',
      ]),
    ).toBe('运城市突发事件应急体系建设规划责任分解');
  });

  it('may begin with 关于 when it is the plan’s own title', () => {
    expect(pickTitle(['关于推进政务服务“一网通办”的任务分工方案'])).toBe('关于推进政务服务“一网通办”的任务分工方案');
  });

  it('is read from a Word document’s paragraphs above its table', async () => {
    const bytes = await docx(
      p('当前位置：首页 > 信息公开') +
        p('2021年重大民生实事项目目标任务责任分解表') +
        table([
          ['序号', '项目名称', '主要内容', '牵头单位'],
          ['1', '增加教育资源供给', '新建学校12个', '市教育局'],
        ]),
    );
    const plan: ParsedPlan = await parsePlan({ fileName: 'plan.docx', bytes }, dir);
    expect(plan.title).toBe('2021年重大民生实事项目目标任务责任分解表');
    expect(plan.tasks.map(brief)).toEqual([
      { stage: '增加教育资源供给', content: '新建学校12个', lead: ['市教育局'], responsible: [], due: null },
    ]);
  });
});
