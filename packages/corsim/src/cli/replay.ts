/**
 * `corsim replay`: scenario files played through the engine, in process or over loopback sockets, one after the
 * other. Every file is checked before anything runs and read again when it is played, and with `--out` each
 * result is written as soon as it is made: nothing of a scenario is kept after it, whatever the number of files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeTraceEvent, type FetchOutcome } from '@corsim/engine';
import { playScenario } from '../scenario/play.js';
import type { ScenarioStep } from '../scenario/types.js';
import { str, type OptionValues } from './args.js';
import { profileNamed } from './browsers.js';
import { checkScenarioFiles, loadScenario, problemLine } from './files.js';
import { EXIT, resolvePath, type CliIo } from './io.js';
import { bold, red } from './render.js';
import { verdictLine } from './teach.js';

function legacyStep(step: ScenarioStep, outcome: FetchOutcome, index: number, trace: boolean): string {
  const f = step.fetch;
  const lines = [`  step ${index}${step.at ? ` (at ${step.at} s)` : ''}: ${f.method} ${f.url} [mode ${f.mode}, credentials ${f.credentials}] → ${verdictLine(outcome)}`];
  if (!outcome.ok) for (const c of outcome.console) lines.push(`    console: ${c}`);
  if (trace) for (const e of outcome.trace) lines.push(`    ${e.ok === undefined ? '·' : e.ok ? '✓' : '✗'} ${e.algorithm}: ${describeTraceEvent(e)} ${e.anchor}`);
  return lines.join('\n');
}

export async function runReplay(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  const profile = profileNamed(str(values, 'browser') ?? 'chromium');
  const { files, bad } = checkScenarioFiles(positionals, io);
  const outDir = str(values, 'out') === undefined ? undefined : resolvePath(io, str(values, 'out') as string);
  if (outDir) mkdirSync(outDir, { recursive: true });
  const overHttp = str(values, 'transport') === 'http' ? (await import('./http-replay.js')).playScenarioOverHttp : undefined;
  const printing = !outDir && values.json !== true;
  const results: unknown[] = [];
  let failed = bad;
  for (const [n, file] of files.entries()) {
    const one = loadScenario(file);
    if (!('scenario' in one)) {
      failed++;
      io.err(problemLine(one));
      continue;
    }
    const { scenario } = one;
    const shown: string[] = [];
    // The verdict lines are built only when they are printed.
    const onStep = printing ? (s: ScenarioStep, o: FetchOutcome, i: number): void => void shown.push(legacyStep(s, o, i, values.trace === true)) : undefined;
    try {
      const result = overHttp ? await overHttp(scenario, profile, onStep) : await playScenario(scenario, onStep ? { profile, onStep } : { profile });
      if (outDir) writeFileSync(path.join(outDir, `${scenario.id}.result.json`), `${JSON.stringify(result, null, 2)}\n`);
      if (values.json === true) results.push(result);
      else if (printing) io.out(`${bold(scenario.id)}${scenario.description ? ` — ${scenario.description}` : ''}\n${shown.join('\n')}\n`);
    } catch (error) {
      failed++;
      io.err(`${red('error')} ${file}: replay failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (outDir && files.length >= 100 && (n + 1) % 100 === 0) io.err(`replay: ${n + 1}/${files.length}…`);
  }
  if (values.json === true) io.out(JSON.stringify(results, null, 2));
  if (outDir) io.err(`replayed ${files.length - (failed - bad)} scenario${files.length === 1 ? '' : 's'} with ${profile.name} into ${outDir}${failed ? `; ${failed} failed` : ''}`);
  return failed ? EXIT.usage : EXIT.ok;
}
