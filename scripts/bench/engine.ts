/**
 * The engine measured in process: the recorded corpus replayed in a warm loop, preflight decisions per second,
 * corsFetch with an in-memory transport, and preflight-cache hit lookups by cache size, all in CPU time (one core,
 * so a loaded machine slows them less than wall time would; the cache lookups after a full collection). Prints one JSON line.
 *   tsx scripts/bench/engine.ts [replay|decisions|cache SIZES]   (after pnpm build; --conditions=source for the sources)
 */
import { chromium, corsFetch, corsUnsafeRequestHeaderNames, needsCorsPreflight, PreflightCache, type Transport } from '@corsim/engine';
import { playScenario } from 'corsim/scenario';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { corpusTexts, cpuMsSince, median, parseAll } from './lib.js';

setFlagsFromString('--expose-gc');
/** A full collection, so that a setup's garbage (10⁶ entries stored) is not billed to the loop timed after it. */
const collectGarbage = runInNewContext('gc') as () => void;

const BROWSER_SECONDS_PER_SCENARIO = 0.4; // issue 12's real-Chromium figure; not measured here
const WARM_UP_LOOPS = 15;

async function replayWarmLoop(): Promise<Record<string, number>> {
  const scenarios = parseAll(corpusTexts());
  const cpuMs: number[] = [];
  // The JIT settles after about fifteen passes over the corpus: the median of the ten passes after those.
  for (let loop = 0; loop < WARM_UP_LOOPS + 10; loop++) {
    const start = process.cpuUsage();
    for (const s of scenarios) await playScenario(s, { profile: chromium });
    if (loop >= WARM_UP_LOOPS) cpuMs.push(cpuMsSince(start) / scenarios.length);
  }
  const perScenario = median(cpuMs);
  return { scenarios: scenarios.length, replay_cpu_ms_per_scenario: perScenario, replay_vs_browser_speedup: (BROWSER_SECONDS_PER_SCENARIO * 1000) / perScenario };
}

const ORIGIN = 'https://app.example';
const SHAPES: Array<{ method: string; headers: Array<[string, string]> }> = [
  { method: 'GET', headers: [['Accept', 'application/json']] },
  { method: 'POST', headers: [['Content-Type', 'application/json'], ['X-Token', 'a']] },
  { method: 'PUT', headers: [['Accept', 'application/json'], ['Content-Type', 'text/plain'], ['X-Token', 'a'], ['X-Trace', 'b']] },
];

/** Unsafe header names, the needs-preflight decision and a cache lookup per decision, over three request shapes. */
function decisionsPerSecond(): Record<string, number> {
  const cache = new PreflightCache(chromium.preflightCache);
  const key = { partition: '', origin: ORIGIN, url: 'https://api.example/data', credentials: false };
  const headerNames = corsUnsafeRequestHeaderNames([['Content-Type', 'application/json'], ['X-Token', 'a'], ['X-Trace', 'b']]);
  cache.store(key, { methods: ['PUT', 'POST'], headerNames, credentials: false }, 600, 0);
  const decide = (shape: (typeof SHAPES)[number], n: number): void => {
    for (let i = 0; i < n; i++) {
      const unsafe = corsUnsafeRequestHeaderNames(shape.headers);
      if (needsCorsPreflight(shape.method, unsafe)) cache.lookup(key, { method: shape.method, unsafeHeaderNames: unsafe, credentials: false }, 1, false);
    }
  };
  // Every shape once before any is timed, so that none is timed while the JIT still learns the others.
  for (const shape of SHAPES) decide(shape, 100_000);
  const rates: number[] = [];
  for (const shape of SHAPES) {
    const n = 400_000;
    const start = process.cpuUsage();
    decide(shape, n);
    rates.push(n / (cpuMsSince(start) / 1000));
  }
  return { decisions_per_sec: median(rates), decisions_per_sec_min: Math.min(...rates), decisions_per_sec_max: Math.max(...rates) };
}

/**
 * corsFetch of a simple cross-origin GET answered by an in-memory transport; `fetches_per_sec_no_store` is the same
 * GET with cache mode `no-store`, which the HTTP cache neither reads nor stores: the difference is its share.
 */
async function fetchesPerSecond(): Promise<Record<string, number>> {
  return { fetches_per_sec: await fetchRate({}), fetches_per_sec_no_store: await fetchRate({ cache: 'no-store' }) };
}

async function fetchRate(init: { cache?: 'no-store' }): Promise<number> {
  const response = { status: 200, statusText: 'OK', headers: [['Access-Control-Allow-Origin', ORIGIN], ['Content-Type', 'text/plain']] as Array<[string, string]>, body: new TextEncoder().encode('ok') };
  const transport: Transport = { send: async () => ({ ok: true, response }) };
  const env = { page: new URL(`${ORIGIN}/`), profile: chromium, transport, clock: { now: () => 0 }, cache: new PreflightCache(chromium.preflightCache) };
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    const n = 20_000;
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await corsFetch('https://api.example/data', init, env);
    rates.push(n / (cpuMsSince(start) / 1000));
  }
  return median(rates.slice(1));
}

/** ns per preflight-cache hit with `size` entries, the capacity lifted so that nothing is evicted. */
function cacheLookupNs(size: number): number {
  const cache = new PreflightCache({ ...chromium.preflightCache, capacity: Number.POSITIVE_INFINITY, eviction: 'none' });
  const keys = Array.from({ length: size }, (_, i) => ({ partition: '', origin: ORIGIN, url: `https://api.example/r/${i}`, credentials: false }));
  const unsafeHeaderNames = corsUnsafeRequestHeaderNames([['X-Token', '1']]);
  for (const key of keys) cache.store(key, { methods: ['PUT'], headerNames: unsafeHeaderNames, credentials: false }, 600, 0);
  const query = { method: 'PUT', unsafeHeaderNames, credentials: false };
  const n = 200_000;
  let hits = 0;
  collectGarbage();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const key = keys[(i * 7919) % size];
    if (key && cache.lookup(key, query, 1, false).status === 'hit') hits++;
  }
  const ns = (cpuMsSince(start) * 1e6) / n;
  if (hits !== n) throw new Error(`cache bench: ${n - hits} lookups missed`);
  return ns;
}

/**
 * ns per bare `Map.get` of a string key among `size` (keys hashed already, looked up in the same scattered order as
 * the cache bench): the floor a lookup by URL cannot go under on this machine, since it makes one such probe.
 */
function mapGetNs(size: number): number {
  const keys = Array.from({ length: size }, (_, i) => `https://api.example/r/${i}`);
  const map = new Map(keys.map((k, i) => [k, { i }]));
  const n = 2_000_000;
  let found = 0;
  collectGarbage();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) if (map.get(keys[(i * 7919) % size] as string)) found++;
  const ns = (cpuMsSince(start) * 1e6) / n;
  if (found !== n) throw new Error('map bench: a key was missing');
  return ns;
}

const which = process.argv[2] ?? 'all';
const out: Record<string, unknown> = {};
if (which === 'all' || which === 'replay') Object.assign(out, await replayWarmLoop());
if (which === 'all' || which === 'decisions') Object.assign(out, decisionsPerSecond(), await fetchesPerSecond());
if (which === 'all' || which === 'cache') {
  const sizes = (process.argv[3] ?? '1000,1000000').split(',').map(Number);
  out.cache_lookup_ns = Object.fromEntries(sizes.map((size) => [String(size), cacheLookupNs(size)]));
  out.map_get_ns = Object.fromEntries(sizes.map((size) => [String(size), mapGetNs(size)]));
}
console.log(JSON.stringify(out));
