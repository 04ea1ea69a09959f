/**
 * The other shapes offices send: CSV with other header words, Excel workbooks with merged stage cells,
 * Word tables and Word prose, prose with each annotation style.
 */
import { demoDirectory } from '../../data/index';
import { createDirectoryIndex } from '../org/directory';
import type { ParsedPlan, ParsedTask } from '../model';
import { parsePlan, parsePlanText } from './index';
import { docx, p, table, workbook } from './testFixtures';

const dir = createDirectoryIndex(demoDirectory());
const names = (refs: { name: string }[]) => refs.map((r) => r.name);
const brief = (t: ParsedTask) => ({
  stage: t.stage,
  content: t.content,
  lead: names(t.lead),
  responsible: names(t.responsible),
  due: t.deadline.due,
});

describe('a CSV file with other header words in another order', () => {
  const csv = [
    '2019年深化“放管服”改革重点任务分工方案,,,,,',
    '序号,完成时限,具体内容,责任单位,牵头单位,重点任务',
    '1,2019年6月底前,"推行“一件事一次办”，梳理""一件事""清单","市直各相关单位,区县（市）人民政府",市政务中心,优化服务',
    '2,2019年第三季度,"建成统一的',
    '电子证照库",市大数据局、市公安局,市电子政务办,',
    '3,持续推进,深化“减证便民”行动,,长沙市编办、市政府法制办,简政放权',
    '4,,实现企业开办3个工作日内办结，2019年3月31日前完成,各园区,市工商局,',
  ].join('\r\n');
  let plan: ParsedPlan;
  beforeAll(() => {
    plan = parsePlanText(csv, dir);
  });

  it('finds the columns by their meaning', () => {
    expect(plan.format).toBe('table-text');
    expect(plan.title).toBe('2019年深化“放管服”改革重点任务分工方案');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '优化服务',
        content: '推行“一件事一次办”，梳理"一件事"清单',
        lead: ['市政务服务中心'],
        responsible: ['市直各单位', '区县（市）人民政府'],
        due: '2019-06-30',
      },
      {
        stage: '优化服务',
        content: '建成统一的电子证照库',
        lead: ['市电子政务办'],
        responsible: ['市大数据局', '市公安局'],
        due: '2019-09-30',
      },
      {
        stage: '简政放权',
        content: '深化“减证便民”行动',
        lead: ['市编办', '市政府法制办'],
        responsible: [],
        due: null,
      },
      {
        stage: '简政放权',
        content: '实现企业开办3个工作日内办结，2019年3月31日前完成',
        lead: ['市工商局'],
        responsible: ['各园区管委会'],
        due: '2019-03-31',
      },
    ]);
    expect(plan.tasks[2].deadline.kind).toBe('ongoing');
    expect(plan.tasks[0].responsible[0].relevantOnly).toBe(true);
    expect(plan.tasks.map((t) => t.line)).toEqual([3, 4, 6, 7]);
  });

  it('keeps a unit the directory does not know, and says where it was', () => {
    expect(plan.unknownUnits).toEqual(['市大数据局']);
    expect(plan.warnings).toEqual([expect.objectContaining({ line: 4, code: 'UNKNOWN_UNIT' })]);
    expect(plan.warnings[0].message).toContain('市大数据局');
  });
});

describe('a tab-separated table whose 责任单位 column marks the lead, and 配合单位', () => {
  it('reads （牵头） and the 责任单位 | 配合单位 pair', () => {
    const text = [
      '工作任务\t责任单位\t配合单位\t时间节点',
      '建设一网通办平台\t市政务服务中心（牵头）、市电子政务办\t\t2019年12月31日',
      '推进不动产登记便利化\t市国土资源局\t市不动产登记中心、市税务局\t2019年上半年',
    ].join('\n');
    const plan = parsePlanText(text, dir);
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: null,
        content: '建设一网通办平台',
        lead: ['市政务服务中心'],
        responsible: ['市电子政务办'],
        due: '2019-12-31',
      },
      {
        stage: null,
        content: '推进不动产登记便利化',
        lead: ['市国土资源局'],
        responsible: ['市不动产登记中心', '市税务局'],
        due: '2019-06-30',
      },
    ]);
  });

  it('lets the first listed unit lead when the document says so', () => {
    const text = [
      '附件',
      '重点任务责任清单',
      '（责任单位排在第一位的为牵头单位）',
      '序号\t主要任务\t责任单位\t完成时间',
      '1\t开展专项督查\t市政府督查室、市优化办、各区县（市）人民政府\t2019年11月',
    ].join('\n');
    const plan = parsePlanText(text, dir);
    expect(plan.title).toBe('重点任务责任清单');
    expect(names(plan.tasks[0].lead)).toEqual(['市政府督查室']);
    expect(names(plan.tasks[0].responsible)).toEqual(['市优化办', '区县（市）人民政府']);
  });
});

