/**
 * `corsim compare EXPECTED_DIR ACTUAL_DIR`: field-by-field agreement of two directories of `cors-result/1`
 * files, as the format defines it, with the disagreements.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { agreement, COMPARED_FIELDS, compareResult, type FieldComparison } from '../scenario/compare.js';
import { parseScenarioText } from '../scenario/parse.js';
import type { Scenario, ScenarioResult } from '../scenario/types.js';
import { str, UsageError, type OptionValues } from './args.js';
import { EXIT, resolvePath, type CliIo } from './io.js';

async function readResults(dir: string): Promise<Map<string, ScenarioResult>> {
  const out = new Map<string, ScenarioResult>();
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.json')) continue;
    try {
      const json = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Partial<ScenarioResult>;
      if (json.format === 'cors-result/1' && typeof json.id === 'string' && Array.isArray(json.steps)) out.set(json.id, json as ScenarioResult);
    } catch {
      // not a result file
    }
  }
  return out;
}

async function findScenario(id: string, dirs: readonly string[]): Promise<Scenario | undefined> {
  for (const dir of dirs) {
    try {
      const parsed = parseScenarioText(await readFile(path.join(dir, `${id}.json`), 'utf8'));
      if (parsed.ok) return parsed.scenario;
    } catch {
      // look in the next directory
    }
  }
  return undefined;
}

export interface CompareReport {
  readonly scenarios: number;
  readonly missing: readonly string[];
  readonly comparisons: readonly FieldComparison[];
}

/** Compares every expected result with the actual one of the same id; scenarios (for script-set headers) come from `scenarioDirs`. */
export async function compareDirectories(expectedDir: string, actualDir: string, scenarioDirs: readonly string[] = [expectedDir, actualDir]): Promise<CompareReport> {
  const expected = await readResults(expectedDir);
  const actual = await readResults(actualDir);
  const comparisons: FieldComparison[] = [];
  for (const [id, e] of expected) comparisons.push(...compareResult(e, actual.get(id), await findScenario(id, scenarioDirs)));
  return { scenarios: expected.size, missing: [...expected.keys()].filter((id) => !actual.has(id)), comparisons };
}

/** The report as text: per-field shares, the disagreements (all, or the first `limit`), and the agreement last. */
export function renderReport(report: CompareReport, limit = 30): string {
  const a = agreement(report.comparisons);
  const lines = [`scenarios: ${report.scenarios} expected${report.missing.length ? `, ${report.missing.length} missing in actual` : ''}`];
  for (const f of COMPARED_FIELDS) {
    const s = a.byField[f];
    if (s.total) lines.push(`  ${f.padEnd(20)} ${String(s.equal).padStart(5)}/${String(s.total).padEnd(5)} ${(s.equal / s.total).toFixed(3)}`);
  }
  if (a.disagreements.length) {
    lines.push(`disagreements (${a.disagreements.length}${a.disagreements.length > limit ? `, first ${limit}` : ''}):`);
    for (const d of a.disagreements.slice(0, limit)) {
      lines.push(`  ${d.id} [step ${d.step}] ${d.field}`, `      expected: ${show(d.expected)}`, `      actual:   ${show(d.actual)}`);
    }
  }
  lines.push(`agreement: ${a.share.toFixed(4)} (${a.equal}/${a.total} fields)`);
  return lines.join('\n');
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
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
