/**
 * The 情况通报 as a Word document: its model (what it says, built from the figures; pure) and its rendering with
 * the `docx` library (loaded by `import()` when a circular is built, as exceljs is).
 *
 * Layout, after GB/T 9704 (党政机关公文格式) and the 督查通报 offices issue: A4 portrait, margins 37 / 35 / 28 / 26 mm;
 * the red masthead 督查通报, 第N期, the issuing office and the date over a red rule; the title in 小标宋 二号; the body
 * in 仿宋 三号 with 28-point lines, headings 一、二、… in 黑体; tables in 仿宋 小四 with bold headers repeated on each
 * page; the page number — N — at the foot. Fonts a machine lacks are substituted by the word processor (the
 * test renders through LibreOffice with WenQuanYi Zen Hei).
 */
import type { LightCounts } from '../api/contract';

/** One unit that did not report in this period (from the reporting cycle, when there is one). */
export interface MissedReportRow {
  unitName: string;
  /** The tasks it owes a report on (seq and content). */
  tasks: { seq: number; content: string }[];
}

/** One open 批示 (a leader's instruction) and whether the units acted on it. */
export interface OpenInstructionRow {
  taskSeq: number;
  taskContent: string;
  leaderName: string;
  /** When it was given, Beijing date as the document prints it (2026年12月1日). */
  givenOn: string;
  text: string;
  /** 已落实 / 落实中 / 未落实, as the cycle's data says. */
  state: string;
}

export interface CircularDocument {
  /** 关于……推进情况的通报 */
  title: string;
  /** 第N期 */
  issue: number;
  /** The issuing office (the exporting official's unit). */
  office: string;
  /** 2026年12月1日 */
  date: string;
  /** The opening paragraph, generated from the figures. */
  opening: string;
  byStage: { stage: string; counts: LightCounts }[];
  /** Units with overdue assignments, ranked by overdue count (ties share a rank). */
  ranked: { rank: number; unitName: string; counts: LightCounts }[];
  /** How many units have no overdue assignment (not listed). */
  unitsWithoutOverdue: number;
  /** One row per task with overdue units, most overdue first; `units` named by nameUnits, `unitCount` of them. */
  overdue: { seq: number; content: string; units: string[]; unitCount: number; due: string; days: string }[];
  /** Sections present only when rows are given (the reporting cycle and 批示 supply them). */
  missedReports?: MissedReportRow[];
  openInstructions?: OpenInstructionRow[];
}

export interface TaskFigures {
  tasks: number;
  done: number;
  green: number;
  yellow: number;
  red: number;
}

export interface ReportingFigures {
  /** Units due to report this period. */
  expected: number;
  missed: MissedReportRow[];
}

/**
 * 截至2026年12月1日，全市32项任务中，已办结5项、正常推进20项、临期3项、逾期4项，办结率15.6%；涉及单位…个，
 * 其中…个单位有逾期事项。本期应报送28个单位，未按时报送3个。
 */
export function openingOf(
  date: string,
  t: TaskFigures,
  units: { total: number; withOverdue: number },
  reporting?: ReportingFigures,
): string {
  const rate = t.tasks ? `${((t.done / t.tasks) * 100).toFixed(1)}%` : '—';
  let text =
    `截至${date}，全市${t.tasks}项任务中，已办结${t.done}项、正常推进${t.green}项、临期${t.yellow}项、逾期${t.red}项，` +
    `办结率${rate}；涉及责任单位${units.total}个，其中${units.withOverdue}个单位有逾期事项。`;
  if (reporting) text += `本期应报送${reporting.expected}个单位，未按时报送${reporting.missed.length}个。`;
  return text;
}

/**
 * A task's overdue units as the circular names them: lead units first (marked 牵头), then each collective of the
 * directory whose members are all overdue named once (区县（市）人民政府（9个）), largest first, then the rest.
 */
export function nameUnits(
  units: { unitId: string; unitName: string; lead: boolean }[],
  groups: { name: string; members: string[] }[],
): string[] {
  // a lead unit is named as the lead and may also be a member of a collective named whole
  const out = units.filter((u) => u.lead).map((u) => `${u.unitName}（牵头）`);
  const left = new Set(units.map((u) => u.unitId));
  for (const g of [...groups].sort((a, b) => b.members.length - a.members.length)) {
    if (g.members.length < 2 || !g.members.every((m) => left.has(m))) continue;
    out.push(`${g.name}（${g.members.length}个）`);
    for (const m of g.members) left.delete(m);
  }
  for (const u of units) if (!u.lead && left.has(u.unitId)) out.push(u.unitName);
  return out;
}

/** Competition ranking by a key, highest first: equal keys share a rank (1, 1, 3). */
export function rankBy<T>(items: T[], key: (item: T) => number): { rank: number; item: T }[] {
  const out: { rank: number; item: T }[] = [];
  items.forEach((item, i) => {
    const prev = out[i - 1];
    out.push({ rank: prev && key(prev.item) === key(item) ? prev.rank : i + 1, item });
  });
  return out;
}