describe('a text table copied across pages', () => {
  it('joins a cell broken over a page, skips page numbers and notes, takes a stage-only row as the stage', () => {
    const text = [
      '附件2',
      '（此件公开发布）',
      '长沙市政务服务改革任务表',
      '序号\t工作阶段\t目标任务\t牵头单位\t责任单位\t完成时间',
      '1\t建设平台\t建成统一平台，实现\t市政务服务中心\t市编办\t2019年6月',
      '\t\t数据共享\t\t\t',
      '— 2 —',
      '序号\t工作阶段\t目标任务\t牵头单位\t责任单位\t完成时间',
      '续表',
      '\t深化改革\t\t\t\t',
      '2\t\t推进标准化\t市质监局\t市直各单位\t下半年',
      '3\t深化改革（续）\t推进规范化\t市质监局\t\t2019年12月',
      '注：排名不分先后',
      '长沙市人民政府办公厅印发',
    ].join('\n');
    const plan = parsePlanText(text, dir);
    expect(plan.title).toBe('长沙市政务服务改革任务表');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '建设平台',
        content: '建成统一平台，实现数据共享',
        lead: ['市政务服务中心'],
        responsible: ['市编办'],
        due: '2019-06-30',
      },
      { stage: '深化改革', content: '推进标准化', lead: ['市质监局'], responsible: ['市直各单位'], due: '2019-12-31' },
      { stage: '深化改革', content: '推进规范化', lead: ['市质监局'], responsible: [], due: '2019-12-31' },
    ]);
    expect(plan.warnings.map((w) => [w.line, w.code])).toEqual([
      [6, 'CONTINUATION'],
      [11, 'DEADLINE_ASSUMED'],
      [14, 'IGNORED'],
    ]);
    expect(plan.warnings[1].message).toBe('完成时间“下半年”没有写年份，已按2019年理解。');
  });
});

describe('an Excel workbook', () => {
  it('reads merged stage cells, a merged title, dates and several lines in a cell', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('责任分解');
      ws.addRow(['长沙市2019年营商环境优化任务表']);
      ws.mergeCells('A1:E1');
      ws.addRow(['工作阶段', '目标任务', '牵头部门', '责任部门', '完成时间']);
      ws.addRow([
        '优化审批',
        '压缩工程建设项目审批时间',
        '市住建委',
        '市规划局\n市国土资源局',
        new Date(Date.UTC(2019, 5, 30)),
      ]);
      ws.addRow([null, '推行区域评估', '市发改委', '各园区管委会', '2019年第三季度']);
      ws.addRow([null, '推行告知承诺制', '市政务中心', '市直各部门', '2019年底']);
      ws.mergeCells('A3:A5');
      ws.addRow(['二、提升服务']);
      ws.mergeCells('A6:E6');
      ws.addRow([
        null,
        '开展“好差评”',
        { richText: [{ text: '市优化办、' }, { text: '市绩效办' }] },
        '区县（市）人民政府',
        '长期坚持',
      ]);
    });
    const plan = await parsePlan({ fileName: '任务表.xlsx', bytes }, dir);
    expect(plan.format).toBe('xlsx');
    expect(plan.title).toBe('长沙市2019年营商环境优化任务表');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '优化审批',
        content: '压缩工程建设项目审批时间',
        lead: ['市住建委'],
        responsible: ['市规划局', '市国土资源局'],
        due: '2019-06-30',
      },
      {
        stage: '优化审批',
        content: '推行区域评估',
        lead: ['市发改委'],
        responsible: ['各园区管委会'],
        due: '2019-09-30',
      },
      {
        stage: '优化审批',
        content: '推行告知承诺制',
        lead: ['市政务服务中心'],
        responsible: ['市直各单位'],
        due: '2019-12-31',
      },
      {
        stage: '提升服务',
        content: '开展“好差评”',
        lead: ['市优化办', '市绩效办'],
        responsible: ['区县（市）人民政府'],
        due: null,
      },
    ]);
    expect(plan.tasks[0].deadline).toEqual({ text: '2019年6月30日', kind: 'date', start: null, due: '2019-06-30' });
    expect(plan.tasks.map((t) => t.line)).toEqual([3, 4, 5, 7]);
    expect(plan.warnings).toEqual([]);
  });

  it('is recognised by its content even under another name', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['重点任务', '牵头单位', '完成时限']);
      ws.addRow(['建设政务服务“好差评”系统', '市政务服务中心', '2019年10月']);
    });
    const plan = await parsePlan({ fileName: 'upload.bin', bytes }, dir);
    expect(plan.format).toBe('xlsx');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: null,
        content: '建设政务服务“好差评”系统',
        lead: ['市政务服务中心'],
        responsible: [],
        due: '2019-10-31',
      },
    ]);
  });
});

