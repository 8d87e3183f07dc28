#!/usr/bin/env node
/**
 * The corsim command line.
 *   corsim replay <scenario files or dirs…> [--out DIR] [--browser chromium] [--trace]
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getProfile, type FetchOutcome } from '@corsim/engine';
import { playScenario } from '../scenario/play.js';
import type { ScenarioStep } from '../scenario/types.js';
import { findScenarioFiles, loadScenario } from './files.js';
import { compareDirectories, renderReport } from './compare.js';
import { bold, red, renderStep } from './render.js';

const USAGE = `usage:
  corsim replay <scenario files or directories…> [--out DIR] [--browser chromium] [--trace]
      Plays cors-scenario/1 files through the engine. With --out, writes <id>.result.json (cors-result/1)
      per scenario; without, prints each step's verdict (and with --trace, the engine's reasoning).
  corsim compare EXPECTED_DIR ACTUAL_DIR [--all] [--scenarios DIR]
      Field-by-field agreement of two directories of cors-result/1 files, with the disagreements.`;

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positionals: string[];
  readonly options: Map<string, string | true>;
}

/** Splits argv into a command, positionals and `--name value` / `--flag` options. */
export function parseArgs(argv: readonly string[], flags: ReadonlySet<string>): ParsedArgs | { error: string } {
  const [command, ...rest] = argv;
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (flags.has(name)) {
        options.set(name, true);
      } else if (eq >= 0) {
        options.set(name, arg.slice(eq + 1));
      } else {
        const value = rest[i + 1];
        if (value === undefined || value.startsWith('--')) return { error: `option --${name} needs a value` };
        options.set(name, value);
        i++;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { command, positionals, options };
}

async function replay(args: ParsedArgs): Promise<number> {
  const known = new Set(['out', 'browser', 'trace']);
  for (const name of args.options.keys()) if (!known.has(name)) return usageError(`unknown option --${name}`);
  const browser = String(args.options.get('browser') ?? 'chromium');
  const profile = getProfile(browser);
  if (!profile) return usageError(`unknown browser '${browser}' (known: chromium)`);
  if (args.positionals.length === 0) return usageError('replay needs at least one scenario file or directory');
  const out = args.options.get('out');
  const outDir = typeof out === 'string' ? out : undefined;
  if (outDir) await mkdir(outDir, { recursive: true });

  const { files, problems } = await findScenarioFiles(args.positionals);
  let failures = problems.length;
  for (const p of problems) console.error(`${red('error')} ${p.file}: ${p.problems.join('; ')}`);
  let written = 0;
  for (const file of files) {
    const loaded = await loadScenario(file);
    if (!('scenario' in loaded)) {
      failures++;
      console.error(`${red('error')} ${file}: not a valid cors-scenario/1:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`);
      continue;
    }
    const { scenario } = loaded;
    const shown: Array<[ScenarioStep, FetchOutcome, number]> = [];
    try {
      const result = await playScenario(scenario, { profile, onStep: (s, o, i) => shown.push([s, o, i]) });
      if (outDir) {
        await writeFile(path.join(outDir, `${scenario.id}.result.json`), `${JSON.stringify(result, null, 2)}\n`);
        written++;
      } else {
        console.log(bold(`${scenario.id}`) + (scenario.description ? ` — ${scenario.description}` : ''));
        for (const [s, o, i] of shown) console.log(renderStep(s, o, i, args.options.has('trace')));
        console.log('');
      }
    } catch (error) {
      failures++;
      console.error(`${red('error')} ${file}: replay failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }
  if (outDir) console.error(`replayed ${written} scenario${written === 1 ? '' : 's'} with ${profile.name} into ${outDir}${failures ? `; ${failures} failed` : ''}`);
  return failures ? 1 : 0;
}

async function compare(args: ParsedArgs): Promise<number> {
  for (const name of args.options.keys()) if (name !== 'all' && name !== 'scenarios') return usageError(`unknown option --${name}`);
  const [expected, actual, ...extra] = args.positionals;
  if (expected === undefined || actual === undefined || extra.length) return usageError('compare needs EXPECTED_DIR and ACTUAL_DIR');
  for (const dir of [expected, actual]) {
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return usageError(`not a directory: ${dir}`);
  }
  const scenarios = args.options.get('scenarios');
  const report = await compareDirectories(expected, actual, typeof scenarios === 'string' ? [scenarios, expected, actual] : [expected, actual]);
  if (report.scenarios === 0) return usageError(`no cors-result/1 files in ${expected}`);
  console.log(renderReport(report, args.options.has('all') ? Infinity : 30));
  return 0;
}

function usageError(message: string): number {
  console.error(`corsim: ${message}\n${USAGE}`);
  return 2;
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, new Set(['trace', 'help', 'all']));
  if ('error' in parsed) return usageError(parsed.error);
  switch (parsed.command) {
    case 'replay':
      return replay(parsed);
    case 'compare':
      return compare(parsed);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return parsed.command === undefined ? 2 : 0;
    default:
      return usageError(`unknown command '${parsed.command}'`);
  }
}

const isEntry = typeof process !== 'undefined' && process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]));
if (isEntry) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
