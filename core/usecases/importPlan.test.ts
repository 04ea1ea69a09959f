import fc from 'fast-check';
import JSZip from 'jszip';
import { seedTableText } from '../../data';
import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  users: { admin },
} = useWorld({ users: { admin: ['city-ducha', 'admin'] } });

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('importPlan (preview)', () => {
  it('previews the 2018 Changsha table: 32 tasks, their stages and how many assignments they make', async () => {
    const preview = await w.call(admin, 'importPlan', { fileName: 'changsha-2018.txt', base64: b64(seedTableText()) });
    expect(preview.tasks).toHaveLength(32);
    expect(preview.stages[0]).toBe('建设“互联网+政务服务”平台');
    expect(preview.tasks[0].lead).toEqual(['市政务服务中心']);
    expect(preview.assignmentCount).toBeGreaterThan(32 * 9);
    expect(preview.duplicateOfPlanId).toBeNull();
    expect(await w.store.listPlans()).toEqual([]);
    expect((await w.store.getPreview(preview.previewId))?.fileName).toBe('changsha-2018.txt');
  });

  it('reads an uploaded file by its id, and names units the directory does not know', async () => {
    const table =
      '工作阶段\t目标任务\t牵头部门\t责任部门\t完成时间\n试点\t建设数据中台\t市大数据中心\t芙蓉区人民政府\t2026年6月\n';
    w.files.put('upload-1', admin.principal, new TextEncoder().encode(table));
    const preview = await w.call(admin, 'importPlan', { fileName: 'plan.txt', fileId: 'upload-1' });
    expect(preview.unknownUnits).toEqual(['市大数据中心']);
    expect(preview.tasks[0].deadline).toMatchObject({ kind: 'month', due: '2026-06-30' });
  });

  it('wants exactly one of file content or file id', async () => {
    expect((await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt' }), 'BAD_INPUT')).message).toContain(
      '二选一',
    );
    await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt', base64: 'AAAA', fileId: 'f' }), 'BAD_INPUT');
    await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt', base64: '不是base64' }), 'BAD_INPUT');
  });

  it('refuses what is not a responsibility table, and someone else’s upload', async () => {
    await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt', base64: b64('你好') }), 'IMPORT_NO_HEADER');
    w.files.put('theirs', 'someone-else', new TextEncoder().encode('x'));
    await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt', fileId: 'theirs' }), 'FORBIDDEN');
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    await expectError(
      w.call(supervisor, 'importPlan', { fileName: 'a.txt', base64: b64(seedTableText()) }),
      'FORBIDDEN',
    );
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'savePreview');
    await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt', base64: b64(seedTableText()) }), 'INTERNAL');
  });

  it('any bytes at all give a preview or a refusal that says what to do, never an internal error', async () => {
    const zipWith = async (name: string, content: Uint8Array) => {
      const zip = new JSZip();
      zip.file(name, content);
      return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
    };
    const files = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
      fc
        .uint8Array({ maxLength: 200 })
        .chain((b) => fc.constantFrom('xl/workbook.xml', 'word/document.xml').map((name) => ({ name, b }))),
    );
    await fc.assert(
      fc.asyncProperty(files, async (file) => {
        const bytes = file instanceof Uint8Array ? file : await zipWith(file.name, file.b);
        try {
          await w.call(admin, 'importPlan', { fileName: 'x.xlsx', base64: Buffer.from(bytes).toString('base64') });
        } catch (e) {
          const code = (e as { code?: string }).code;
          expect(code).not.toBe('INTERNAL');
          expect(code).toMatch(/^(IMPORT_|BAD_INPUT)/);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('importPlan under the reading limits (core/importer/limits.ts)', () => {
  it('refuses 10 MB + 1 byte of base64 with FILE_TOO_LARGE, and takes exactly 10 MB to the reader', async () => {
    const over = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41).toString('base64');
    await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt', base64: over }), 'FILE_TOO_LARGE');
    const exact = Buffer.alloc(10 * 1024 * 1024, 0x41).toString('base64');
    // the size itself is allowed; ten million letters of text are over the text limit, said as such
    const e = await expectError(w.call(admin, 'importPlan', { fileName: 'a.txt', base64: exact }), 'IMPORT_TOO_LARGE');
    expect(e.message).toContain('字数');
  });

  it('refuses a workbook with a cell in column XFD with IMPORT_TOO_LARGE, before exceljs reads it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook/>');
    const rows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`);
    rows.push('<row r="51"><c r="XFD51"><v>1</v></c></row>');
    zip.file('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`);
    const base64 = (await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })).toString('base64');
    const e = await expectError(w.call(admin, 'importPlan', { fileName: 'wide.xlsx', base64 }), 'IMPORT_TOO_LARGE');
    expect(e.message).toContain('XFD');
    expect((e as unknown as { status: number }).status).toBe(413);
  });
});
