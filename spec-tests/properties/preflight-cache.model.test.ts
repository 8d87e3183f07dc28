/**
 * The [CORS-preflight cache](https://fetch.spec.whatwg.org/#concept-cache) against a tiny reference model, through
 * `corsFetch` on a virtual clock: fetches and clock moves in random order, each fetch checked against what the model
 * predicts (a fresh entry that covers the request: no `OPTIONS`; expired, absent, evicted or not covering: exactly one
 * `OPTIONS`), and after every command the cache never holds more than its capacity nor an entry that outlives the
 * profile's Max-Age cap. The capacity is made small (3) through a custom policy object, so eviction happens.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chromium, corsFetch, PreflightCache, type BrowserProfile, type HeaderPairs, type PreflightCachePolicy, type WireRequest } from '@corsim/engine';
import { VirtualClock } from 'corsim';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, getAll, serverTransport } from '../support/engine.js';

const CAPACITY = 3;
const CAP_SECONDS = 7200;
const URLS = [0, 1, 2, 3, 4].map((i) => `${API}/r${i}`);

/**
 * `Access-Control-Max-Age` lines and the lifetime Chromium gives them (docs/profiles.md: absent or unparsable → 5 s,
 * zero or negative → not cached, capped at 7200 s). The model reads this table; it never calls the engine's parser.
 */
const MAX_AGES: ReadonlyArray<readonly [lines: readonly string[], seconds: number]> = [
  [[], 5], [['0'], 0], [['-1'], 0], [['1'], 1], [['5'], 5], [['600'], 600], [['7199'], 7199], [['7200'], 7200], [['7201'], CAP_SECONDS],
  [['86400'], CAP_SECONDS], [['abc'], 5], [['1.5'], 5], [['10', '20'], 5],
];

interface ModelEntry {
  expiry: number;
  methods: Set<string>;
  headers: Set<string>;
  credentials: boolean;
  /** False once a random purge may have removed it. */
  certain: boolean;
}

interface Model {
  now: number;
  /** Insertion order is recency order (least recently used first). */
  readonly entries: Map<string, ModelEntry>;
}

interface Real {
  readonly clock: VirtualClock;
  readonly cache: PreflightCache;
  readonly profile: BrowserProfile;
  /** What the server approves in its next preflight answer. */
  answer: { methods: string[]; headers: string[]; maxAge: readonly string[] };
}

interface Request {
  readonly url: string;
  readonly method: string;
  readonly headers: readonly string[];
  readonly credentials: boolean;
}

const SAFELISTED = ['GET', 'HEAD', 'POST'];
const needsPreflight = (r: Request): boolean => !SAFELISTED.includes(r.method) || r.headers.length > 0;

/** The cache's match rules, from the spec (https://fetch.spec.whatwg.org/#concept-cache-match-method / -header), Chromium's cached `*` never covering Authorization. */
function covers(e: ModelEntry, r: Request): boolean {
  if (r.credentials && !e.credentials) return false;
  const wildcard = !e.credentials;
  if (!(e.methods.has(r.method) || SAFELISTED.includes(r.method) || (wildcard && e.methods.has('*')))) return false;
  return r.headers.every((h) => e.headers.has(h) || (wildcard && e.headers.has('*') && h !== 'authorization'));
}

class FetchCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly request: Request,
    readonly extraMethods: readonly string[],
    readonly extraHeaders: readonly string[],
    readonly maxAge: readonly [readonly string[], number],
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    const r = this.request;
    // What the server approves: the request, plus extras (`*` only for requests without credentials).
    real.answer = {
      methods: [r.method, ...this.extraMethods.filter((m) => m !== '*' || !r.credentials)],
      headers: [...r.headers, ...this.extraHeaders.filter((h) => h !== '*' || !r.credentials)],
      maxAge: this.maxAge[0],
    };
    const outcome = await corsFetch(r.url, {
      method: r.method, headers: r.headers.map((h): [string, string] => [h, '1']), credentials: r.credentials ? 'include' : 'omit',
    }, { page: new URL(PAGE), profile: real.profile, transport: serverTransport(server(real)), clock: real.clock, cache: real.cache });
    expect(outcome.ok, 'the server approves everything asked').toBe(true);
    const options = outcome.wire.filter((w) => w.leg === 'preflight').length;
    expect(options).toBeLessThanOrEqual(1);

    if (!needsPreflight(r)) {
      expect(options, 'a request that needs no preflight never sends OPTIONS').toBe(0);
      return;
    }
    const e = model.entries.get(r.url);
    let expected: 0 | 1 | 'unknown';
    if (e === undefined) expected = 1;
    else if (e.expiry <= model.now) expected = 1;
    else if (!covers(e, r)) expected = 1;
    else expected = e.certain ? 0 : 'unknown';
    if (expected !== 'unknown') {
      const why = e === undefined ? 'no entry' : e.expiry <= model.now ? `expired entry (expiry ${e.expiry}, now ${model.now})` : covers(e, r) ? 'fresh covering entry' : 'entry does not cover the request';
      expect(options, `OPTIONS sent (${why})`).toBe(expected);
    }

    if (options === 0) {
      // A hit: the entry is there (now certainly) and becomes the most recently used.
      const hit = e as ModelEntry;
      hit.certain = true;
      model.entries.delete(r.url);
      model.entries.set(r.url, hit);
      return;
    }
    // A preflight: the old entry (stale or not covering) is gone; the new one is stored if its lifetime is positive.
    model.entries.delete(r.url);
    const seconds = this.maxAge[1];
    if (seconds <= 0) return;
    if (real.profile.preflightCache.eviction === 'lru') {
      for (const [u, x] of model.entries) if (x.certain && x.expiry <= model.now) model.entries.delete(u);
      if (model.entries.size >= CAPACITY) model.entries.delete(model.entries.keys().next().value as string);
    } else if (model.entries.size >= CAPACITY) {
      // A random purge: any entry may be gone.
      for (const x of model.entries.values()) x.certain = false;
    }
    model.entries.set(r.url, {
      expiry: model.now + seconds * 1000,
      methods: new Set(real.answer.methods),
      headers: new Set(real.answer.headers.map((h) => h.toLowerCase())),
      credentials: r.credentials,
      certain: true,
    });
  }

  toString(): string {
    const r = this.request;
    return `fetch(${r.url.slice(API.length)}, ${r.method}, [${r.headers.join(',')}]${r.credentials ? ', include' : ''}; approve +[${this.extraMethods.join(',')}] +[${this.extraHeaders.join(',')}], max-age ${JSON.stringify(this.maxAge[0])})`;
  }
}

class AdvanceCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    real.clock.advance(this.ms);
    model.now += this.ms;
  }
  toString(): string {
    return `advance(${this.ms} ms)`;
  }
}

/** The preflight server: reflects Origin, allows credentials, approves `real.answer`; the actual request gets 200. */
function server(real: Real): (request: WireRequest) => ReturnType<typeof answer> {
  return (request) => answer(request, real);
}
function answer(request: WireRequest, real: Real): { status: number; statusText: string; headers: HeaderPairs; body: Uint8Array } {
  const headers: HeaderPairs = [['Access-Control-Allow-Origin', getAll(request.headers, 'origin') ?? ''], ['Access-Control-Allow-Credentials', 'true']];
  if (request.method === 'OPTIONS') {
    headers.push(['Access-Control-Allow-Methods', real.answer.methods.join(', ')]);
    if (real.answer.headers.length) headers.push(['Access-Control-Allow-Headers', real.answer.headers.join(', ')]);
    for (const v of real.answer.maxAge) headers.push(['Access-Control-Max-Age', v]);
  }
  return { status: 200, statusText: 'OK', headers, body: new Uint8Array(0) };
}

/** Checked after every command: capacity, the Max-Age cap, and the model's own bound. */
function invariants(model: Model, real: Real): void {
  expect(real.cache.size, 'entries in the cache').toBeLessThanOrEqual(CAPACITY);
  for (const entry of real.cache.entries()) {
    for (const expiry of [...entry.methods.values(), ...entry.headerNames.values()]) {
      expect(expiry - real.clock.now(), `an entry for ${entry.key.url} lives longer than the ${CAP_SECONDS} s cap`).toBeLessThanOrEqual(CAP_SECONDS * 1000);
    }
  }
  expect([...model.entries.values()].filter((e) => e.certain).length, 'entries the model is sure of').toBeLessThanOrEqual(CAPACITY);
}