describe('a Word document', () => {
  it('reads a table with a merged stage cell, units on separate lines and a heading between tables', async () => {
    const header = ['工作阶段', '目标任务', '牵头部门', '责任部门', '完成时间'];
    const bytes = await docx(
      p('附件') +
        p('长沙市推进“最多跑一次”改革工作责任分解表') +
        table([
          header,
          [{ merge: 'start', text: '建设平台' }, '建成市级平台', '市政务服务中心', '市编办\n市优化办', '2018年4月'],
          [{ merge: 'continue' }, '协调使用政务云', '市电子政务办', '市政务服务中心', '2018年 9月—12月'],
        ]) +
        p('一、深化改革') +
        table([header, ['', '推进信息公开标准化', '市政务服务中心', '各区县（市）政府', '2018年6月']]) +
        p('长沙市人民政府办公厅 2018年3月28日印发'),
    );
    const plan = await parsePlan({ fileName: '分解表.docx', bytes }, dir);
    expect(plan.format).toBe('docx-table');
    expect(plan.title).toBe('长沙市推进“最多跑一次”改革工作责任分解表');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '建设平台',
        content: '建成市级平台',
        lead: ['市政务服务中心'],
        responsible: ['市编办', '市优化办'],
        due: '2018-04-30',
      },
      {
        stage: '建设平台',
        content: '协调使用政务云',
        lead: ['市电子政务办'],
        responsible: ['市政务服务中心'],
        due: '2018-12-31',
      },
      {
        stage: '深化改革',
        content: '推进信息公开标准化',
        lead: ['市政务服务中心'],
        responsible: ['区县（市）人民政府'],
        due: '2018-06-30',
      },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('reads a prose 分工方案 with annotations and following unit lines', async () => {
    const bytes = await docx(
      p('附件') +
        p('2019年政务服务改革任务分工方案') +
        p('为深入推进改革，现将重点任务分工如下：') +
        p('一、优化审批服务') +
        p(
          '1.全面推行“一窗受理、集成服务”。（牵头单位：市政务服务中心；责任单位：市直各单位、各区县（市）人民政府；完成时限：2019年6月底前）',
        ) +
        p('2.推进电子证照应用（市电子政务办牵头，市公安局、市民政局配合）') +
        p('二、强化监督考核') +
        p('（1）开展改革专项督查') +
        p('牵头单位：市政府督查室') +
        p('责任单位：市优化办') +
        p('完成时限：2019年第四季度'),
    );
    const plan = await parsePlan({ fileName: '方案.docx', bytes }, dir);
    expect(plan.format).toBe('docx-prose');
    expect(plan.title).toBe('2019年政务服务改革任务分工方案');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '优化审批服务',
        content: '全面推行“一窗受理、集成服务”。',
        lead: ['市政务服务中心'],
        responsible: ['市直各单位', '区县（市）人民政府'],
        due: '2019-06-30',
      },
      {
        stage: '优化审批服务',
        content: '推进电子证照应用',
        lead: ['市电子政务办'],
        responsible: ['市公安局', '市民政局'],
        due: null,
      },
      {
        stage: '强化监督考核',
        content: '开展改革专项督查',
        lead: ['市政府督查室'],
        responsible: ['市优化办'],
        due: '2019-12-31',
      },
    ]);
    expect(plan.warnings.map((w) => [w.line, w.code])).toEqual([[6, 'NO_DEADLINE']]);
  });
});

describe('a Word document with automatic numbering and heading styles', () => {
  it('takes list items as tasks and headings as stages', async () => {
    const bytes = await docx(
      p('政务公开重点任务分工方案', { heading: 1 }) +
        p('推进决策公开', { heading: 2 }) +
        p('建立重大决策预公开制度（市政府法制办牵头，市直各单位配合）', { list: true }) +
        p('推进政策解读', { list: true }) +
        p('牵头单位：市新闻中心') +
        p('完成时限：2019年第二季度') +
        p('推进执行公开', { heading: 2 }) +
        p('公开重点项目进展（市发改委负责）', { list: true }),
    );
    const plan = await parsePlan({ fileName: '方案.docx', bytes }, dir);
    expect(plan.title).toBe('政务公开重点任务分工方案');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '推进决策公开',
        content: '建立重大决策预公开制度',
        lead: ['市政府法制办'],
        responsible: ['市直各单位'],
        due: null,
      },
      { stage: '推进决策公开', content: '推进政策解读', lead: ['市新闻中心'], responsible: [], due: '2019-06-30' },
      { stage: '推进执行公开', content: '公开重点项目进展', lead: ['市发改委'], responsible: [], due: null },
    ]);
  });
});

