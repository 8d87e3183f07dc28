#!/usr/bin/env node
/**
 * The corsim command line: `main(argv, io)` runs one command and resolves with its exit code. Importing this
 * module does nothing else; run as a script (tsx, or the package's bin) it runs `main` on the process.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs, renderExitCodes, renderHelp, UsageError, didYouMean } from './args.js';
import { COMMANDS, type Command } from './commands.js';
import { EXIT, EXIT_CODES, processIo, type CliIo } from './io.js';
import { setColour } from './render.js';
import { VERSION } from './version.js';

export type { CliIo } from './io.js';
export { EXIT } from './io.js';

/** The overview: every command in one line, the exit codes, where to get more. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length + c.spec.args.length + 1));
  return [
    `corsim ${VERSION}: what Chromium, Firefox and WebKit do when a page calls fetch() across origins`,
    '',
    'usage: corsim <command> [arguments] [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${`${c.spec.name} ${c.spec.args}`.padEnd(width)}  ${c.spec.brief}`),
    `  ${'help <command>'.padEnd(width)}  the options of a command (also: corsim <command> --help)`,
    '',
    renderExitCodes(EXIT_CODES),
    '',
    'Paths are relative to the directory corsim is run from. Options: --version, --help.',
  ].join('\n');
}

function find(name: string): Command | undefined {
  return COMMANDS.find((c) => c.spec.name === name);
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command '${name}'${didYouMean(name, [...COMMANDS.map((c) => c.spec.name), 'help'], (n) => `'${n}'`)}; see 'corsim --help'`);
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return EXIT.usage;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(VERSION);
    return EXIT.ok;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(usage());
      return EXIT.ok;
    }
    const command = find(topic);
    if (!command) throw unknownCommand(topic);
    io.out(renderHelp(command.spec));
    return EXIT.ok;
  }
  const command = find(name);
  if (!command) throw unknownCommand(name);
  let parsed;
  try {
    parsed = parseCommandArgs(command.spec, rest);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${error.message}\nsee 'corsim ${command.spec.name} --help'`);
    throw error;
  }
  if (parsed.values.help === true) {
    io.out(renderHelp(command.spec));
    return EXIT.ok;
  }
  const run = await command.load();
  return run(parsed.values, parsed.positionals, io);
}

/** Runs one command line (without the program name); never exits the process. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  setColour(io.colour);
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`corsim: ${error.message}`);
      return EXIT.usage;
    }
    io.err(`corsim: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return EXIT.usage;
  }
}

const entry = typeof process !== 'undefined' && process.argv[1] !== undefined
  && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (entry) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
