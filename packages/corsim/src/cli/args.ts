/**
 * Argument parsing from one table per command: long and short names, `--name=value`, repeatable options,
 * choices, `--` ending options, and a "did you mean" hint for anything unknown. Also renders `--help`.
 */
import { didYouMean } from '../scenario/suggest.js';

export { didYouMean };

export interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  /** A flag takes no value. */
  readonly flag?: boolean;
  /** May be given more than once; the values are kept in order. */
  readonly repeat?: boolean;
  readonly choices?: readonly string[];
  /** The value's placeholder in help, e.g. `URL`. */
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  /** What follows the command name in the usage line, e.g. `<url>`. */
  readonly args: string;
  /** One line for the overview. */
  readonly brief: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** Paragraphs after the options. */
  readonly details?: readonly string[];
  /** When the command ends with each of its exit codes (the codes are `EXIT`'s). */
  readonly exits: ExitCodes;
  /** One invocation a user could paste; a test parses it against this spec. */
  readonly example: string;
}

/** Exit code → when a command ends with it. */
export type ExitCodes = Readonly<Partial<Record<0 | 1 | 2 | 3, string>>>;

/** The `exit codes:` paragraph of a help text. */
export function renderExitCodes(exits: ExitCodes): string {
  return ['exit codes:', ...Object.entries(exits).map(([code, when]) => `  ${code}  ${when}`)].join('\n');
}

export type OptionValues = Readonly<Record<string, string | true | readonly string[] | undefined>>;

export interface Parsed {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', flag: true, help: 'show this help and exit' };

function store(values: Record<string, string | true | string[]>, spec: OptionSpec, value: string | true): void {
  if (typeof value === 'string' && spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')}, not '${value}'${didYouMean(value, spec.choices, (c) => `'${c}'`)}`);
  }
  if (spec.repeat) ((values[spec.name] ??= []) as string[]).push(value as string);
  else if (values[spec.name] !== undefined && !spec.flag) throw new UsageError(`--${spec.name} given twice`);
  else values[spec.name] = value;
}

/** Parses `argv` (after the command name) by `command`'s table; throws UsageError. */
export function parseCommandArgs(command: CommandSpec, argv: readonly string[]): Parsed {
  const options = [HELP_OPTION, ...command.options];
  const byLong = new Map(options.map((o) => [o.name, o]));
  const byShort = new Map(options.flatMap((o) => (o.short ? [[o.short, o] as const] : [])));
  const values: Record<string, string | true | string[]> = {};
  const positionals: string[] = [];
  const unknown = (given: string): never => {
    throw new UsageError(`unknown option ${given} for '${command.name}'${didYouMean(given.replace(/^-+/, ''), options.map((o) => o.name), (n) => `--${n}`)}`);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      spec = byLong.get(name) ?? unknown(`--${name}`);
      if (eq >= 0) inline = arg.slice(eq + 1);
    } else if (arg.startsWith('-') && arg.length > 1) {
      spec = byShort.get(arg[1] as string) ?? unknown(arg.slice(0, 2));
      if (arg.length > 2) inline = arg.slice(2);
    } else {
      positionals.push(arg);
      continue;
    }
    if (spec.flag) {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      store(values, spec, true);
      continue;
    }
    const value = inline ?? argv[i + 1];
    // A separate value never starts with `--` (give such a value as --name=value), nor is it a short option.
    if (value === undefined || (inline === undefined && (value.startsWith('--') || (/^-[A-Za-z]/.test(value) && byShort.has(value[1] as string))))) {
      throw new UsageError(`option --${spec.name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
    }
    if (inline === undefined) i++;
    store(values, spec, value);
  }
  return { values, positionals };
}

/** The `--help` text of a command. */
export function renderHelp(command: CommandSpec, program = 'corsim'): string {
  const lines = [`usage: ${program} ${command.name}${command.args ? ` ${command.args}` : ''} [options]`, '', command.summary, '', 'options:'];
  for (const o of [...command.options, HELP_OPTION]) {
    const names = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.flag ? '' : ` ${o.value ?? (o.choices ? o.choices.join('|') : 'VALUE')}`}`;
    const help = `${o.help}${o.repeat ? ' (repeatable)' : ''}`;
    lines.push(names.length > 36 ? `  ${names}\n  ${''.padEnd(36)} ${help}` : `  ${names.padEnd(36)} ${help}`);
  }
  for (const d of command.details ?? []) lines.push('', d);
  lines.push('', renderExitCodes(command.exits), '', `example:\n  ${command.example}`);
  return lines.join('\n');
}

/** Reads a single string option. */
export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a repeatable option (empty when absent). */
export function list(values: OptionValues, name: string): readonly string[] {
  const v = values[name];
  return Array.isArray(v) ? v : [];
}
