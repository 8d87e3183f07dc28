/**
 * toResultStep writes error.code / error.parameter only for profiles that report Chromium's CorsError names
 * (the recorded Firefox and WebKit results carry neither; spec-tests/corpus/{firefox,webkit}/README and results).
 */
import { describe, expect, it } from 'vitest';
import { chromium, firefox, webkit } from '@corsim/engine';
import { parseScenario } from './parse.js';
import { playScenario } from './play.js';

const parsed = parseScenario({
  format: 'cors-scenario/1', id: 'acao-wrong-origin-head', page: 'http://app.example.test:47001/',
  servers: { 'http://api.example.test:47002': [{ method: '*', path: '/data', headers: [['Access-Control-Allow-Origin', 'http://evil.test:47001']] }] },
  steps: [{ fetch: { url: 'http://api.example.test:47002/data', method: 'HEAD' } }],
});

describe('toResultStep by profile', () => {
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const { scenario } = parsed;

  it('chromium results carry the code and parameter (recorded: chromium/acao-wrong-origin-head)', async () => {
    const [step] = (await playScenario(scenario, { profile: chromium })).steps;
    expect(step?.error).toMatchObject({ code: 'AllowOriginMismatch', parameter: 'http://evil.test:47001', exception: 'TypeError: Failed to fetch' });
  });

  it.each([firefox, webkit])('$name results carry neither (recorded: $name/acao-wrong-origin-head)', async (profile) => {
    const [step] = (await playScenario(scenario, { profile })).steps;
    expect(step?.error).not.toHaveProperty('code');
    expect(step?.error).not.toHaveProperty('parameter');
    expect(step?.error?.message).toBeDefined();
  });

  it('a TypeError that fetch() throws keeps its code in every profile (conformance README)', async () => {
    const bad = parseScenario({
      format: 'cors-scenario/1', id: 'no-cors-put', page: 'http://app.example.test:47001/', servers: {},
      steps: [{ fetch: { url: 'http://api.example.test:47002/data', method: 'PUT', mode: 'no-cors' } }],
    });
    if (!bad.ok) throw new Error(bad.problems.join('; '));
    for (const profile of [chromium, firefox, webkit]) {
      const [step] = (await playScenario(bad.scenario, { profile })).steps;
      expect(step?.error?.code).toBe('TypeError');
    }
  });
});