describe('prose 分工方案 as text, each annotation style', () => {
  const text = [
    '长沙市优化营商环境三年行动任务分工',
    '',
    '一、提升政务服务效率',
    '1. 推行企业开办“一日办结”。（牵头单位：市工商局；责任单位：市公安局、市税务局）',
    '2、建设“互联网+监管”系统〔牵头单位：市电子政务办；责任单位：市直各相关单位；完成时限：2019年9月〕',
    '（3）压缩不动产登记时间（市国土资源局牵头，市不动产登记中心、市税务局配合，2019年12月底前完成）',
    '（4）清理规范中介服务（市发改委负责）',
    '（5）梳理公布证明事项清单，',
    '2020年6月底前完成（市政府法制办、市直各单位按职责分工负责）',
    '二、加强督查考核',
    '（一）开展营商环境评价（市优化办牵头，各区县（市）人民政府、各园区管委会参与）',
    '6. 持续开展专项督查',
    '牵头单位：市政府督查室；责任单位：市绩效办',
    '完成时限：长期坚持',
    '7. 推行“容缺受理”（含综合窗口）。',
  ].join('\n');
  let plan: ParsedPlan;
  beforeAll(() => {
    plan = parsePlanText(text, dir);
  });

  it('takes the units out of the annotation, which is not part of the content', () => {
    expect(plan.format).toBe('prose');
    expect(plan.title).toBe('长沙市优化营商环境三年行动任务分工');
    expect(plan.tasks.map(brief)).toEqual([
      {
        stage: '提升政务服务效率',
        content: '推行企业开办“一日办结”。',
        lead: ['市工商局'],
        responsible: ['市公安局', '市税务局'],
        due: null,
      },
      {
        stage: '提升政务服务效率',
        content: '建设“互联网+监管”系统',
        lead: ['市电子政务办'],
        responsible: ['市直各单位'],
        due: '2019-09-30',
      },
      {
        stage: '提升政务服务效率',
        content: '压缩不动产登记时间',
        lead: ['市国土资源局'],
        responsible: ['市不动产登记中心', '市税务局'],
        due: '2019-12-31',
      },
      { stage: '提升政务服务效率', content: '清理规范中介服务', lead: ['市发改委'], responsible: [], due: null },
      {
        stage: '提升政务服务效率',
        content: '梳理公布证明事项清单，2020年6月底前完成',
        lead: [],
        responsible: ['市政府法制办', '市直各单位'],
        due: '2020-06-30',
      },
      {
        stage: '加强督查考核',
        content: '开展营商环境评价',
        lead: ['市优化办'],
        responsible: ['区县（市）人民政府', '各园区管委会'],
        due: null,
      },
      {
        stage: '加强督查考核',
        content: '持续开展专项督查',
        lead: ['市政府督查室'],
        responsible: ['市绩效办'],
        due: null,
      },
      { stage: '加强督查考核', content: '推行“容缺受理”（含综合窗口）。', lead: [], responsible: [], due: null },
    ]);
    expect(plan.tasks[6].deadline.kind).toBe('ongoing');
    expect(plan.tasks[1].responsible[0].relevantOnly).toBe(true);
  });

  it('warns, with the line, about what is missing', () => {
    const byLine = plan.warnings.map((w) => [w.line, w.code]);
    expect(byLine).toEqual([
      [4, 'NO_DEADLINE'],
      [7, 'NO_DEADLINE'],
      [11, 'NO_DEADLINE'],
      [15, 'NO_UNITS'],
      [15, 'NO_DEADLINE'],
    ]);
  });

  it('lets the first listed unit lead when the document says so', () => {
    const doc = [
      '任务分工（各项任务排在第一位的单位为牵头单位）',
      '1. 建设数据共享平台（市电子政务办、市编办、市政务服务中心）',
    ].join('\n');
    const t = parsePlanText(doc, dir).tasks[0];
    expect(names(t.lead)).toEqual(['市电子政务办']);
    expect(names(t.responsible)).toEqual(['市编办', '市政务服务中心']);
  });
});

describe('a table of just two columns', () => {
  it('is read when the header is nothing but the task and its lead unit', () => {
    const plan = parsePlanText('重点任务,牵头单位\n推行“证照分离”改革,市工商局\n', dir);
    expect(plan.tasks.map(brief)).toEqual([
      { stage: null, content: '推行“证照分离”改革', lead: ['市工商局'], responsible: [], due: null },
    ]);
  });
});
