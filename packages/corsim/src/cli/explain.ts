/**
 * `corsim explain`: the teaching trace of `check` for each step of a scenario file, replayed in process.
 */
import { PreflightCache, type BrowserProfile } from '@corsim/engine';
import { playScenario } from '../scenario/play.js';
import type { Scenario, ScenarioStep } from '../scenario/types.js';
import { str, UsageError, type OptionValues } from './args.js';
import { browsersOf } from './browsers.js';
import { checkScenarioFiles, loadScenario } from './files.js';
import { EXIT, type CliIo } from './io.js';
import { bold } from './render.js';
import { renderSideBySide, renderTaught, taughtJson, type Taught, type TaughtRequest } from './teach.js';

async function explainWith(profile: BrowserProfile, scenario: Scenario): Promise<Taught[]> {
  const cache = new PreflightCache(profile.preflightCache);
  const taught: Taught[] = [];
  const when = (ms: number): string => `t = ${ms / 1000} s`;
  await playScenario(scenario, { profile, cache, onStep: (_s, outcome) => void taught.push({ profile, outcome, cache: cache.entries(), when }) });
  return taught;
}

export async function runExplain(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError(`explain needs exactly one scenario file, got ${positionals.length}`);
  const [first] = checkScenarioFiles(positionals, io).files;
  const one = first === undefined ? undefined : loadScenario(first);
  if (!one || !('scenario' in one)) return EXIT.usage;
  const { scenario } = one;
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
