/**
 * Finding and reading scenario files for the CLI.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseScenarioText } from '../scenario/parse.js';
import type { Scenario } from '../scenario/types.js';

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
export async function findScenarioFiles(inputs: readonly string[]): Promise<{ files: string[]; problems: LoadProblem[] }> {
  const files: string[] = [];
  const problems: LoadProblem[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      problems.push({ file: input, problems: ['no such file or directory'] });
      continue;
    }
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter(isScenarioFileName).sort();
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
export async function loadScenario(file: string): Promise<LoadedScenario | LoadProblem> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, problems: [`cannot read: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = parseScenarioText(text);
  return parsed.ok ? { file, scenario: parsed.scenario } : { file, problems: parsed.problems };
}
