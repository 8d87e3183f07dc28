/**
 * `corsim replay --transport http` against in-process replay on the whole Chromium corpus: every
 * scenario played both ways gives the same result, field by field as the format compares results
 * (and, stricter, as a whole), minus the response headers that depend on the connection or the
 * clock (`Date`, `Connection`, `Keep-Alive`). This covers the requests undici refuses and browsers
 * send (`Accept: text/\x01html`), which the socket transport sends over its raw path.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { getProfile } from '@corsim/engine';
import { agreement, compareResult, fieldKey } from '../scenario/compare.js';
import { playScenario } from '../scenario/play.js';
import type { Scenario, ScenarioResult } from '../scenario/types.js';
import { findScenarioFiles, loadScenario } from './files.js';
import { playScenarioOverHttp } from './http-replay.js';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../spec-tests/corpus/chromium');
const VOLATILE = new Set(['date', 'connection', 'keep-alive']);

async function loadCorpus(): Promise<Scenario[]> {
  const { files, problems } = findScenarioFiles([CORPUS]);
  expect(problems).toEqual([]);
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const loaded = loadScenario(file);
    if (!('scenario' in loaded)) throw new Error(`${file}: ${loaded.problems.join('; ')}`);
    scenarios.push(loaded.scenario);
  }
  return scenarios;
}

/** `result` without the volatile response headers, for a comparison of everything else. */
function withoutVolatile(result: ScenarioResult): ScenarioResult {
  return {
    ...result,
    steps: result.steps.map((s) => (s.response ? { ...s, response: { ...s.response, headers: s.response.headers.filter(([n]) => !VOLATILE.has(n.toLowerCase())) } } : s)),
  };
}

/** Maps `items` through `fn` with at most `limit` at a time, keeping the order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

describe('replay over loopback sockets', () => {
  test('gives the in-process results on the whole Chromium corpus', async () => {
    const profile = getProfile('chromium');
    if (!profile) throw new Error('no chromium profile');
    const scenarios = await loadCorpus();
    expect(scenarios.length).toBeGreaterThan(300);
    // The scenarios that need the raw path (header bytes undici refuses) are part of it.
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['safelist-accept-ctl-allowed', 'safelist-accept-del-allowed']));

    // Each scenario has servers of its own on free ports, so a few can run at once.
    const pairs = await mapLimited(scenarios, 4, async (scenario) => ({
      scenario,
      inProcess: await playScenario(scenario, { profile }),
      overHttp: await playScenarioOverHttp(scenario, profile),
    }));

    const comparisons = pairs.flatMap(({ scenario, inProcess, overHttp }) => compareResult(inProcess, overHttp, scenario));
    const summary = agreement(comparisons);
    expect(summary.disagreements.map((d) => ({ key: fieldKey(d), inProcess: d.expected, overHttp: d.actual }))).toEqual([]);
    expect(summary.share).toBe(1);
    expect(summary.total).toBeGreaterThan(2000);

    for (const { scenario, inProcess, overHttp } of pairs) {
      expect(withoutVolatile(overHttp), scenario.id).toEqual(withoutVolatile(inProcess));
    }
    const ctl = pairs.find((p) => p.scenario.id === 'safelist-accept-ctl-allowed');
    expect(ctl?.overHttp.steps[0]).toMatchObject({ outcome: 'response', response: { status: 200, body: 'ok' } });
  }, 60_000);
});
