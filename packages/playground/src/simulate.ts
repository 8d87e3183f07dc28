/**
 * Plays a scenario in the page for each browser profile, keeping every step's full outcome and what the
 * caches (preflight and HTTP) held after it, so the view can move along the virtual clock without replaying.
 */
import { chromium, firefox, webkit, HttpCache, PreflightCache, type BrowserProfile, type FetchOutcome } from '@corsim/engine';
import { playScenario, toResultStep, type ResultStep, type Scenario, type ScenarioStep } from 'corsim/scenario';
import { snapshotCaches, type CacheRow } from './caches.js';
import { BROWSERS, type BrowserId } from './fragment.js';

export interface StepRun {
  readonly index: number;
  readonly step: ScenarioStep;
  readonly outcome: FetchOutcome;
  /** The step as `corsim replay` writes it. */
  readonly result: ResultStep;
  /** The caches as the step left them. */
  readonly caches: readonly CacheRow[];
}

export interface BrowserRun {
  readonly browser: BrowserId;
  /** e.g. `chromium 156.0.8078.108` */
  readonly label: string;
  readonly steps: readonly StepRun[];
}

export type Runs = Readonly<Record<BrowserId, BrowserRun>>;

const PROFILES: Readonly<Record<BrowserId, BrowserProfile>> = { chromium, firefox, webkit };

async function runOne(scenario: Scenario, browser: BrowserId): Promise<BrowserRun> {
  const profile = PROFILES[browser];
  const steps: StepRun[] = [];
  const cache = new PreflightCache(profile.preflightCache);
  const httpCache = new HttpCache(profile.httpCache);
  await playScenario(scenario, {
    profile,
    cache,
    httpCache,
    onStep(step, outcome, index) {
      steps.push({ index, step, outcome, result: toResultStep(outcome, profile), caches: snapshotCaches(cache, httpCache, step.at * 1000) });
    },
  });
  return { browser, label: `${profile.name} ${profile.version}`, steps };
}

export async function simulate(scenario: Scenario): Promise<Runs> {
  const [chromium, firefox, webkit] = await Promise.all(BROWSERS.map((b) => runOne(scenario, b)));
  return { chromium: chromium as BrowserRun, firefox: firefox as BrowserRun, webkit: webkit as BrowserRun };
}

/** The caches at `tSeconds`: what the last step started at or before then left, each token live or expired. */
export function cachesAt(run: BrowserRun, tSeconds: number): readonly (CacheRow & { readonly started: number })[] {
  let last: StepRun | undefined;
  for (const s of run.steps) if (s.step.at <= tSeconds) last = s;
  return last ? last.caches.map((row) => ({ ...row, started: last.step.at })) : [];
}

/** The default time of the view: when the last step starts (every step has run). */
export function defaultTime(scenario: Scenario): number {
  return Math.max(0, ...scenario.steps.map((s) => s.at));
}

/** The slider's end: past the last step and past the last expiry any browser's caches hold, with a margin. */
export function timeSpan(scenario: Scenario, runs: Runs): number {
  let end = defaultTime(scenario);
  for (const b of BROWSERS) {
    for (const s of runs[b].steps) for (const row of s.caches) for (const t of row.tokens) {
      if (Number.isFinite(t.expiresAtMs)) end = Math.max(end, t.expiresAtMs / 1000);
    }
  }
  return Math.max(60, Math.ceil(end * 1.1));
}
