/**
 * The import preview as the place of correction (issue 9): what importPlan shows and editPreview changes, before
 * anything is written. One home for the preview's rules:
 * - the view of a parsed table (`previewOf`), with the excluded and edited tasks, the column roles, the unknown
 *   units and the assignment count of what confirming would write;
 * - an edited task is read as the importer reads a table cell (`applyEdit`: units through the directory,
 *   the deadline through core/deadline);
 * - an old table (`allPastOf`: every dated deadline past) and moving its dates by whole years (`shiftYears`),
 *   the rule the demo applies to the 2018 table.
 */
import type { ImportPreview, PreviewTaskEdit, RevisionDiff } from '../api/contract';
import { countAssignments } from '../assign/expand';
import { parseDeadline } from '../deadline/parse';
import { readUnits } from '../importer/units';
import type { CalendarDate, Deadline, ParsedPlan, ParsedTask, UnitRef } from '../model';
import type { DirectoryIndex } from '../org/directory';
import { normalizeText } from '../org/normalize';
import { endOfMonth } from '../time';

/** Which tasks of a stored preview are left out or were edited (kept in the stored preview's view). */
export interface PreviewMarks {
  excluded: Set<number>;
  edited: Set<number>;
}

export function marksOf(preview: ImportPreview): PreviewMarks {
  return {
    excluded: new Set(preview.tasks.filter((t) => t.excluded).map((t) => t.seq)),
    edited: new Set(preview.tasks.filter((t) => t.edited).map((t) => t.seq)),
  };
}

/** The tasks confirming would import: the parsed ones less the excluded. */
export function includedPlan(parsed: ParsedPlan, excluded: Set<number>): ParsedPlan {
  return { ...parsed, tasks: parsed.tasks.filter((t) => !excluded.has(t.seq)) };
}

/** The names the directory does not know, among the tasks that would be imported. */
export function unknownNames(tasks: ParsedTask[]): string[] {
  const out: string[] = [];
  for (const t of tasks) {
    for (const r of [...t.lead, ...t.responsible]) if (r.kind === 'unknown' && !out.includes(r.name)) out.push(r.name);
  }
  return out;
}

export function previewOf(
  parsed: ParsedPlan,
  marks: PreviewMarks,
  dir: DirectoryIndex,
  today: CalendarDate,
  meta: { previewId: string; duplicateOfPlanId: string | null; revision: RevisionDiff | null },
): ImportPreview {
  const included = includedPlan(parsed, marks.excluded);
  const stages: string[] = [];
  for (const t of included.tasks) if (t.stage && !stages.includes(t.stage)) stages.push(t.stage);
  const unknown = unknownNames(included.tasks);
  return {
    previewId: meta.previewId,
    title: parsed.title,
    format: parsed.format,
    tasks: parsed.tasks.map((t) => ({
      seq: t.seq,
      stage: t.stage,
      content: t.content,
      lead: t.lead.map((r) => r.name),
      responsible: t.responsible.map((r) => r.name),
      deadline: t.deadline,
      line: t.line,
      excluded: marks.excluded.has(t.seq),
      edited: marks.edited.has(t.seq),
    })),
    stages,
    unknownUnits: unknown,
    // a warning about a unit that an edit has since resolved no longer stands
    warnings: parsed.warnings.filter(
      (w) => w.code !== 'UNKNOWN_UNIT' || unknown.some((n) => w.message.includes(`“${n}”`)),
    ),
    assignmentCount: countAssignments(included, dir),
    duplicateOfPlanId: meta.duplicateOfPlanId,
    columns: parsed.table ? { headers: [...parsed.table.headers], roles: [...parsed.table.roles] } : null,
    allPast: allPastOf(included.tasks, today),
    revision: meta.revision,
  };
}

// ── per-task edits ────────────────────────────────────────────────────────────

function unitRefs(text: string, dir: DirectoryIndex): UnitRef[] {
  const seen = new Set<string>();
  return readUnits(text, dir)
    .map((u) => u.ref)
    .filter((r) => {
      const k = r.id ?? `?${r.name}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** The year a deadline written without one belongs to: the task's own, else the title's. */
function yearOf(task: ParsedTask, title: string | null): number | null {
  if (task.deadline.due) return +task.deadline.due.slice(0, 4);
  const m = /(20\d{2})\s*年/.exec(title ?? '');
  return m ? +m[1] : null;
}

/** Applies one edit to a parsed task (in place); returns whether anything changed. */
export function applyEdit(
  task: ParsedTask,
  edit: PreviewTaskEdit,
  dir: DirectoryIndex,
  title: string | null,
): { changed: boolean; deadlineWarning: string | null } {
  let changed = false;
  let deadlineWarning: string | null = null;
  if (edit.content !== undefined) {
    const content = normalizeText(edit.content);
    if (content !== task.content) {
      task.content = content;
      changed = true;
    }
  }
  const lead = edit.lead !== undefined ? unitRefs(edit.lead, dir) : null;
  const responsible = edit.responsible !== undefined ? unitRefs(edit.responsible, dir) : null;
  if (lead) task.lead = lead;
  if (responsible) task.responsible = responsible;
  if (lead || responsible) changed = true;
  if (lead || responsible) {
    const leadKeys = new Set(task.lead.map((r) => r.id ?? `?${r.name}`));
    task.responsible = task.responsible.filter((r) => !leadKeys.has(r.id ?? `?${r.name}`));
  }
  if (edit.deadline !== undefined && normalizeText(edit.deadline) !== task.deadline.text) {
    const { deadline, warning } = parseDeadline(edit.deadline, { year: yearOf(task, title) });
    task.deadline = deadline;
    deadlineWarning = warning;
    changed = true;
  }
  return { changed, deadlineWarning };
}

// ── an old table ──────────────────────────────────────────────────────────────

/** Whole years from `due` to the first year in which the same day is today or later. */
function yearsToReach(due: CalendarDate, today: CalendarDate): number {
  let n = 0;
  while (shiftDate(due, n) < today) n++;
  return n;
}

/** Set when the tasks have dated deadlines and every one is before today. */
export function allPastOf(tasks: ParsedTask[], today: CalendarDate): ImportPreview['allPast'] {
  const dues = tasks.map((t) => t.deadline.due).filter((d): d is string => d !== null);
  if (dues.length === 0) return null;
  const latest = dues.reduce((a, b) => (b > a ? b : a));
  if (latest >= today) return null;
  return { latestDue: latest, years: yearsToReach(latest, today) };
}

/** A date `years` later; the end of a month stays the end of its month (2月28日 → 2月29日 in a leap year). */
export function shiftDate(date: CalendarDate, years: number): CalendarDate {
  const y = +date.slice(0, 4);
  const m = +date.slice(5, 7);
  const d = +date.slice(8, 10);
  const end = endOfMonth(y, m);
  const target = endOfMonth(y + years, m);
  if (date === end || d > +target.slice(8, 10)) return target;
  return `${y + years}-${date.slice(5)}`;
}

/** A deadline `years` later, its text too (`2018年4月` → `2026年4月`). */
export function shiftDeadline(deadline: Deadline, years: number): Deadline {
  if (years === 0) return deadline;
  return {
    ...deadline,
    text: deadline.text.replace(/(20\d{2})(\s*年)/g, (_, y: string, rest: string) => `${+y + years}${rest}`),
    start: deadline.start ? shiftDate(deadline.start, years) : null,
    due: deadline.due ? shiftDate(deadline.due, years) : null,
  };
}
