#!/usr/bin/env node
/**
 * The corsim command line.
 *   corsim replay <scenario files or dirs…> [--out DIR] [--browser chromium|firefox|webkit] [--trace]
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getProfile, profiles, type FetchOutcome } from '@corsim/engine';
import { playScenario } from '../scenario/play.js';
import type { ScenarioStep } from '../scenario/types.js';
import { findScenarioFiles, loadScenario } from './files.js';
import { compareDirectories, renderReport } from './compare.js';
import { playScenarioOverHttp } from './http-replay.js';
import { parseHeaderOption, parseResolveOption, runCheck } from './check.js';
import { recordCommand } from './record.js';
import { bold, red, renderStep } from './render.js';

const USAGE = `usage:
  corsim replay <scenario files or directories…> [--out DIR] [--browser chromium|firefox|webkit] [--transport inprocess|http] [--trace]
      Plays cors-scenario/1 files through the engine (--transport http: over loopback sockets to real servers). With --out, writes <id>.result.json (cors-result/1)
      per scenario; without, prints each step's verdict (and with --trace, the engine's reasoning).
  corsim check <url> --origin <page origin> [--method M] [--header 'Name: value']… [--body TEXT]
               [--mode cors|no-cors|same-origin] [--credentials omit|same-origin|include] [--redirect follow|error|manual]
               [--resolve host=ip]… [--timeout MS] [--browser chromium] [--trace]
      One live fetch() against a real server, as the browser would make it from a page at --origin.
      Exit code 0 when the page could read the response, 1 when the browser blocks it, 2 for bad input.
  corsim record <scenario files or directories…> --browser chromium|firefox|webkit --out DIR
               [--executable-path PATH] [--step-timeout SECONDS] [--fresh-browser] [--quiet]
      Plays scenarios in a real browser (Debian's chromium / firefox-esr) against real loopback servers and
      writes <id>.result.json: the truth corsim is checked against.
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
  const known = new Set(['out', 'browser', 'trace', 'transport']);
  for (const name of args.options.keys()) if (!known.has(name)) return usageError(`unknown option --${name}`);
  const browser = String(args.options.get('browser') ?? 'chromium');
  const profile = getProfile(browser);
  if (!profile) return usageError(`unknown browser '${browser}' (known: ${Object.keys(profiles).join(', ')})`);
  if (args.positionals.length === 0) return usageError('replay needs at least one scenario file or directory');
  const transportName = String(args.options.get('transport') ?? 'inprocess');
  if (transportName !== 'inprocess' && transportName !== 'http') return usageError(`unknown transport '${transportName}' (inprocess or http)`);
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
      const onStep = (s: ScenarioStep, o: FetchOutcome, i: number): void => void shown.push([s, o, i]);
      const result = transportName === 'http'
        ? await playScenarioOverHttp(scenario, profile, onStep)
        : await playScenario(scenario, { profile, onStep });
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

/** `check` takes repeatable options, so it reads argv itself. */
async function check(argv: readonly string[]): Promise<number> {
  const single = new Map<string, string>();
  const headers: Array<[string, string]> = [];
  const resolve: Record<string, string> = {};
  const positionals: string[] = [];
  let trace = false;
  const valued = new Set(['origin', 'method', 'header', 'body', 'mode', 'credentials', 'redirect', 'resolve', 'timeout', 'browser']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--trace') { trace = true; continue; }
    if (!arg.startsWith('--')) { positionals.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!valued.has(name)) return usageError(`unknown option --${name}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) return usageError(`option --${name} needs a value`);
    if (name === 'header') {
      const pair = parseHeaderOption(value);
      if (!pair) return usageError(`--header needs 'Name: value', got '${value}'`);
      headers.push(pair);
    } else if (name === 'resolve') {
      const pair = parseResolveOption(value);
      if (!pair) return usageError(`--resolve needs host=ip, got '${value}'`);
      resolve[pair[0]] = pair[1];
    } else {
      single.set(name, value);
    }
  }
  if (positionals.length !== 1) return usageError('check needs exactly one URL');
  const origin = single.get('origin');
  if (origin === undefined) return usageError('check needs --origin: the origin of the page that makes the request');
  const profile = getProfile(single.get('browser') ?? 'chromium');
  if (!profile) return usageError(`unknown browser '${single.get('browser')}'`);
  const timeoutMs = Number(single.get('timeout') ?? 10_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return usageError('--timeout needs a positive number of milliseconds');
  try {
    const { outcome, text } = await runCheck({
      url: positionals[0] as string, origin, method: single.get('method') ?? 'GET', headers, body: single.get('body') ?? null,
      mode: single.get('mode') ?? 'cors', credentials: single.get('credentials') ?? 'same-origin', redirect: single.get('redirect') ?? 'follow',
      resolve, timeoutMs,
    }, profile, trace);
    console.log(text);
    return outcome.ok ? 0 : 1;
  } catch (error) {
    return usageError((error instanceof Error ? error.message : String(error)).replace(/^corsim: /, ''));
  }
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
    case 'check':
      return check(argv.slice(1));
    case 'record':
      return recordCommand(argv.slice(1));
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
