/**
 * `npm run bench:import-accuracy`: imports every file of the corpus of real public documents
 * (core/importer/corpus/<id>/: the document as text, and for tables also .xlsx and .docx; truth.json checked by
 * reading the document) and prints, per file and overall: task count right, lead / responsible / due right on the
 * sampled tasks, content as written, tasks with annotation text left in their content, title, refused files.
 * `--json` prints the figures as JSON. Prints figures; asserts nothing (scripts/import-corpus.test.ts does).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../core/importer/index';
import { createDirectoryIndex } from '../core/org/directory';
import { nameKey } from '../core/org/normalize';
import type { ParsedPlan, ParsedTask, UnitRef } from '../core/model';

export interface TruthTask {
  content: string;
  lead: string[];
  responsible: string[];
  due: string | null;
}

export interface Truth {
  place: string;
  year: number;
  shape: string;
  source: string;
  files: string[];
  /** Unit names the office's directory holds (for documents whose names run together); none: an empty directory. */
  directory?: string[];
  title: string | null;
  taskCount: number;
  tasks: TruthTask[];
}

export interface FileResult {
  id: string;
  file: string;
  refused: string | null;
  tasks: number;
  expected: number;
  countRight: boolean;
  sampled: number;
  lead: number;
  responsible: number;
  due: number;
  content: number;
  annotated: number;
  titleRight: boolean | null;
  misses: string[];
}

export const CORPUS = join(__dirname, '..', 'core', 'importer', 'corpus');

/** Text a parser left in a task's content that belongs to the annotation, not to the task. */
const ANNOTATION =
  /(牵头单位|牵头部门|责任单位|责任部门|配合单位|协办单位|牵头领导|责任领导|分管领导|项目责任人|实际完成情况|完成时限|进展情况)\s*[:：]|[（(〔][^（()）〔〕]*(?:牵头|配合|负责)[^（()）〔〕]*[）)〕][。；;]?$/;

export function annotationLeft(content: string): boolean {
  return ANNOTATION.test(content);
}

function directoryFor(names: string[] | undefined) {
  return createDirectoryIndex({
    units: (names ?? []).map((name, i) => ({ id: `u${i + 1}`, name, aliases: [], kind: 'other' as const })),
    groups: [],
  });
}

const refMatches = (ref: UnitRef, name: string) => [ref.name, ref.text].some((n) => nameKey(n) === nameKey(name));

function sameUnits(refs: UnitRef[], names: string[]): boolean {
  return refs.length === names.length && names.every((n) => refs.some((r) => refMatches(r, n)));
}

/** The parsed task for a truth task: the first unused one whose content begins as the truth's does. */
function matchTasks(parsed: ParsedTask[], truth: TruthTask[]): (ParsedTask | null)[] {
  const used = new Set<number>();
  return truth.map((t) => {
    const head = nameKey(t.content).slice(0, 10);
    const i = parsed.findIndex((p, k) => !used.has(k) && nameKey(p.content).startsWith(head));
    if (i < 0) return null;
    used.add(i);
    return parsed[i];
  });
}

const names = (refs: UnitRef[]) => refs.map((r) => r.name).join('、') || '—';

