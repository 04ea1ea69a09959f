/**
 * The corpus of real public documents (core/importer/corpus, see bench-import-accuracy.ts): every file
 * imports with the right number of tasks, and lead, responsible units and deadline are right on at least 95% of the
 * sampled tasks, with no annotation text left in any task's content.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCorpus, CORPUS, totals, type FileResult } from './bench-import-accuracy';
import { tableText, type CorpusTable } from './build-import-corpus';

let results: FileResult[];
beforeAll(async () => {
  results = await benchCorpus();
}, 60_000);

describe('the corpus of real documents', () => {
  it('has at least 12 documents in at least 18 files, tables also as .xlsx and .docx', () => {
    const t = totals(results);
    expect(t.documents).toBeGreaterThanOrEqual(12);
    expect(t.files).toBeGreaterThanOrEqual(18);
    expect(results.some((r) => r.file.endsWith('.xlsx'))).toBe(true);
    expect(results.some((r) => r.file.endsWith('.docx'))).toBe(true);
  });

  it('gives the right number of tasks for every file, refusing none', () => {
    const wrong = results.filter((r) => !r.countRight).map((r) => `${r.id}/${r.file}: ${r.refused ?? r.tasks}`);
    expect(wrong).toEqual([]);
  });

  it('is right on lead, responsible units and deadline for at least 95% of the sampled tasks', () => {
    const t = totals(results);
    expect(t.lead / t.sampled).toBeGreaterThanOrEqual(0.95);
    expect(t.responsible / t.sampled).toBeGreaterThanOrEqual(0.95);
    expect(t.due / t.sampled).toBeGreaterThanOrEqual(0.95);
  });

  it('has each text export built from its table.json (npm run build:import-corpus)', () => {
    const tables = readdirSync(CORPUS).filter((id) => existsSync(join(CORPUS, id, 'table.json')));
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const id of tables) {
      const t = JSON.parse(readFileSync(join(CORPUS, id, 'table.json'), 'utf8')) as CorpusTable;
      expect(readFileSync(join(CORPUS, id, 'table.txt'), 'utf8')).toBe(tableText(t));
    }
  });

  it('leaves no annotation text in any task', () => {
    expect(results.filter((r) => r.annotated > 0).map((r) => `${r.id}/${r.file}`)).toEqual([]);
  });
});
