/** Bad input gets one clear Chinese sentence and a stable code, never a crash. */
import fc from 'fast-check';
import JSZip from 'jszip';
import { demoDirectory } from '../../data/index';
import { DubanError } from '../errors';
import { createDirectoryIndex } from '../org/directory';
import { parsePlan, parsePlanText } from './index';
import { docx, p, utf8, workbook } from './testFixtures';

const dir = createDirectoryIndex(demoDirectory());

async function failure(fileName: string, bytes: Uint8Array): Promise<DubanError> {
  try {
    await parsePlan({ fileName, bytes }, dir);
  } catch (e) {
    if (e instanceof DubanError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

/** Deterministic noise (a linear congruential generator), so the test is the same every run. */
function noise(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('files the importer refuses', () => {
  it('an empty file', async () => {
    const e = await failure('分解表.txt', new Uint8Array(0));
    expect(e.code).toBe('IMPORT_EMPTY');
    expect(e.message).toMatch(/^文件是空的：/);
    expect((await failure('a.csv', utf8(' \r\n\t\n'))).code).toBe('IMPORT_EMPTY');
  });

  it('binary garbage', async () => {
    const e = await failure('分解表.txt', noise(4096));
    expect(e.code).toBe('IMPORT_UNREADABLE');
    expect(e.message).toContain('无法读取');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...noise(200)]);
    expect((await failure('photo.txt', png)).code).toBe('IMPORT_UNREADABLE');
  });

  it('a corrupt or foreign zip', async () => {
    const corrupt = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...noise(300)]);
    expect((await failure('分解表.xlsx', corrupt)).code).toBe('IMPORT_UNREADABLE');
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    const foreign = await zip.generateAsync({ type: 'uint8array' });
    const e = await failure('分解表.zip', foreign);
    expect(e.code).toBe('IMPORT_UNREADABLE');
    expect(e.message).toContain('不是 Excel（.xlsx）或 Word（.docx）文件');
  });

  it('an old .xls / .doc file, a PDF, a text file named .xlsx', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...noise(100)]);
    expect((await failure('分解表.xls', ole)).message).toContain('另存为');
    expect((await failure('分解表.pdf', utf8('%PDF-1.7\n...'))).message).toContain('PDF');
    expect((await failure('分解表.xlsx', utf8('序号,任务,牵头单位\n1,x,市编办'))).code).toBe('IMPORT_UNREADABLE');
  });

  it('text with no recognisable header and no numbered items', async () => {
    const e = await failure('通知.txt', utf8('关于做好有关工作的通知\n各单位：\n请认真做好有关工作。\n'));
    expect(e.code).toBe('IMPORT_NO_HEADER');
    expect(e.message).toMatch(/^未识别到表头：请确认表格包含/);
    const columns = await failure('data.csv', utf8('姓名,电话,地址\n张三,123,长沙\n'));
    expect(columns.code).toBe('IMPORT_NO_HEADER');
  });

  it('a Word document with neither a task table nor 分工 items', async () => {
    const bytes = await docx(p('会议纪要') + p('一、会议议定事项') + p('1. 大家要提高认识。'));
    expect((await failure('纪要.docx', bytes)).code).toBe('IMPORT_NO_HEADER');
  });

  it('a workbook with a header but no data rows', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('Sheet1').addRow(['序号', '重点任务', '牵头单位', '责任单位', '完成时限']);
    });
    const e = await failure('任务.xlsx', bytes);
    expect(e.code).toBe('IMPORT_NO_TASKS');
    expect(e.message).toContain('没有任务行');
  });

  it('an empty workbook, and a table with only its header', async () => {
    const empty = await workbook((wb) => {
      wb.addWorksheet('Sheet1');
    });
    expect((await failure('空.xlsx', empty)).code).toBe('IMPORT_EMPTY');
    expect((await failure('表.txt', utf8('附件\n工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间\n'))).code).toBe(
      'IMPORT_NO_TASKS',
    );
  });
});

describe('any text', () => {
  it('either parses or fails with an import error code, never anything else', () => {
    const cells = fc.constantFrom(
      '工作阶段',
      '目标任务',
      '牵头单位',
      '责任单位',
      '完成时间',
      '市编办',
      '各园区',
      '2019年6月',
      '',
      '1.',
      '（牵头单位：市编办）',
      '一、阶段',
    );
    const line = fc.array(cells, { maxLength: 6 }).map((a) => a.join('\t'));
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.string()), { maxLength: 12 }), (lines) => {
        try {
          const plan = parsePlanText(lines.join('\n'), dir);
          expect(plan.tasks.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(DubanError);
          expect(['IMPORT_EMPTY', 'IMPORT_NO_HEADER', 'IMPORT_NO_TASKS']).toContain((e as DubanError).code);
        }
      }),
      { numRuns: 300 },
    );
  });
});
