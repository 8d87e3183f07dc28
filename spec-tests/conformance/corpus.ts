/**
 * The recorded browser corpora kept in spec-tests/corpus/ (`<browser>/` and `v2/<browser>/`, copies of ../shared/conformance,
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

/**
 * The recorded corpora, by name: `<browser>` for spec-tests/corpus/<browser>/ (with corsim's own recordings of
 * that browser), and `<set>/<browser>` for a further corpus such as `v2/chromium`. The browser is the last segment.
 */
export function corpusNames(): string[] {
  const names: string[] = [];
  const visit = (rel: string): void => {
    const dir = path.join(CORPUS_DIR, rel);
    const entries = readdirSync(dir, { withFileTypes: true });
    if (rel !== '' && entries.some((e) => e.isFile() && e.name.endsWith('.result.json'))) names.push(rel);
    for (const e of entries) if (e.isDirectory()) visit(rel === '' ? e.name : `${rel}/${e.name}`);
  };
  if (existsSync(CORPUS_DIR)) visit('');
  return names.sort();
}

/** The browser whose profile replays a corpus. */
export function corpusBrowser(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Loads every scenario with its recorded result. A scenario that does not parse is an error: the corpus is ours. */
export function loadCorpus(name: string): RecordedCase[] {
  const dirs = [path.join(CORPUS_DIR, name)];
  if (!name.includes('/')) dirs.push(path.join(RECORDINGS_DIR, name));
  return dirs.filter((dir) => existsSync(dir)).flatMap((dir) => loadDirectory(dir, name));
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

export async function replayCorpus(name: string): Promise<CorpusReplay> {
  const browser = corpusBrowser(name);
  const profile = getProfile(browser);
  if (!profile) throw new Error(`corsim has no profile for ${browser}`);
  const comparisons: FieldComparison[] = [];
  const parameterDisagreements: string[] = [];
  const cases = loadCorpus(name);
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