const requestArb: fc.Arbitrary<Request> = fc.record({
  url: fc.constantFrom(...URLS),
  method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'GET', 'POST'),
  headers: fc.subarray(['x-a', 'x-b', 'authorization']),
  credentials: fc.boolean(),
});
const fetchArb = fc.tuple(requestArb, fc.subarray(['PUT', 'DELETE', 'PATCH', '*']), fc.subarray(['x-a', 'x-b', 'authorization', '*']), fc.constantFrom(...MAX_AGES))
  .map(([r, m, h, age]) => new FetchCommand(r, m, h, age));
const advanceArb = fc.oneof(
  fc.constantFrom(0, 1, 999, 1000, 4999, 5000, 5001, 600_000, CAP_SECONDS * 1000 - 1, CAP_SECONDS * 1000, CAP_SECONDS * 1000 + 1),
  fc.integer({ min: 0, max: 3 * CAP_SECONDS * 1000 }),
).map((ms) => new AdvanceCommand(ms));

const put = (url: string, maxAge: readonly [readonly string[], number], extra: { headers?: string[]; credentials?: boolean; method?: string } = {}): FetchCommand =>
  new FetchCommand({ url, method: extra.method ?? 'PUT', headers: extra.headers ?? [], credentials: extra.credentials ?? false }, [], [], maxAge);
const age = (lines: string[]): readonly [readonly string[], number] => MAX_AGES.find(([l]) => JSON.stringify(l) === JSON.stringify(lines))!;
const [u0, u1, u2, u3] = URLS as [string, string, string, string];

/** Table cases: hit, expiry at the exact millisecond, the cap, not cached, eviction, credentials, Authorization and `*`. */
const EXAMPLES: FetchCommand[][] | Array<Array<FetchCommand | AdvanceCommand>> = [
  [put(u0, age(['600'])), put(u0, age(['600'])), new AdvanceCommand(599_999), put(u0, age(['600'])), new AdvanceCommand(1), put(u0, age(['600']))],
  [put(u0, age(['86400'])), new AdvanceCommand(CAP_SECONDS * 1000 - 1), put(u0, age(['86400'])), new AdvanceCommand(1), put(u0, age(['86400']))],
  [put(u0, age(['0'])), put(u0, age(['-1'])), put(u0, age(['-1']))],
  [put(u0, age(['600'])), put(u1, age(['600'])), put(u2, age(['600'])), put(u3, age(['600'])), put(u0, age(['600'])), put(u3, age(['600']))],
  [put(u0, age(['600']), { credentials: false }), put(u0, age(['600']), { credentials: true }), put(u0, age(['600']), { credentials: false })],
  [new FetchCommand({ url: u1, method: 'DELETE', headers: ['authorization'], credentials: false }, ['*'], ['*'], age(['600'])),
    new FetchCommand({ url: u1, method: 'PATCH', headers: ['authorization'], credentials: false }, [], [], age(['600']))],
];

describe.each([['lru'], ['random-purge']] as const)('preflight cache, model-based (chromium profile, capacity %s)', (eviction) => {
  it(`agrees with the reference model: hits send no OPTIONS, expired or evicted entries re-preflight, never over capacity or past the cap (${eviction})`, async () => {
    const policy: PreflightCachePolicy = { ...chromium.preflightCache, capacity: CAPACITY, eviction };
    const profile: BrowserProfile = { ...chromium, preflightCache: policy };
    await checkProperty(`preflight cache model (${eviction})`, fc.asyncProperty(
      fc.commands([fetchArb, fetchArb, advanceArb], { maxCommands: 40 }),
      async (commands) => {
        const setup = () => ({
          model: { now: 0, entries: new Map<string, ModelEntry>() } as Model,
          real: { clock: new VirtualClock(0), cache: new PreflightCache(policy), profile, answer: { methods: [], headers: [], maxAge: [] } } as Real,
        });
        await fc.asyncModelRun(setup, [...commands].map((c) => withInvariants(c)));
        return true;
      }), { runs: 150, examples: EXAMPLES.map((cmds) => [cmds] as [Iterable<fc.AsyncCommand<Model, Real>>]) });
  });
});

/** The command, with the invariants checked after it. */
function withInvariants(c: fc.AsyncCommand<Model, Real>): fc.AsyncCommand<Model, Real> {
  return {
    check: (m) => c.check(m),
    run: async (m, r) => {
      await c.run(m, r);
      invariants(m, r);
    },
    toString: () => c.toString(),
  };
}