export async function benchFile(id: string, file: string, truth: Truth): Promise<FileResult> {
  const bytes = new Uint8Array(readFileSync(join(CORPUS, id, file)));
  const out: FileResult = {
    id,
    file,
    refused: null,
    tasks: 0,
    expected: truth.taskCount,
    countRight: false,
    sampled: truth.tasks.length,
    lead: 0,
    responsible: 0,
    due: 0,
    content: 0,
    annotated: 0,
    titleRight: null,
    misses: [],
  };
  let plan: ParsedPlan;
  try {
    plan = await parsePlan({ fileName: file, bytes }, directoryFor(truth.directory));
  } catch (e) {
    out.refused = e instanceof Error ? e.message : String(e);
    return out;
  }
  out.tasks = plan.tasks.length;
  out.countRight = plan.tasks.length === truth.taskCount;
  out.annotated = plan.tasks.filter((t) => annotationLeft(t.content)).length;
  if (truth.title !== null) out.titleRight = nameKey(plan.title ?? '') === nameKey(truth.title);
  matchTasks(plan.tasks, truth.tasks).forEach((p, k) => {
    const t = truth.tasks[k];
    const label = `#${k + 1}`;
    if (!p) {
      out.misses.push(`${label} not found: ${t.content.slice(0, 16)}…`);
      return;
    }
    if (sameUnits(p.lead, t.lead)) out.lead += 1;
    else out.misses.push(`${label} lead ${names(p.lead)} ≠ ${t.lead.join('、') || '—'}`);
    if (sameUnits(p.responsible, t.responsible)) out.responsible += 1;
    else out.misses.push(`${label} responsible ${names(p.responsible)} ≠ ${t.responsible.join('、') || '—'}`);
    if ((p.deadline.due ?? null) === t.due) out.due += 1;
    else out.misses.push(`${label} due ${p.deadline.due ?? '—'} (“${p.deadline.text}”) ≠ ${t.due ?? '—'}`);
    if (nameKey(p.content) === nameKey(t.content)) out.content += 1;
    else out.misses.push(`${label} content “${p.content.slice(0, 40)}…”`);
  });
  return out;
}

export async function benchCorpus(): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const id of readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const truth = JSON.parse(readFileSync(join(CORPUS, id.name, 'truth.json'), 'utf8')) as Truth;
    for (const file of truth.files) results.push(await benchFile(id.name, file, truth));
  }
  return results;
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

export function totals(results: FileResult[]) {
  const sum = (f: (r: FileResult) => number) => results.reduce((s, r) => s + f(r), 0);
  const docs = new Set(results.map((r) => r.id)).size;
  return {
    documents: docs,
    files: results.length,
    countRight: results.filter((r) => r.countRight).length,
    refused: results.filter((r) => r.refused !== null).length,
    sampled: sum((r) => r.sampled),
    lead: sum((r) => r.lead),
    responsible: sum((r) => r.responsible),
    due: sum((r) => r.due),
    content: sum((r) => r.content),
    annotated: sum((r) => r.annotated),
    titles: results.filter((r) => r.titleRight !== null).length,
    titleRight: results.filter((r) => r.titleRight === true).length,
  };
}

async function main(): Promise<void> {
  const results = await benchCorpus();
  const t = totals(results);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ totals: t, files: results }, null, 2));
    return;
  }
  for (const r of results) {
    const name = `${r.id}/${r.file}`.padEnd(32);
    if (r.refused) {
      console.log(`${name} REFUSED: ${r.refused}`);
      continue;
    }
    console.log(
      `${name} tasks ${r.tasks}/${r.expected}${r.countRight ? ' ✓' : ' ✗'}  lead ${r.lead}/${r.sampled}  ` +
        `resp ${r.responsible}/${r.sampled}  due ${r.due}/${r.sampled}  content ${r.content}/${r.sampled}  ` +
        `annotation left ${r.annotated}  title ${r.titleRight === null ? '—' : r.titleRight ? '✓' : '✗'}`,
    );
    for (const m of r.misses) console.log(`    ${m}`);
  }
  console.log('');
  console.log(
    `${t.documents} documents, ${t.files} files: task count right on ${t.countRight}/${t.files}, refused ${t.refused}; ` +
      `on ${t.sampled} sampled tasks: lead ${pct(t.lead, t.sampled)}, responsible ${pct(t.responsible, t.sampled)}, ` +
      `due ${pct(t.due, t.sampled)}, content as written ${pct(t.content, t.sampled)}; ` +
      `tasks with annotation text left ${t.annotated}; title right ${t.titleRight}/${t.titles}`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
