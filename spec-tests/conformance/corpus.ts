/**
 * The recorded browser corpora kept in spec-tests/corpus/<browser>/ (copies of ../shared/conformance,
 * refreshed by scripts/refresh-corpus.ts): scenario / result pairs, and their replay through corsim.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getProfile } from '@corsim/engine';
import { agreement, compareResult, parseScenarioText, playScenario, type Agreement, type FieldComparison, type Scenario, type ScenarioResult } from 'corsim/scenario';

export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
/** corsim's own recordings (`corsim record`) of scenarios written to settle questions the shared corpus left open. */
export const RECORDINGS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'recordings');

export interface RecordedCase {
  readonly scenario: Scenario;
  readonly expected: ScenarioResult;
}

/** The browsers that have a corpus. */
export function corpusBrowsers(): string[] {
  return existsSync(CORPUS_DIR) ? readdirSync(CORPUS_DIR).filter((d) => existsSync(path.join(CORPUS_DIR, d)) && !d.includes('.')).sort() : [];
}

/** Loads every scenario with its recorded result. A scenario that does not parse is an error: the corpus is ours. */
export function loadCorpus(browser: string): RecordedCase[] {
  const cases: RecordedCase[] = [];
  for (const dir of [path.join(CORPUS_DIR, browser), path.join(RECORDINGS_DIR, browser)]) {
    if (existsSync(dir)) cases.push(...loadDirectory(dir, browser));
  }
  return cases;
}

function loadDirectory(dir: string, browser: string): RecordedCase[] {
  const cases: RecordedCase[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.result.json')).sort()) {
    const expected = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ScenarioResult;
    const parsed = parseScenarioText(readFileSync(path.join(dir, file.replace(/\.result\.json$/, '.json')), 'utf8'));
    if (!parsed.ok) throw new Error(`${browser}/${file}: scenario does not parse: ${parsed.problems.join('; ')}`);
    cases.push({ scenario: parsed.scenario, expected });
  }
  return cases;
}

/** Replays a corpus through corsim with the browser's profile and compares field by field. */
export interface CorpusReplay {
  readonly comparisons: FieldComparison[];
  readonly agreement: Agreement;
  readonly scenarios: number;
  /**
   * `error.parameter` is not among the format's compared fields, but the issue asks for the right failed
   * parameter: keys (`<id>#<step>:error.parameter`) of the steps where it differs from the recording.
   */
  readonly parameterDisagreements: string[];
}

export async function replayCorpus(browser: string): Promise<CorpusReplay> {
  const profile = getProfile(browser);
  if (!profile) throw new Error(`corsim has no profile for ${browser}`);
  const comparisons: FieldComparison[] = [];
  const parameterDisagreements: string[] = [];
  const cases = loadCorpus(browser);
  for (const { scenario, expected } of cases) {
    const actual = await playScenario(scenario, { profile });
    comparisons.push(...compareResult(expected, actual, scenario));
    expected.steps.forEach((step, i) => {
      if (step.outcome !== 'network-error') return;
      if (step.error?.parameter !== actual.steps[i]?.error?.parameter) parameterDisagreements.push(`${scenario.id}#${i}:error.parameter`);
    });
  }
  return { comparisons, agreement: agreement(comparisons), scenarios: cases.length, parameterDisagreements };
}
