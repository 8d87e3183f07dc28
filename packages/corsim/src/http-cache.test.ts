/** The facade's HTTP cache: `browser.httpCache`, `cache` in the init, and the scenario format's `cache` member. */
import { describe, expect, it } from 'vitest';
import { createBrowser } from './browser.js';
import { VirtualClock } from './clock.js';
import { fetchHandlerTransport } from './transports/fetch-handler.js';
import { parseScenario } from './scenario/parse.js';
import { playScenario } from './scenario/play.js';
import { chromium } from '@corsim/engine';

const PAGE = 'http://app.example.test:47001';
const API = 'http://api.example.test:47002';

function browser() {
  let hits = 0;
  const clock = new VirtualClock(0);
  const transport = fetchHandlerTransport((req) => {
    hits++;
    return new Response('data', { headers: { 'cache-control': 'max-age=60', 'access-control-allow-origin': req.headers.get('origin') ?? '' } });
  });
  return { b: createBrowser({ origin: PAGE, transport, clock }), clock, hits: () => hits };
}

describe('browser.httpCache', () => {
  it('lists what a fetch stored, with its age on the browser clock, and clear() forgets it', async () => {
    const { b, clock, hits } = browser();
    await b.fetch(`${API}/d`);
    clock.advance(4_000);
    expect(b.httpCache.entries()).toMatchObject([{ url: `${API}/d`, ageSeconds: 4, freshnessSeconds: 60, fresh: true, vary: [] }]);
    await b.fetch(`${API}/d`);
    expect(hits()).toBe(1);
    b.httpCache.clear();
    await b.fetch(`${API}/d`);
    expect(hits()).toBe(2);
  });

  it('a no-cors response served to a later cors fetch rejects it, as Chromium does', async () => {
    const { b } = browser();
    await b.fetch(`${API}/d`, { mode: 'no-cors' });
    await expect(b.fetch(`${API}/d`)).rejects.toMatchObject({ cause: { code: 'InvalidAllowOriginValue' } });
    expect(b.history.at(-1)?.trace.some((e) => e.facts.what === 'http-cache-hit')).toBe(true);
  });

  it("init.cache 'reload' goes to the server", async () => {
    const { b, hits } = browser();
    await b.fetch(`${API}/d`);
    await b.fetch(`${API}/d`, { cache: 'reload' });
    expect(hits()).toBe(2);
  });
});

describe('the scenario format\'s cache member', () => {
  const scenario = (cache: unknown) => ({
    format: 'cors-scenario/1', id: 'c', page: `${PAGE}/`,
    servers: { [API]: [{ method: '*', path: '/d', headers: [['Cache-Control', 'max-age=60'], ['Access-Control-Allow-Origin', '*']] }] },
    steps: [{ fetch: { url: `${API}/d` } }, { fetch: { url: `${API}/d`, cache } }],
  });

  it('is played: no-store sends the second step to the server, default serves it from the cache', async () => {
    const wires = await Promise.all(['no-store', 'default'].map(async (mode) => {
      const parsed = parseScenario(scenario(mode));
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      return (await playScenario(parsed.scenario, { profile: chromium })).steps[1]?.wire.length;
    }));
    expect(wires).toEqual([1, 0]);
  });

  it('with a value fetch() refuses, the step is a TypeError and nothing goes out', async () => {
    const parsed = parseScenario(scenario('sometimes'));
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const step = (await playScenario(parsed.scenario, { profile: chromium })).steps[1];
    expect([step?.error?.code, step?.wire]).toEqual(['TypeError', []]);
  });
});