/** 本期未按时报送的单位（共N个）：市编办（2项）、芙蓉区人民政府（1项）。 */
export function missedUnitsText(rows: MissedReportRow[]): string {
  const units = rows.map((m) => (m.tasks.length > 0 ? `${m.unitName}（${m.tasks.length}项）` : m.unitName));
  return `本期未按时报送的单位共${rows.length}个（括号内为未按时报送的任务数）：${units.join('、')}。`;
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

// ── rendering ───────────────────────────────────────────────────────────────

const MM = 1440 / 25.4; // twips per millimetre
const PAGE = { width: Math.round(210 * MM), height: Math.round(297 * MM) };
const MARGIN = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
};
/** The width tables may take: the text block, 156 mm. */
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const FANGSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEITI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const XIAOBIAOSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const RED = 'C00000';
/** Half-points: 三号 16 pt, 小四 12 pt, 二号 22 pt. */
const SIZE = { body: 32, table: 24, title: 44, masthead: 72 };

/** Column widths of each table, fractions of TEXT_WIDTH (they sum to 1). */
export const TABLE_COLUMNS = {
  byStage: [0.36, 0.1, 0.1, 0.1, 0.1, 0.1, 0.14],
  ranked: [0.09, 0.35, 0.1, 0.1, 0.1, 0.12, 0.14],
  overdue: [0.08, 0.34, 0.34, 0.16, 0.08],
  instructions: [0.08, 0.28, 0.38, 0.14, 0.12],
} as const;

/** The paragraph styles of the tables' cells: thousands of cells name one style rather than repeat its properties. */
const TABLE_STYLES = { body: 'CircularTable', header: 'CircularTableHeader' } as const;

/** The padding of a table cell, twips. */
const CELL_MARGINS = { left: 80, right: 80, top: 40, bottom: 40 };

type Docx = typeof import('docx');

