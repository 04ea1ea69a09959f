/**
 * The reading limits (limits.ts) against crafted files built here: a workbook with one cell in column XFD, a zip
 * whose member inflates to far more than its file, one that lies about it, and long text tables; ordinary files pass.
 */
import { wideWorkbook, zipBomb } from '../testing/hostileFiles';
import { checkDocumentLimits, DOCUMENT_LIMITS } from '../../core/importer/limits';

async function refusal(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; detail?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; detail?: Record<string, unknown> };
  }
  throw new Error('expected IMPORT_TOO_LARGE, but the file passed');
}

describe('documents are read under limits, before any reader builds them', () => {
  it('a workbook with one cell in column XFD is refused naming the column', async () => {
    const bytes = await wideWorkbook(300);
    const e = await refusal(checkDocumentLimits({ fileName: 'a.xlsx', bytes }));
    expect(e.code).toBe('IMPORT_TOO_LARGE');
    expect(e.message).toContain('列数');
    expect(e.message).toContain('XFD');
    expect(e.message).toMatch(/请删除表格右侧多余的列/);
  });

  it('50,000 rows are refused by the row limit', async () => {
    const bytes = await wideWorkbook(50_000, 'C');
    const e = await refusal(checkDocumentLimits({ fileName: 'a.xlsx', bytes }));
    expect([e.code, e.detail?.limit]).toEqual(['IMPORT_TOO_LARGE', 'rows']);
  });

  it.each(['xlsx', 'docx'] as const)(
    'a %s whose member inflates to 300 MB is refused, also when it lies about it',
    async (kind) => {
      for (const lie of [false, true]) {
        const bytes = await zipBomb(kind, 300, lie);
        expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
        const before = process.memoryUsage().rss;
        const e = await refusal(checkDocumentLimits({ fileName: `a.${kind}`, bytes }));
        expect([e.code, e.detail?.limit]).toEqual(['IMPORT_TOO_LARGE', 'entryBytes']);
        expect(e.message).toContain('解压后大小');
        expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
      }
    },
  );

  it('a text table of more lines than the limit is refused', async () => {
    const bytes = new TextEncoder().encode('序号\t目标任务\n'.repeat(DOCUMENT_LIMITS.rows + 1));
    const e = await refusal(checkDocumentLimits({ fileName: 'a.txt', bytes }));
    expect(e.code).toBe('IMPORT_TOO_LARGE');
  });

  it('an ordinary workbook of 2,000 rows passes', async () => {
    const bytes = await wideWorkbook(2_000, 'F');
    await expect(checkDocumentLimits({ fileName: 'a.xlsx', bytes })).resolves.toBeUndefined();
  });
});
