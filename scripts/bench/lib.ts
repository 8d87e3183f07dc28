/** Shared by the bench entry points: the in-repo corpus, timing helpers, and running a measurement in a child. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseScenarioText, type Scenario } from 'corsim/scenario';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = path.join(REPO, 'spec-tests', 'corpus', 'chromium');
export const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');

/** The scenario files of the recorded Chromium corpus, as text. */
export function corpusTexts(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.result.json')).sort()
    .map((f) => readFileSync(path.join(CORPUS_DIR, f), 'utf8'));
}

export function parseAll(texts: readonly string[]): Scenario[] {
  return texts.map((t) => parseScenarioText(t)).flatMap((p) => (p.ok ? [p.scenario] : []));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Milliseconds per call of `once`, `n` calls in a row. */
export async function msPerOp(n: number, once: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await once();
  return (performance.now() - start) / n;
}

/**
 * Runs every variant `n` times per round, the variants interleaved round after round so that a change in machine
 * load hits all of them alike; returns each variant's median ms per op.
 */
export async function sideBySide(variants: Record<string, () => Promise<unknown>>, rounds: number, n: number): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const once of Object.values(variants)) await msPerOp(Math.min(n, 50), once); // warm up
  for (let r = 0; r < rounds; r++) {
    for (const [name, once] of Object.entries(variants)) samples[name]?.push(await msPerOp(n, once));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

/** The last line of a child's stdout parsed as JSON: how every measurement child reports. */
export function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line);
}

export interface ChildRun { code: number | null; stdout: string; stderr: string; ms: number }

export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

/**
 * The `corsim` command as a user runs it: the built bin (`packages/corsim/bin/corsim.mjs` with `dist/`) under plain
 * node when it is built, otherwise tsx from source (said in `measured`).
 */
export function cliCommand(): { measured: string; command: string; prefix: string[] } {
  const bin = path.join(REPO, 'packages', 'corsim', 'bin', 'corsim.mjs');
  if (existsSync(bin) && existsSync(path.join(REPO, 'packages', 'corsim', 'dist', 'cli', 'main.js'))) {
    return { measured: 'built dist/ bin (node packages/corsim/bin/corsim.mjs)', command: process.execPath, prefix: [bin] };
  }
  return { measured: 'tsx from source (no built dist/ bin yet)', command: TSX, prefix: ['--conditions=source', path.join(REPO, 'packages', 'corsim', 'src', 'cli', 'main.ts')] };
}

/** What usage-report.mjs opens its line with. */
const USAGE_MARK = 'corsim-bench-usage ';

export interface MeasuredRun extends ChildRun {
  /** The child's own peak RSS (MiB) and CPU time (ms), from usage-report.mjs. */
  readonly maxRssMiB: number;
  readonly cpuMs: number;
}

/** Runs the `corsim` command with `args` and the child's own usage figures; throws unless it exits 0. */
export async function runCli(args: readonly string[]): Promise<MeasuredRun> {
  const { command, prefix } = cliCommand();
  const report = path.join(REPO, 'scripts', 'bench', 'usage-report.mjs');
  const result = await run(command, ['--import', report, ...prefix, ...args]);
  if (result.code !== 0) throw new Error(`corsim ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 300)}`);
  const line = result.stderr.split('\n').find((l) => l.startsWith(USAGE_MARK));
  if (!line) throw new Error(`corsim ${args.join(' ')} did not report its usage`);
  const usage = JSON.parse(line.slice(USAGE_MARK.length)) as { maxRssMiB: number; cpuMs: number };
  return { ...result, ...usage };
}

/**
 * What the bench modules import corsim as: the built packages (`dist/`, plain JavaScript, as users get them) once
 * `pnpm build` has run — the root `pnpm bench` builds first — else the TypeScript sources through tsx.
 */
export const MEASURED_FROM: 'dist' | 'source' = existsSync(path.join(REPO, 'packages', 'engine', 'dist', 'index.js'))
  && existsSync(path.join(REPO, 'packages', 'corsim', 'dist', 'index.js')) ? 'dist' : 'source';

/** tsx's arguments to run a bench module against {@link MEASURED_FROM}. */
export function benchModuleArgs(file: string): string[] {
  const module = path.join(REPO, 'scripts', 'bench', file);
  return MEASURED_FROM === 'dist' ? [module] : ['--conditions=source', module];
}

/** Runs a bench module in its own process and returns the JSON object it printed last. */
export async function inChild(file: string, args: readonly string[] = []): Promise<Record<string, unknown>> {
  const result = await run(TSX, [...benchModuleArgs(file), ...args]);
  if (result.code !== 0) throw new Error(`${file} exited ${result.code}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return lastJsonLine(result.stdout) as Record<string, unknown>;
}

/** CPU milliseconds (user + system) this process spent since `since` (from `process.cpuUsage()`). */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
