/**
 * `duban <command> [options]`: the command registry, a small argument parser and error handling.
 * To add a command, put it in server/cli/commands/<name>.ts and list it in COMMANDS below.
 */
import { isDubanError } from '../../core/errors';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { inviteCommand } from './commands/invite';
import { serveCommand } from './commands/serve';
import { remindCommand } from './commands/remind';
import { outboxCommand } from './commands/outbox';
import { benchDataCommand } from './commands/benchData';
import { rebuildCountsCommand } from './commands/rebuildCounts';
import { CliError, type CliIO, type Command, type CommandOption, type ParsedArgs } from './types';

export const COMMANDS: Command[] = [
  serveCommand,
  demoCommand,
  importCommand,
  inviteCommand,
  exportCommand,
  remindCommand,
  outboxCommand,
  benchDataCommand,
  rebuildCountsCommand,
];

const HELP_OPTION: CommandOption = { name: 'help', type: 'boolean', description: '显示这条命令的用法' };

/** Parses `argv` against a command's options: `--flag`, `--name value`, `--name=value`, `--` ends options. */
export function parseArgs(argv: string[], options: CommandOption[]): ParsedArgs {
  const known = new Map([...options, HELP_OPTION].map((o) => [o.name, o]));
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const option = known.get(name);
    if (!option) throw new CliError(`不认识的选项 --${name}：运行 duban --help 查看可用的选项。`);
    if (option.type === 'boolean') {
      if (eq >= 0) throw new CliError(`选项 --${name} 不带值：请去掉“=”及其后的内容。`);
      flags[name] = true;
    } else if (eq >= 0) {
      flags[name] = arg.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new CliError(`选项 --${name} 需要一个值：例如 --${name} ${option.valueName ?? '值'}。`);
      flags[name] = value;
      i += 1;
    }
  }
  return { positionals, flags };
}

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    '督办通（Duban）命令行',
    '',
    '用法：duban <命令> [选项]',
    '',
    '命令：',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '运行 duban <命令> --help 查看某条命令的用法。',
    '',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  const opts = [...c.options, HELP_OPTION].map((o) => [
    o.type === 'string' ? `--${o.name} ${o.valueName ?? '值'}` : `--${o.name}`,
    o.description,
  ]);
  const width = Math.max(...opts.map(([left]) => left.length));
  return [
    `${c.summary}`,
    '',
    `用法：${c.usage}`,
    '',
    '选项：',
    ...opts.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`),
    '',
  ].join('\n');
}

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

/** Runs the command line; returns the exit code (0 ok, 1 error). Never prints a stack trace. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(generalHelp());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`没有“${name}”这条命令：运行 duban --help 查看可用的命令。\n`);
    return 1;
  }
  try {
    const args = parseArgs(rest, command.options);
    if (args.flags.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof CliError || isDubanError(e)) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`出现意外错误（${message}）：请检查输入后重试，如仍失败请联系管理员。\n`);
    return 1;
  }
}
