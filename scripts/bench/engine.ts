/**
 * Engine throughput, side by side in one run: replaying the recorded Chromium corpus through the engine
 * in process versus over loopback sockets, and the pure decision functions alone.
 *   tsx --conditions=source scripts/bench/engine.ts
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, corsUnsafeRequestHeaderNames, corsCheck } from '@corsim/engine';
import { parseScenarioText, playScenario, type Scenario } from 'corsim/scenario';
import { playScenarioOverHttp } from '../../packages/corsim/src/cli/http-replay.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'spec-tests', 'corpus', 'chromium');
const scenarios: Scenario[] = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.result.json'))
  .map((f) => parseScenarioText(readFileSync(path.join(dir, f), 'utf8'))).flatMap((p) => (p.ok ? [p.scenario] : []));

async function time(name: string, run: () => Promise<number> | number): Promise<{ name: string; perSecond: number; unit: string }> {
  const start = performance.now();
  const n = await run();
  return { name, perSecond: n / ((performance.now() - start) / 1000), unit: 'ops' };
}

const rows = [
  await time('replay corpus in process', async () => {
    for (const s of scenarios) await playScenario(s, { profile: chromium });
    return scenarios.length;
  }),
  await time('replay corpus over loopback sockets', async () => {
    for (const s of scenarios) await playScenarioOverHttp(s, chromium);
    return scenarios.length;
  }),
  await time('corsUnsafeRequestHeaderNames + corsCheck', () => {
    const headers: Array<[string, string]> = [['Accept', 'application/json'], ['Content-Type', 'application/json'], ['X-Token', 'a']];
    const response: Array<[string, string]> = [['Access-Control-Allow-Origin', 'https://app.example'], ['Access-Control-Allow-Credentials', 'true']];
    let n = 0;
    for (; n < 200_000; n++) {
      corsUnsafeRequestHeaderNames(headers);
      corsCheck(response, 'https://app.example', 'include');
    }
    return n;
  }),
];
const base = rows[0]?.perSecond ?? 1;
console.log(`${scenarios.length} scenarios; same run:`);
for (const r of rows) console.log(`  ${r.name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(9)} /s   ×${(r.perSecond / base).toFixed(2)} of in-process replay`);
