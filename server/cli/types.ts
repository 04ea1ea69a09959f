/** What a `duban` subcommand is: one file per command under server/cli/commands/, listed in main.ts. */

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Relative paths on the command line are resolved against this directory. */
  cwd: string;
}

export interface CommandOption {
  /** Without the leading dashes: `dry-run`, `json`, `directory`. */
  name: string;
  /** A boolean flag, or an option that takes a value (`--port 8080` or `--port=8080`). */
  type: 'boolean' | 'string';
  /** One line, in Chinese, for `--help`. */
  description: string;
  /** Shown as `--name VALUE` in help. */
  valueName?: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

export interface Command {
  name: string;
  /** One line, in Chinese. */
  summary: string;
  /** e.g. `duban import FILE --dry-run [--json]`. */
  usage: string;
  options: CommandOption[];
  /** Returns the exit code. A DubanError or CliError thrown here becomes one sentence on stderr and exit code 1. */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** A mistake on the command line or with a file: printed as is, without a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
