/**
 * fast-check parameters from the environment, so that every property and fuzz target runs with CI-friendly
 * defaults and any failure replays exactly:
 *
 *   CORSIM_FC_SEED=<seed> CORSIM_FC_PATH=<path> node_modules/.bin/vitest run <file> -t '<test name>'
 *
 * - `CORSIM_FC_SEED`: the seed (an integer; fast-check prints it on failure). Default: a fresh random seed per run.
 * - `CORSIM_FC_PATH`: the counterexample path fast-check printed with the seed (replays the shrunk case at once).
 * - `CORSIM_FC_RUNS`: numRuns for every property (overrides each property's CI default).
 * - `CORSIM_FC_RUNS_SCALE`: multiplies each property's default numRuns (e.g. 10 for a nightly run).
 * - `CORSIM_FC_VERBOSE=1`: fast-check's verbose failure report (every failing step of the shrink).
 */
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got '${raw}'`);
  return n;
}

/** The seed every property uses in this process (printed, so a whole run can be replayed). */
export const SEED: number = envInt('CORSIM_FC_SEED') ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;

export interface RunOptions<T> {
  /** numRuns in CI (before `CORSIM_FC_RUNS` / `CORSIM_FC_RUNS_SCALE`). */
  readonly runs: number;
  /** Table cases, run before the generated ones (they count in the path). */
  readonly examples?: T[];
  /** For async properties: a run that takes longer (ms) fails, so a hang is a failure, not a stuck CI job. */
  readonly timeout?: number;
}

/** The number of runs a property with CI default `runs` makes in this process. */
export function runsFor(runs: number): number {
  const fixed = envInt('CORSIM_FC_RUNS');
  if (fixed !== undefined) return fixed;
  return Math.max(1, Math.round(runs * (envInt('CORSIM_FC_RUNS_SCALE') ?? 1)));
}

/** fast-check parameters: seed, path, numRuns and examples, from the environment and `options`. */
export function fcParams<T>(options: RunOptions<T>): fc.Parameters<T> {
  const path = process.env.CORSIM_FC_PATH;
  return {
    seed: SEED,
    numRuns: runsFor(options.runs),
    ...(path ? { path } : {}),
    ...(options.examples ? { examples: options.examples } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(process.env.CORSIM_FC_VERBOSE ? { verbose: 2 as const } : {}),
  };
}

/** Why a property failed, with the line that replays it. */
export class PropertyFailure extends Error {
  constructor(title: string, details: fc.RunDetails<unknown>) {
    const error = details.errorInstance instanceof Error ? `\nError: ${details.errorInstance.message}` : details.errorInstance !== null && details.errorInstance !== undefined ? `\nError: ${String(details.errorInstance)}` : '';
    const report = `${fc.defaultReportMessage(details) ?? 'property failed'}${error}`;
    super(`${title}\n${report}\n${replayCommand(details)}`);
    this.name = 'PropertyFailure';
  }
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
const regexEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The command that replays a failure: the seed and path, the test file and the test's own name. */
function replayCommand(details: fc.RunDetails<unknown>): string {
  const state = expect.getState();
  const name = state.currentTestName?.split(' > ').at(-1);
  const file = state.testPath ? path.relative(process.cwd(), state.testPath) : '';
  const env = `CORSIM_FC_SEED=${details.seed}${details.counterexamplePath ? ` CORSIM_FC_PATH=${shellQuote(details.counterexamplePath)}` : ''}`;
  return `Replay: ${env} node_modules/.bin/vitest run ${file}${name ? ` -t ${shellQuote(regexEscape(name))}` : ''}`;
}

/**
 * Checks a property with {@link fcParams} and throws a {@link PropertyFailure} (fast-check's report plus the replay
 * command) when it fails. Returns the run details (numRuns made, for the figures).
 */
export async function checkProperty<T>(
  title: string,
  property: fc.IRawProperty<T, boolean>,
  options: RunOptions<T>,
): Promise<fc.RunDetails<T>> {
  const details = await fc.check(property as fc.IAsyncProperty<T>, fcParams(options));
  if (details.failed) throw new PropertyFailure(title, details as fc.RunDetails<unknown>);
  return details;
}
