/**
 * The commands over scenario files: `replay`, `explain` and `compare`.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeTraceEvent, PreflightCache, type BrowserProfile, type FetchOutcome } from '@corsim/engine';
import { playScenario } from '../scenario/play.js';
import type { Scenario, ScenarioStep } from '../scenario/types.js';
import { agreement } from '../scenario/compare.js';
import { str, UsageError, type CommandSpec, type OptionValues } from './args.js';
import { BROWSER_CHOICES, browsersOf, profileNamed } from './check.js';
import { compareDirectories, renderReport } from './compare.js';
import { findScenarioFiles, loadScenario } from './files.js';
import { playScenarioOverHttp } from './http-replay.js';
import { EXIT, resolvePath, type CliIo } from './io.js';
import { bold, red } from './render.js';
import { renderSideBySide, renderTaught, taughtJson, verdictLine, type Taught, type TaughtRequest } from './teach.js';

export const REPLAY: CommandSpec = {
  name: 'replay',
  brief: 'play scenario files through the engine (in process or over loopback sockets)',
  args: '<scenario files or directories…>',
  summary: 'Plays cors-scenario/1 files through the engine on a virtual clock (`at` waits take no time), in process or over\n'
    + 'loopback sockets to real servers. With --out, writes <id>.result.json (cors-result/1) per scenario; without,\n'
    + "prints each step's verdict.",
  options: [
    { name: 'out', value: 'DIR', help: 'write one <id>.result.json per scenario into DIR' },
    { name: 'browser', choices: ['chromium', 'firefox', 'webkit'], help: 'which browser to behave as (default chromium)' },
    { name: 'transport', choices: ['inprocess', 'http'], help: 'answer in process (default) or over loopback sockets' },
    { name: 'trace', flag: true, help: "also print every step of the engine's reasoning" },
    { name: 'json', flag: true, help: 'print the cors-result/1 results as a JSON array' },
  ],
  details: [
    'Every file is checked first: a bad file is reported with all its problems and the others still run (exit 2);\n'
    + 'an empty directory, no scenario at all, or one id in two files is an error before anything runs.',
    'exit codes:\n  0  every scenario replayed\n  2  usage or input error (a bad scenario file, no scenarios, a duplicate id)',
  ],
};

export const EXPLAIN: CommandSpec = {
  name: 'explain',
  brief: 'the teaching trace of check for each step of a scenario file',
  args: '<scenario.json>',
  summary: 'The teaching trace of `check` for each step of a scenario file, replayed in process: why a preflight was sent,\n'
    + 'each check with its verdict and spec link, the preflight cache, what script sees, the console and the fix.',
  options: [
    { name: 'browser', choices: BROWSER_CHOICES, help: 'which browser to behave as; all: the three side by side (default chromium)' },
    { name: 'step', value: 'N', help: 'explain only step N (from 0)' },
    { name: 'json', flag: true, help: 'print every step of every browser as JSON' },
  ],
  details: ['exit codes:\n  0  every step explained is allowed\n  1  a step is blocked\n  2  usage or input error'],
};

export const COMPARE: CommandSpec = {
  name: 'compare',
  brief: 'field-by-field agreement of two directories of results',
  args: 'EXPECTED_DIR ACTUAL_DIR',
  summary: 'Field-by-field agreement of two directories of cors-result/1 files, with the disagreements.',
  options: [
    { name: 'all', flag: true, help: 'list every disagreement (default: the first 30)' },
    { name: 'scenarios', value: 'DIR', help: 'where the scenarios are (for script-set headers); default: both directories' },
    { name: 'json', flag: true, help: 'print the agreement and the disagreements as JSON' },
  ],
  details: ['exit codes:\n  0  all agree\n  1  disagreements, or results missing in ACTUAL_DIR\n  2  usage or input error'],
};

interface Loaded {
  readonly file: string;
  readonly scenario: Scenario;
}

/** Finds and parses scenario files; throws UsageError when there is nothing to run or two files share an id. */
async function loadAll(inputs: readonly string[], io: CliIo): Promise<{ loaded: Loaded[]; bad: number }> {
  if (inputs.length === 0) throw new UsageError('give at least one scenario file or directory');
  const { files, problems } = await findScenarioFiles(inputs.map((i) => resolvePath(io, i)));
  for (const p of problems) io.err(`${red('error')} ${p.file}: ${p.problems.join('; ')}`);
  const loaded: Loaded[] = [];
  let bad = problems.length;
  for (const file of [...new Set(files)]) {
    const one = await loadScenario(file);
    if ('scenario' in one) loaded.push(one);
    else {
      bad++;
      io.err(`${red('error')} ${file}: not a valid cors-scenario/1:\n${one.problems.map((p) => `  - ${p}`).join('\n')}`);
    }
  }
  if (files.length === 0 && problems.length === 0) throw new UsageError(`no scenario files (*.json) in ${inputs.join(', ')}`);
  const byId = new Map<string, string>();
  for (const l of loaded) {
    const other = byId.get(l.scenario.id);
    if (other !== undefined) throw new UsageError(`scenario id '${l.scenario.id}' is used by both ${other} and ${l.file}: ids must be unique in a run`);
    byId.set(l.scenario.id, l.file);
  }
  return { loaded, bad };
}

