/**
 * `duban import FILE --dry-run [--json] [--directory FILE]`: parses a responsibility table (text, CSV, .xlsx,
 * .docx) against the org directory and prints what importing it would create, without writing anything.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { countAssignments, planFingerprint } from '../../../core/assign/expand';
import { fileTooLarge } from '../../../core/errors';
import { parsePlan } from '../../../core/importer/index';
import type { Directory, ImportFormat, ImportWarning, ParsedPlan } from '../../../core/model';
import { createDirectoryIndex, parseDirectory, type DirectoryIndex } from '../../../core/org/directory';
import { demoDirectory } from '../../../data/index';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';
import { describeImport, importToDb } from '../importToDb';
import { DB_OPTION, dbPathFrom } from '../localDb';

const MAX_BYTES = 50 * 1024 * 1024;

const FORMAT_WORDS: Record<ImportFormat, string> = {
  'table-text': '文本表格',
  xlsx: 'Excel 工作簿',
  'xlsx-prose': 'Excel 工作簿（条目式）',
  'docx-table': 'Word 表格',
  'docx-prose': 'Word 分工方案（条目式）',
  prose: '文本分工方案（条目式）',
};

function readInputFile(path: string, what: string, shown: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new CliError(`${shown} 是一个文件夹：请指定${what}文件。`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`找不到${what}文件 ${shown}：请检查路径后重试。`);
  }
  if (size > MAX_BYTES) {
    throw fileTooLarge(MAX_BYTES / (1024 * 1024), `请删去${what}中无关的工作表或图片后重新导入`);
  }
  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    throw new CliError(`无法读取${what}文件 ${shown}：请确认有读取权限后重试。`);
  }
}

function loadDirectory(args: ParsedArgs, cwd: string): Directory {
  const file = args.flags.directory;
  if (typeof file !== 'string') return demoDirectory();
  const text = new TextDecoder().decode(readInputFile(resolve(cwd, file), '组织目录', file));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`组织目录文件 ${file} 不是有效的 JSON：请检查括号和引号后重试。`);
  }
  return parseDirectory(json);
}

export function where(w: ImportWarning): string {
  return w.line === null ? '全文' : `第${w.line}行`;
}

/** The `--json` output: the shape issue 2 fixes (title, tasks, unknownUnits, warnings), plus a few more fields. */
export function planJson(plan: ParsedPlan, dir: DirectoryIndex) {
  return {
    title: plan.title,
    format: plan.format,
    tasks: plan.tasks.map((t) => ({
      seq: t.seq,
      stage: t.stage,
      content: t.content,
      lead: t.lead.map((r) => r.name),
      responsible: t.responsible.map((r) => r.name),
      deadline: { text: t.deadline.text, kind: t.deadline.kind, start: t.deadline.start, due: t.deadline.due },
      line: t.line,
      /** Collectives written with 相关: a supervisor may narrow their members. */
      relevantOnly: [...t.lead, ...t.responsible].filter((r) => r.relevantOnly).map((r) => r.name),
    })),
    stages: [...new Set(plan.tasks.map((t) => t.stage).filter((s): s is string => s !== null))],
    unknownUnits: plan.unknownUnits,
    warnings: plan.warnings.map((w) => ({ where: where(w), message: w.message })),
    assignmentCount: countAssignments(plan, dir),
    fingerprint: planFingerprint(plan),
  };
}

function summary(plan: ParsedPlan, dir: DirectoryIndex, fileName: string): string {
  const json = planJson(plan, dir);
  const lines: string[] = [];
  lines.push(`${plan.title ?? fileName}（${FORMAT_WORDS[plan.format] ?? plan.format}）`);
  lines.push(
    `共 ${plan.tasks.length} 条任务、${json.stages.length} 个阶段；按组织目录展开后将交办 ${json.assignmentCount} 项（每个单位一项）。`,
  );
  if (json.stages.length > 0) {
    lines.push('', '阶段：');
    json.stages.forEach((s, i) =>
      lines.push(`  ${i + 1}. ${s}（${plan.tasks.filter((t) => t.stage === s).length} 条）`),
    );
  }
  lines.push('', '任务：');
  for (const t of json.tasks) {
    const due = t.deadline.due ?? (t.deadline.kind === 'ongoing' ? '长期' : '未定');
    const content = t.content.length > 40 ? `${t.content.slice(0, 40)}…` : t.content;
    lines.push(`  ${String(t.seq).padStart(2)}. [${due}] ${content}`);
    lines.push(`      牵头：${t.lead.join('、') || '（无）'}；责任：${t.responsible.join('、') || '（无）'}`);
  }
  lines.push('', `目录中没有的单位：${plan.unknownUnits.length ? plan.unknownUnits.join('、') : '无'}`);
  if (json.warnings.length === 0) lines.push('提示：无');
  else {
    lines.push(`提示（${json.warnings.length} 条）：`);
    for (const w of json.warnings) lines.push(`  ${w.where}：${w.message}`);
  }
  lines.push('', '这是预览（--dry-run）：没有写入任何数据。', '');
  return lines.join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary: '导入责任分解表（文本、CSV、Excel .xlsx、Word .docx）：--dry-run 只预览，否则写入数据库',
  usage: 'duban import 文件 [--dry-run] [--json] [--db 数据库文件] [--directory 组织目录.json]',
  options: [
    { name: 'dry-run', type: 'boolean', description: '只解析和预览，不写入数据库' },
    { name: 'json', type: 'boolean', description: '以 JSON 输出解析结果' },
    DB_OPTION,
    {
      name: 'directory',
      type: 'string',
      valueName: '文件',
      description: '使用这个组织目录（JSON），默认为长沙市演示目录',
    },
  ],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    if (args.positionals.length === 0)
      throw new CliError('请指定要导入的文件：例如 duban import 分解表.xlsx --dry-run。');
    if (args.positionals.length > 1) throw new CliError('一次只能导入一个文件：请分别导入。');
    const file = args.positionals[0];
    const bytes = readInputFile(resolve(io.cwd, file), '', file);
    if (!args.flags['dry-run']) {
      // Writing: through importPlan + confirmImport as the system administrator (server/cli/importToDb.ts).
      const written = await importToDb(resolve(io.cwd, file), dbPathFrom(args.flags, io.cwd));
      io.stdout(args.flags.json ? `${JSON.stringify(written, null, 2)}\n` : `${describeImport(written)}\n`);
      return 0;
    }
    const dir = createDirectoryIndex(loadDirectory(args, io.cwd));
    const plan = await parsePlan({ fileName: file, bytes }, dir);
    if (args.flags.json) io.stdout(`${JSON.stringify(planJson(plan, dir), null, 2)}\n`);
    else io.stdout(summary(plan, dir, file));
    return 0;
  },
};
