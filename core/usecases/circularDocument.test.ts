import JSZip from 'jszip';
import { nameUnits, openingOf, rankBy, renderCircularDocx, type CircularDocument } from './circularDocument';
import { useWorld } from '../testing/world';

/** The text of a .docx body, paragraph by paragraph (table cells are paragraphs too). */
async function docxParagraphs(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .filter((t) => t.length > 0);
}

describe('the circular document model', () => {
  it('writes the opening from the figures, with the reporting period only when there is one', () => {
    expect(
      openingOf('2026年3月10日', { tasks: 32, done: 3, green: 20, yellow: 4, red: 5 }, { total: 72, withOverdue: 9 }),
    ).toBe(
      '截至2026年3月10日，全市32项任务中，已办结3项、正常推进20项、临期4项、逾期5项，办结率9.4%；涉及责任单位72个，其中9个单位有逾期事项。',
    );
    expect(
      openingOf(
        '2026年3月10日',
        { tasks: 1, done: 1, green: 0, yellow: 0, red: 0 },
        { total: 1, withOverdue: 0 },
        { expected: 28, missed: [{ unitName: '市编办', tasks: [] }] },
      ),
    ).toMatch(/本期应报送28个单位，未按时报送1个。$/);
  });

  it('ranks ties together (1, 1, 3)', () => {
    expect(rankBy([5, 5, 3, 2, 2, 1], (n) => n).map((r) => r.rank)).toEqual([1, 1, 3, 4, 4, 6]);
    expect(rankBy([], (n: number) => n)).toEqual([]);
  });

  it('names a collective once when all its members are overdue, the lead first', () => {
    const units = [
      { unitId: 'a', unitName: '甲局', lead: true },
      { unitId: 'd1', unitName: '一区', lead: false },
      { unitId: 'd2', unitName: '二区', lead: false },
      { unitId: 'b', unitName: '乙局', lead: false },
    ];
    expect(nameUnits(units, [{ name: '各区', members: ['d1', 'd2'] }])).toEqual([
      '甲局（牵头）',
      '各区（2个）',
      '乙局',
    ]);
    // a collective with a member not overdue is not named
    expect(nameUnits(units, [{ name: '各区', members: ['d1', 'd2', 'd3'] }])).toEqual([
      '甲局（牵头）',
      '一区',
      '二区',
      '乙局',
    ]);
  });

  it('renders the missed-report and 批示 sections only when rows are given', async () => {
    const base: CircularDocument = {
      title: '关于《测试》落实情况的通报',
      issue: 3,
      office: '市政府督查室',
      date: '2026年3月10日',
      opening: '截至……',
      byStage: [],
      ranked: [],
      unitsWithoutOverdue: 0,
      overdue: [],
    };
    const without = await docxParagraphs(await renderCircularDocx(base));
    expect(without).toContain('第3期');
    expect(without.join('|')).not.toMatch(/本期未按时报送单位|领导批示/);
    expect(without).toContain('各单位均无逾期事项。');

    const withRows = await docxParagraphs(
      await renderCircularDocx({
        ...base,
        missedReports: [{ unitName: '芙蓉区人民政府', tasks: [{ seq: 2, content: '梳理事项清单' }] }],
        openInstructions: [
          {
            taskSeq: 2,
            taskContent: '梳理事项清单',
            leaderName: '陈领导',
            givenOn: '2026年3月9日',
            text: '请加快',
            state: '落实中',
          },
        ],
      }),
    );
    expect(withRows).toContain('四、本期未按时报送单位');
    expect(withRows).toContain('五、领导批示');
    expect(withRows).toContain('本期未按时报送的单位共1个（括号内为未按时报送的任务数）：芙蓉区人民政府（1项）。');
    expect(withRows).toContain('请加快');
  });
});

const {
  w,
  users: { supervisor },
} = useWorld({ smallPlan: true, users: { supervisor: ['city-ducha', 'supervisor'] } });

describe('exportCircular as a Word document', () => {
  it('is the default: masthead, 第N期 per plan, the office and date, the opening and the tables', async () => {
    const out = await w.call(supervisor, 'exportCircular', {});
    expect(out.format).toBe('docx');
    expect(out.fileName).toBe('督办通情况通报-第1期-2026-03-10.docx');
    const text = await docxParagraphs([...w.files.exports.values()][0]);
    expect(text.slice(0, 3)).toEqual(['督查通报', '第1期', '市政府督查室\t2026年3月10日']);
    expect(text[3]).toMatch(/^关于《.+》落实情况的通报$/);
    expect(text[4]).toBe(
      '截至2026年3月10日，全市3项任务中，已办结0项、正常推进1项、临期1项、逾期1项，办结率0.0%；涉及责任单位11个，其中3个单位有逾期事项。',
    );
    expect(text).toEqual(
      expect.arrayContaining(['一、分阶段推进情况', '二、各单位逾期情况排名', '三、逾期未办结事项']),
    );
    // the overdue task: one row, its units named (lead first), counted
    expect(text).toContain('梳理公布“最多跑一次”事项清单');
    expect(text).toContain('市政务服务中心（牵头）、市编办、芙蓉区人民政府（共3个）');
    // the three overdue units share rank 1
    const rankCells = text.filter(
      (t, i) => t === '1' && ['市政务服务中心', '市编办', '芙蓉区人民政府'].includes(text[i + 1]),
    );
    expect(rankCells).toHaveLength(3);
    expect(text.join('|')).not.toMatch(/本期未按时报送单位|领导批示/);
  });

  it('keeps the number on the same day and counts on the next', async () => {
    expect((await w.call(supervisor, 'exportCircular', {})).fileName).toContain('第1期');
    expect((await w.call(supervisor, 'exportCircular', { format: 'docx' })).fileName).toContain('第1期');
    w.clock.advanceDays(1);
    expect((await w.call(supervisor, 'exportCircular', {})).fileName).toContain('第2期');
    // the annex has no number
    expect((await w.call(supervisor, 'exportCircular', { format: 'xlsx' })).fileName).not.toContain('期');
  });

  it('refuses another format', async () => {
    await expect(w.call(supervisor, 'exportCircular', { format: 'pdf' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