export async function renderCircularDocx(doc: CircularDocument): Promise<Uint8Array> {
  // Node's import() of the cloud bundle's lib/docx.js (CommonJS) may carry the exports only on `default`
  const loaded = (await import('docx')) as Docx & { default?: Docx };
  const d: Docx = loaded.Document ? loaded : (loaded.default as Docx);
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Footer,
    LineRuleType,
    Packer,
    PageNumber,
    Paragraph,
    Table,
    TableCell,
    TableLayoutType,
    TableRow,
    TextRun,
    VerticalAlign,
    WidthType,
  } = d;

  const run = (text: string, opts: { font?: typeof FANGSONG; size?: number; bold?: boolean; color?: string } = {}) =>
    new TextRun({
      text,
      font: opts.font ?? FANGSONG,
      size: opts.size ?? SIZE.body,
      bold: opts.bold,
      color: opts.color,
    });
  const bodyLine = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt
  const para = (text: string, indent = true, keepNext = false) =>
    new Paragraph({
      children: [run(text)],
      spacing: bodyLine,
      keepNext,
      indent: indent ? { firstLine: 640 } : undefined, // two characters of 三号
      alignment: AlignmentType.JUSTIFIED,
    });
  const heading = (n: number, text: string) =>
    new Paragraph({
      children: [run(`${CHINESE_NUMERALS[n] ?? String(n + 1)}、${text}`, { font: HEITI })],
      spacing: bodyLine,
      indent: { firstLine: 640 },
      keepNext: true,
    });

  const cell = (text: string | number, width: number, opts: { header?: boolean; right?: boolean } = {}) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: String(text)
        .split('\n')
        .map(
          (line) =>
            new Paragraph({
              // font, size, weight and line spacing from the cell's paragraph style (TABLE_STYLES), not on each run
              style: opts.header ? TABLE_STYLES.header : TABLE_STYLES.body,
              children: [new TextRun(line)],
              alignment: opts.header ? AlignmentType.CENTER : opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
            }),
        ),
    });
  const table = (
    fractions: readonly number[],
    headers: string[],
    rows: (string | number)[][],
    right: number[],
    /** Rows taller than a page (long unit lists) must be allowed to break across pages. */
    split = false,
  ) => {
    const widths = fractions.map((f) => Math.floor(f * TEXT_WIDTH));
    return new Table({
      layout: TableLayoutType.FIXED,
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      // every cell's margins, once for the table (w:tblCellMar) rather than on each of its thousands of cells
      margins: CELL_MARGINS,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: headers.map((h, i) => cell(h, widths[i], { header: true })),
        }),
        ...rows.map(
          (r) =>
            new TableRow({
              cantSplit: !split,
              children: r.map((v, i) => cell(v, widths[i], { right: right.includes(i) })),
            }),
        ),
      ],
    });
  };
  const gap = () => new Paragraph({ children: [], spacing: { line: 280, lineRule: LineRuleType.EXACT } });
  const rate = (c: LightCounts) => (c.total ? `${((c.done / c.total) * 100).toFixed(1)}%` : '—');

  const children: (InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>)[] = [];
  // masthead: 督查通报, 第N期, the office and the date over a red rule
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run('督查通报', { font: XIAOBIAOSONG, size: SIZE.masthead, color: RED })],
      spacing: { after: 240 },
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(`第${doc.issue}期`)], spacing: { after: 120 } }),
    new Paragraph({
      tabStops: [{ type: d.TabStopType.RIGHT, position: TEXT_WIDTH }],
      children: [run(doc.office), run(`\t${doc.date}`)],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      spacing: { after: 480 },
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(doc.title, { font: XIAOBIAOSONG, size: SIZE.title })],
      spacing: { after: 360, line: 640, lineRule: LineRuleType.AT_LEAST },
    }),
    para(doc.opening),
  );

  let n = 0;
  children.push(heading(n++, '分阶段推进情况'));
  children.push(
    table(
      TABLE_COLUMNS.byStage,
      ['工作阶段', '任务分配数', '已办结', '正常', '临期', '逾期', '办结率'],
      doc.byStage.map((s) => [
        s.stage,
        s.counts.total,
        s.counts.done,
        s.counts.green,
        s.counts.yellow,
        s.counts.red,
        rate(s.counts),
      ]),
      [1, 2, 3, 4, 5, 6],
    ),
    gap(),
  );

  children.push(heading(n++, '各单位逾期情况排名'));
  if (doc.ranked.length === 0) children.push(para('各单位均无逾期事项。'));
  else {
    children.push(
      table(
        TABLE_COLUMNS.ranked,
        ['名次', '单位', '逾期', '临期', '正常', '已办结', '办结率'],
        doc.ranked.map((u) => [
          u.rank,
          u.unitName,
          u.counts.red,
          u.counts.yellow,
          u.counts.green,
          u.counts.done,
          rate(u.counts),
        ]),
        [0, 2, 3, 4, 5, 6],
      ),
    );
    if (doc.unitsWithoutOverdue > 0) children.push(para(`其余${doc.unitsWithoutOverdue}个单位无逾期事项。`));
    else children.push(gap());
  }

  children.push(heading(n++, '逾期未办结事项'));
  if (doc.overdue.length === 0) children.push(para('目前没有逾期未办结的事项。'));
  else {
    children.push(
      table(
        TABLE_COLUMNS.overdue,
        ['任务序号', '目标任务', '逾期单位', '完成时限', '逾期天数'],
        doc.overdue.map((o) => [o.seq, o.content, `${o.units.join('、')}（共${o.unitCount}个）`, o.due, o.days]),
        [0, 4],
        true,
      ),
      gap(),
    );
  }

  if (doc.missedReports && doc.missedReports.length > 0) {
    // as offices write it: one paragraph of the units, each with how many tasks it owes a report on (the tasks
    // themselves are in the annex); a table of every unit's task numbers ran to a dozen pages
    children.push(heading(n++, '本期未按时报送单位'), para(missedUnitsText(doc.missedReports)), gap());
  }
  if (doc.openInstructions && doc.openInstructions.length > 0) {
    children.push(heading(n++, '领导批示'));
    children.push(
      table(
        TABLE_COLUMNS.instructions,
        ['任务序号', '任务', '批示内容', '批示人及时间', '落实情况'],
        doc.openInstructions.map((o) => [o.taskSeq, o.taskContent, o.text, `${o.leaderName}\n${o.givenOn}`, o.state]),
        [0],
      ),
      gap(),
    );
  }

  children.push(
    // the closing words and the signature stay on one page
    para('请各有关单位对照通报情况，抓紧推进逾期、临期事项，按时报送工作进展。', true, true),
    new Paragraph({ children: [], spacing: bodyLine, keepNext: true }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [run(doc.office)],
      spacing: bodyLine,
      indent: { right: 640 },
      keepNext: true,
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [run(doc.date)],
      spacing: bodyLine,
      indent: { right: 640 },
    }),
  );

  const document = new Document({
    creator: '督办通',
    title: doc.title,
    styles: {
      default: { document: { run: { font: FANGSONG, size: SIZE.body } } },
      paragraphStyles: [
        {
          id: TABLE_STYLES.body,
          name: 'Circular table text',
          basedOn: 'Normal',
          run: { font: FANGSONG, size: SIZE.table },
          paragraph: { spacing: { line: 320, lineRule: LineRuleType.AT_LEAST } },
        },
        {
          id: TABLE_STYLES.header,
          name: 'Circular table header',
          basedOn: TABLE_STYLES.body,
          run: { font: HEITI, bold: true },
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: { ...MARGIN, header: 851, footer: 992 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FANGSONG, size: 28 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