function legacyStep(step: ScenarioStep, outcome: FetchOutcome, index: number, trace: boolean): string {
  const f = step.fetch;
  const lines = [`  step ${index}${step.at ? ` (at ${step.at} s)` : ''}: ${f.method} ${f.url} [mode ${f.mode}, credentials ${f.credentials}] → ${verdictLine(outcome)}`];
  if (!outcome.ok) for (const c of outcome.console) lines.push(`    console: ${c}`);
  if (trace) for (const e of outcome.trace) lines.push(`    ${e.ok === undefined ? '·' : e.ok ? '✓' : '✗'} ${e.algorithm}: ${describeTraceEvent(e)} ${e.anchor}`);
  return lines.join('\n');
}

export async function runReplay(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  const profile = profileNamed(str(values, 'browser') ?? 'chromium');
  const { loaded, bad } = await loadAll(positionals, io);
  const outDir = str(values, 'out') === undefined ? undefined : resolvePath(io, str(values, 'out') as string);
  if (outDir) await mkdir(outDir, { recursive: true });
  const overHttp = str(values, 'transport') === 'http';
  const results: unknown[] = [];
  let failed = bad;
  for (const [n, { file, scenario }] of loaded.entries()) {
    const shown: string[] = [];
    try {
      const onStep = (s: ScenarioStep, o: FetchOutcome, i: number): void => void shown.push(legacyStep(s, o, i, values.trace === true));
      const result = overHttp ? await playScenarioOverHttp(scenario, profile, onStep) : await playScenario(scenario, { profile, onStep });
      if (outDir) await writeFile(path.join(outDir, `${scenario.id}.result.json`), `${JSON.stringify(result, null, 2)}\n`);
      if (values.json === true) results.push(result);
      else if (!outDir) io.out(`${bold(scenario.id)}${scenario.description ? ` — ${scenario.description}` : ''}\n${shown.join('\n')}\n`);
    } catch (error) {
      failed++;
      io.err(`${red('error')} ${file}: replay failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (outDir && loaded.length >= 100 && (n + 1) % 100 === 0) io.err(`replay: ${n + 1}/${loaded.length}…`);
  }
  if (values.json === true) io.out(JSON.stringify(results, null, 2));
  if (outDir) io.err(`replayed ${loaded.length - (failed - bad)} scenario${loaded.length === 1 ? '' : 's'} with ${profile.name} into ${outDir}${failed ? `; ${failed} failed` : ''}`);
  return failed ? EXIT.usage : EXIT.ok;
}

async function explainWith(profile: BrowserProfile, scenario: Scenario): Promise<Taught[]> {
  const cache = new PreflightCache(profile.preflightCache);
  const taught: Taught[] = [];
  const when = (ms: number): string => `t = ${ms / 1000} s`;
  await playScenario(scenario, { profile, cache, onStep: (_s, outcome) => void taught.push({ profile, outcome, cache: cache.entries(), when }) });
  return taught;
}

export async function runExplain(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError(`explain needs exactly one scenario file, got ${positionals.length}`);
  const { loaded } = await loadAll(positionals, io);
  const first = loaded[0];
  if (!first) return EXIT.usage;
  const { scenario } = first;
  const only = str(values, 'step') === undefined ? undefined : Number(str(values, 'step'));
  if (only !== undefined && !(Number.isInteger(only) && only >= 0 && only < scenario.steps.length)) {
    throw new UsageError(`--step must be a step number from 0 to ${scenario.steps.length - 1}`);
  }
  const perBrowser: Taught[][] = [];
  for (const profile of browsersOf(values)) perBrowser.push(await explainWith(profile, scenario));
  const pageOrigin = new URL(scenario.page).origin;
  const indices = scenario.steps.map((_, i) => i).filter((i) => only === undefined || i === only);
  const requestOf = (step: ScenarioStep): TaughtRequest => ({ url: step.fetch.url, method: step.fetch.method, credentials: step.fetch.credentials, mode: step.fetch.mode });
  if (values.json === true) {
    io.out(JSON.stringify({ id: scenario.id, page: scenario.page, steps: indices.map((i) => ({
      step: i, at: scenario.steps[i]?.at, fetch: scenario.steps[i]?.fetch,
      browsers: perBrowser.map((b) => taughtJson(b[i] as Taught, requestOf(scenario.steps[i] as ScenarioStep), pageOrigin)),
    })) }, null, 2));
  } else {
    const out = [`${bold(scenario.id)}${scenario.description ? ` — ${scenario.description}` : ''}`, `page: ${scenario.page}`];
    for (const i of indices) {
      const step = scenario.steps[i] as ScenarioStep;
      const f = step.fetch;
      out.push('', bold(`step ${i}${step.at ? ` (at ${step.at} s)` : ''}: ${f.method} ${f.url} (mode ${f.mode}, credentials ${f.credentials}${f.redirect !== 'follow' ? `, redirect ${f.redirect}` : ''})`));
      const all = perBrowser.map((b) => b[i] as Taught);
      out.push(...(all.length === 1 ? renderTaught(all[0] as Taught, requestOf(step), pageOrigin) : renderSideBySide(all, requestOf(step), pageOrigin)));
    }
    io.out(out.join('\n'));
  }
  return perBrowser.every((b) => indices.every((i) => b[i]?.outcome.ok)) ? EXIT.ok : EXIT.failed;
}

export async function runCompare(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  const [expected, actual, ...extra] = positionals.map((p) => resolvePath(io, p));
  if (expected === undefined || actual === undefined || extra.length) throw new UsageError('compare needs EXPECTED_DIR and ACTUAL_DIR');
  for (const dir of [expected, actual]) {
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new UsageError(`not a directory: ${dir}`);
  }
  const scenarios = str(values, 'scenarios');
  const report = await compareDirectories(expected, actual, scenarios !== undefined ? [resolvePath(io, scenarios), expected, actual] : [expected, actual]);
  if (report.scenarios === 0) throw new UsageError(`no cors-result/1 files in ${expected}`);
  const a = agreement(report.comparisons);
  if (values.json === true) {
    io.out(JSON.stringify({ scenarios: report.scenarios, missing: report.missing, agreement: a.share, equal: a.equal, total: a.total, byField: a.byField, disagreements: a.disagreements }, null, 2));
  } else {
    io.out(renderReport(report, values.all === true ? Infinity : 30));
  }
  return a.disagreements.length || report.missing.length ? EXIT.failed : EXIT.ok;
}
