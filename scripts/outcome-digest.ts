/**
 * A digest of everything corsim decides on every scenario it can find: for each scenario file of the in-repo
 * corpora, corsim's recordings, ../shared/conformance (when present) and examples/, played with each profile,
 * the result, and each step's outcome with its trace events and rendered trace. A change meant to keep every
 * result (a refactoring, a speed-up) leaves the digest as it was:
 *   node_modules/.bin/tsx --conditions=source scripts/outcome-digest.ts [--out FILE.jsonl]
 * prints the digest and the counts; `--out` also writes one JSON line per play, to diff two runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, firefox, renderTrace, webkit } from '@corsim/engine';
import { parseScenarioText, playScenario } from 'corsim/scenario';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['spec-tests/corpus', 'spec-tests/recordings', 'examples', '../shared/conformance'].map((r) => path.resolve(ROOT, r));

function scenarioFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) scenarioFiles(file, out);
    else if (name.endsWith('.json') && !name.endsWith('.result.json')) out.push(file);
  }
  return out;
}

const outIndex = process.argv.indexOf('--out');
const lines: string[] = [];
const hash = createHash('sha256');
let scenarios = 0;
// Sorted by the path from the repository, so that two checkouts in different folders list files alike.
const files = ROOTS.filter((r) => existsSync(r)).flatMap((r) => scenarioFiles(r)).map((f) => path.relative(ROOT, f)).sort();
for (const relative of files) {
  const file = path.join(ROOT, relative);
  const parsed = parseScenarioText(readFileSync(file, 'utf8'));
  if (!parsed.ok) continue;
  scenarios++;
  for (const profile of [chromium, firefox, webkit]) {
    const steps: unknown[] = [];
    const result = await playScenario(parsed.scenario, { profile, onStep: (_s, outcome) => steps.push({ ...outcome, rendered: renderTrace(outcome.trace) }) });
    const line = JSON.stringify({ file: relative, browser: profile.name, result, steps });
    hash.update(line).update('\n');
    if (outIndex > 0) lines.push(line);
  }
}
if (outIndex > 0) writeFileSync(process.argv[outIndex + 1] ?? 'outcomes.jsonl', `${lines.join('\n')}\n`);
console.log(`${hash.digest('hex')}  ${scenarios} scenarios × 3 profiles`);
