/**
 * The annex workbook (.xlsx) is written by exceljs's streaming writer (core/usecases/exportCircular.ts), row by
 * row; before it, by the whole-workbook writer, from a model of every sheet. These tests hold the streamed annex to
 * what the earlier writer wrote, read back with exceljs: the small plan's annex against a digest kept beside this
 * file, the seed table's (32 tasks, merges over many rows) against its digest's hash. Both were made from the
 * earlier writer's output. A deliberate change of the annex's layout updates them:
 * `UPDATE_ANNEX_FIXTURE=1 npx jest server/export/circularAnnex.test.ts` writes the fixture and prints the hash (then
 * `npx prettier --write` the fixture).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { useWorld } from '../../core/testing/world';
import { withSeedTable } from '../../core/testing/seedTable';

const {
  w,
  plan,
  users: { supervisor },
} = useWorld({ smallPlan: true, users: { supervisor: ['city-ducha', 'supervisor'] } });
/**
 * What a reader of the annex sees, read back with exceljs: every sheet's cells (value, merge, style), row heights,
 * column widths, merges, views, page set-up, header and footer, and the workbook's print titles. Styles are listed
 * once and referred to by index.
 */
async function annexDigest(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const styles: string[] = [];
  const styleIndex = (style: unknown) => {
    const json = JSON.stringify(style);
    const at = styles.indexOf(json);
    return at >= 0 ? at : styles.push(json) - 1;
  };
  const sheets = wb.worksheets.map((ws) => {
    const [rowCount, columnCount] = [ws.rowCount, ws.columnCount];
    const rows: unknown[] = [];
    for (let r = 1; r <= rowCount; r++) {
      const row = ws.getRow(r);
      const cells: unknown[] = [];
      for (let c = 1; c <= columnCount; c++) {
        const cell = row.getCell(c);
        cells.push([cell.value ?? null, cell.isMerged ? cell.master.address : null, styleIndex(cell.style)]);
      }
      rows.push([row.height ?? null, cells]);
    }
    return {
      name: ws.name,
      state: ws.state,
      properties: ws.properties,
      views: ws.views,
      pageSetup: ws.pageSetup,
      headerFooter: ws.headerFooter,
      widths: (ws.columns ?? []).map((c) => c.width ?? null),
      merges: [...((ws.model as unknown as { merges?: string[] }).merges ?? [])].sort(),
      rows,
    };
  });
  return { creator: wb.creator, definedNames: wb.definedNames.model, styles: styles.map((s) => JSON.parse(s)), sheets };
}

const ANNEX_FIXTURE = join(__dirname, 'circularAnnex.fixture.json');
/** sha256 of the seed table's annex digest, as the whole-workbook writer (before the streaming one) wrote it. */
const SEED_ANNEX_DIGEST = 'ae63b457b70c13304ecc0b2a8de5fd2cd973a90333fce984d40e1c24b9f2f5fc';

describe('the annex as it was written before the streaming writer', () => {
  const update = process.env.UPDATE_ANNEX_FIXTURE === '1';

  it('has the same cells, styles, heights, widths, merges and print set-up (the small plan)', async () => {
    await w.store.updateAssignment(plan.a['t3:city-bianban'], { status: 'closed' });
    const furong = await w.addUser('district-furong', 'contact');
    await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t2:district-furong'],
      requestId: 'r1',
      text: '已完成清单梳理，正在征求意见。'.repeat(8),
    });
    await w.call(supervisor, 'exportCircular', { format: 'xlsx' });
    const digest = await annexDigest([...w.files.exports.values()][0]);
    if (update) writeFileSync(ANNEX_FIXTURE, JSON.stringify(digest));
    expect(digest).toEqual(JSON.parse(readFileSync(ANNEX_FIXTURE, 'utf8')));
  });

  it('is the same for the whole seed table (32 tasks, merges over many rows)', async () => {
    await withSeedTable(async (fresh, admin) => {
      await fresh.call(admin, 'exportCircular', { format: 'xlsx' });
      const digest = await annexDigest([...fresh.files.exports.values()][0]);
      const hash = createHash('sha256').update(JSON.stringify(digest)).digest('hex');
      if (update) console.log(`SEED_ANNEX_DIGEST = '${hash}'`);
      else if (hash !== SEED_ANNEX_DIGEST)
        writeFileSync(join(tmpdir(), 'duban-seed-annex.json'), JSON.stringify(digest));
      expect(hash).toBe(SEED_ANNEX_DIGEST);
    });
  });
});
