/**
 * Finding and reading scenario files for the CLI. Synchronous reads: a command works on one file at a time, and a
 * thread-pool round trip per file would cost more than the read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseScenarioText } from '../scenario/parse.js';
import type { Scenario } from '../scenario/types.js';
import { UsageError } from './args.js';
import { resolvePath, type CliIo } from './io.js';
import { red } from './render.js';

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
}

export interface LoadProblem {
  readonly file: string;
  readonly problems: readonly string[];
}

/**
 * Expands files and directories into scenario files, sorted. In a directory: `*.json` that are not `*.result.json`
 * nor a tool's configuration (`package.json`, `tsconfig*.json`), which may sit beside scenarios. A file named
 * on the command line is always read as a scenario.
 */
export function findScenarioFiles(inputs: readonly string[]): { files: string[]; problems: LoadProblem[] } {
  const files: string[] = [];
  const problems: LoadProblem[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = statSync(input);
    } catch {
      problems.push({ file: input, problems: ['no such file or directory'] });
      continue;
    }
    if (info.isDirectory()) {
      const names = readdirSync(input).filter(isScenarioFileName).sort();
      files.push(...names.map((n) => path.join(input, n)));
    } else {
      files.push(input);
    }
  }
  return { files, problems };
}

function isScenarioFileName(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.result.json') && name !== 'package.json' && !/^tsconfig.*\.json$/.test(name);
}

/** Reads and validates one scenario file. */
export function loadScenario(file: string): LoadedScenario | LoadProblem {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, problems: [`cannot read: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = parseScenarioText(text);
  return parsed.ok ? { file, scenario: parsed.scenario } : { file, problems: parsed.problems };
}

/** How a file that does not parse is reported. */
export function problemLine(problem: LoadProblem): string {
  return `${red('error')} ${problem.file}: not a valid cors-scenario/1:\n${problem.problems.map((p) => `  - ${p}`).join('\n')}`;
}

/**
 * Finds and checks every scenario file before anything runs, reporting each bad one, and gives the good ones in
 * order; of a scenario it keeps only its id, so that the memory of a run does not grow with its scenarios (each is
 * read again when it is played). Throws UsageError when there is nothing to run or two files share an id.
 */
export function checkScenarioFiles(inputs: readonly string[], io: CliIo): { files: string[]; bad: number } {
  if (inputs.length === 0) throw new UsageError('give at least one scenario file or directory');
  const { files, problems } = findScenarioFiles(inputs.map((i) => resolvePath(io, i)));
  for (const p of problems) io.err(`${red('error')} ${p.file}: ${p.problems.join('; ')}`);
  if (files.length === 0 && problems.length === 0) throw new UsageError(`no scenario files (*.json) in ${inputs.join(', ')}`);
  const fileById = new Map<string, string>();
  let duplicate: UsageError | undefined;
  let bad = problems.length;
  for (const file of new Set(files)) {
    const one = loadScenario(file);
    if (!('scenario' in one)) {
      bad++;
      io.err(problemLine(one));
      continue;
    }
    const { id } = one.scenario;
    const other = fileById.get(id);
    if (other === undefined) fileById.set(id, file);
    else duplicate ??= new UsageError(`scenario id '${id}' is used by both ${other} and ${file}: ids must be unique in a run`);
  }
  if (duplicate) throw duplicate;
  return { files: [...fileById.values()], bad };
}
