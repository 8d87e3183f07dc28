/**
 * Robustness fuzz targets for corsim's public entry points, shared by the CI test (fuzz.test.ts, CI-sized numRuns)
 * and the long run (scripts/fuzz.ts, a million cases and more). Each target feeds garbage — arbitrary strings and
 * bytes, huge and non-ASCII header values, malformed URLs, malformed scenario JSON, argv of any shape, transports
 * that answer nonsense — and checks that:
 *
 * - nothing throws that should not, and nothing hangs (every target runs under fast-check's timeout);
 * - bad input is refused with a clear error: a `TypeError` outcome or rejection, a problems list, a non-zero exit;
 * - no check turns into "allowed" by accident: whatever garbage a server sends, a response is only shared when the
 *   spec's CORS check (written again in ../support/engine.ts) passes for it.
 *
 * Inputs that hit a known engine bug are skipped by the predicates in ../support/known-bugs.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  chromium, corsCheck, corsFetch, getDecodeSplit, getProfile, isCorsSafelistedRequestHeader, parseTokenList, PreflightCache,
  type FetchOutcome, type HeaderPairs, type Transport, type WireRequest,
} from '@corsim/engine';
import { createBrowser, VirtualClock } from 'corsim';
import { parseScenarioText, playScenario } from 'corsim/scenario';
import { corsRequest, headerName, hostileOrigin, origin, serverAnswer, toWireResponse, urlOn } from 'corsim/arbitraries';
import { main } from '../../packages/corsim/src/cli/main.js';
import { parseCommandArgs, UsageError } from '../../packages/corsim/src/cli/args.js';
import { REPLAY } from '../../packages/corsim/src/cli/specs/replay.js';
import { corsCheckOracle, getAll } from '../support/engine.js';
import { isUnconvertible } from '../support/known-bugs.js';

export interface FuzzTarget {
  /** The entry point and what is fed to it. */
  readonly name: string;
  /** numRuns in CI; the long run shares its total among targets in these proportions. */
  readonly runs: number;
  readonly property: () => fc.IRawProperty<any, boolean>;
  /** Per-case timeout (ms) for async targets: a hang fails the case. */
  readonly timeout?: number;
}

/** Throws with `message` unless `condition`. (No test framework here: the script runs these too.) */
function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const PAGE = 'https://app.example.test';
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// ---------------------------------------------------------------------------------------------------------------
// Garbage

const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const huge = fc.constantFrom('a'.repeat(100_000), ','.repeat(50_000), '"'.repeat(10_001), 'x, '.repeat(20_000), '\u20ac'.repeat(10_000), `${'\\"'.repeat(5000)}"`);
/** Any string: binary (lone surrogates included), Latin-1 with control bytes, tricky constants, sometimes huge. */
export const garbageString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 6, arbitrary: latin1 },
  { weight: 4, arbitrary: fc.constantFrom('', ' ', '\t', '\r\n', '\0', ',', ', ,', '"', '""', '"a,b"', '"\\', '\\', '*', ' * ', 'null', 'NULL', '\uFEFF*', '\u0130', 'é', '€', '𝒳', '\ud800', 'true', 'True') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: huge }).chain((h) => (h === '' ? fc.string({ unit: 'binary', minLength: 129, maxLength: 400 }) : fc.constant(h))) },
);
const garbageName = fc.oneof({ weight: 3, arbitrary: headerName() }, { weight: 2, arbitrary: garbageString },
  { weight: 2, arbitrary: fc.constantFrom('Access-Control-Allow-Origin', 'access-control-allow-origin', 'ACCESS-CONTROL-ALLOW-CREDENTIALS', 'Access-Control-Expose-Headers', 'Location', 'Set-Cookie') });
const garbageHeaders: fc.Arbitrary<HeaderPairs> = fc.array(fc.tuple(garbageName, garbageString).map(([n, v]): [string, string] => [n, v]), { maxLength: 6 });

/** Any JS value, from the shapes script could pass by mistake. */
const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  fc.constantFrom(undefined, null, 0, -1, NaN, Infinity, true, Symbol('s'), () => 'x', [], {}, [[]], [['a']], [['a', 'b', 'c']], [null], new Uint8Array([1, 2])),
);

/** URLs that are almost right, and some that are not URLs at all. */
export const malformedUrl: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('http://', 'https://', 'https://[::1', 'http://a b/', 'https://x:99999/', 'https://x:-1/', '//api.example.test/x', '/relative?x#y', '?q', '#frag', '',
    'javascript:alert(1)', 'data:,x', 'blob:https://a/1', 'file:///etc/passwd', 'ftp://x/', 'ws://x/', 'about:blank', 'https://user:pass@api.example.test/',
    'https://api.example.test/%zz', 'https://%00/', 'https://xn--/', 'http://127.0.0.1:0/', 'https://api.example.test\\x', 'HTTPS://API.EXAMPLE.TEST/X', 'http://0x7f.1/',
    'https://api.example.test/' + 'a'.repeat(5000), 'https://\u0130.test/', 'https://exa\u00admple.test/', 'https://[::ffff:1.2.3.4]/'),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  garbageString,
);

// ---------------------------------------------------------------------------------------------------------------
// Transports that answer garbage

/** A response shape a buggy transport might hand back. */
const garbageResponse: fc.Arbitrary<unknown> = fc.record({
  status: fc.oneof(fc.integer({ min: -10, max: 1100 }), fc.constantFrom(NaN, Infinity, 200.5, '200', undefined, null, 1e10, -0)),
  statusText: fc.oneof(garbageString, anything),
  headers: fc.oneof({ weight: 4, arbitrary: garbageHeaders }, { weight: 1, arbitrary: fc.array(anything, { maxLength: 3 }) }, { weight: 1, arbitrary: anything }),
  body: fc.oneof(fc.uint8Array({ maxLength: 20 }), anything),
}, { requiredKeys: [] });

type TransportBehaviour = (request: WireRequest) => Promise<unknown> | unknown;
/** A behaviour that prints as what it does, so counterexamples show the garbage. */
const behave = (description: string, f: TransportBehaviour): TransportBehaviour => Object.assign(f, { [fc.toStringMethod]: () => description });
const garbageTransport: fc.Arbitrary<TransportBehaviour> = fc.oneof(
  { weight: 4, arbitrary: garbageResponse.map((response) => behave(`resolve({ ok: true, response: ${fc.stringify(response)} })`, () => Promise.resolve({ ok: true, response }))) },
  { weight: 2, arbitrary: garbageHeaders.map((headers) => behave(`resolve(200 with headers ${fc.stringify(headers)})`, () => Promise.resolve({ ok: true, response: { status: 200, statusText: 'OK', headers, body: new Uint8Array(0) } }))) },
  { weight: 1, arbitrary: fc.tuple(anything, anything).map(([netError, detail]) => behave(`resolve({ ok: false, netError: ${fc.stringify(netError)}, detail: ${fc.stringify(detail)} })`, () => Promise.resolve({ ok: false, netError, detail }))) },
  { weight: 1, arbitrary: anything.map((value) => behave(`resolve(${fc.stringify(value)})`, () => Promise.resolve(value))) },
  { weight: 1, arbitrary: anything.map((value) => behave(`reject(${fc.stringify(value)})`, () => Promise.reject(value))) },
  { weight: 1, arbitrary: fc.constant(behave('throw new Error()', () => { throw new Error('transport exploded'); })) },
);

// ---------------------------------------------------------------------------------------------------------------
// Oracles

/**
 * "No check turns into allowed by accident": when an outcome shares a CORS response, every response of the fetch that
 * the CORS check ran on passed the spec's check for the Origin that request carried.
 */
function ensureNoAccidentalAllow(outcome: FetchOutcome, credentials: unknown): void {
  if (!outcome.ok || outcome.response.type !== 'cors') return;
  const mode = credentials === 'include' ? 'include' : 'other';
  // Hops on the page's origin before the request first left it are same-origin: no CORS check runs on them.
  let cors = false;
  for (const w of outcome.wire) {
    if (w.leg === 'preflight' || new URL(w.request.url).origin !== PAGE) cors = true;
    if (!w.response || !cors) continue;
    const requestOrigin = getAll(w.request.headers, 'origin');
    ensure(requestOrigin !== null, `a CORS request without an Origin: ${w.request.method} ${w.request.url}`);
    const sent = w.response.headers.map(([n, v]): [string, string] => [n, v]);
    ensure(corsCheckOracle(sent, requestOrigin, mode), `a ${w.leg} response that fails the CORS check for Origin ${requestOrigin} was let through: ${JSON.stringify(sent).slice(0, 300)}`);
  }
}

function ensureClearFailure(outcome: FetchOutcome): void {
  if (outcome.ok) return;
  ensure(typeof outcome.reason.code === 'string' && outcome.reason.code.length > 0, 'a failure without a code');
  ensure(typeof outcome.reason.explanation === 'string' && outcome.reason.explanation.length > 0, 'a failure without an explanation');
  ensure(typeof outcome.exception === 'string' && outcome.exception.startsWith('TypeError'), `exception ${outcome.exception}`);
  if (outcome.reason.code === 'TypeError') {
    ensure(outcome.wire.length === 0, 'fetch() threw a TypeError after something went on the wire');
    ensure(outcome.reason.requestError !== undefined, 'a TypeError without its kind');
  }
}

const envFor = (transport: Transport) => ({
  page: new URL(`${PAGE}/page`), profile: chromium, transport, clock: new VirtualClock(), cache: new PreflightCache(chromium.preflightCache),
});

// ---------------------------------------------------------------------------------------------------------------
// Scenario and CLI fixtures

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE = readFileSync(path.join(here, '../../examples/put-json-then-credentialed.json'), 'utf8');
const EXAMPLE_JSON = JSON.parse(EXAMPLE) as Record<string, unknown>;

/** Every path (keys and indices) in a JSON value. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}
const EXAMPLE_PATHS = paths(EXAMPLE_JSON).filter((p) => p.length > 0);

/** The example scenario with a few of its members replaced by random JSON, or deleted. */
const mutatedScenario: fc.Arbitrary<string> = fc.array(fc.tuple(fc.constantFrom(...EXAMPLE_PATHS), fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 4 })), { minLength: 1, maxLength: 4 })
  .map((edits) => {
    const copy = structuredClone(EXAMPLE_JSON) as Record<string | number, unknown>;
    for (const [p, value] of edits) {
      let node: any = copy;
      for (const key of p.slice(0, -1)) node = node?.[key];
      if (node === null || typeof node !== 'object') continue;
      const last = p[p.length - 1] as string | number;
      if (value === null) delete node[last];
      else node[last] = value;
    }
    return JSON.stringify(copy);
  });
/** Leaf paths of the example, with the type of their value. */
const EXAMPLE_LEAVES = EXAMPLE_PATHS.flatMap((p) => {
  let node: any = EXAMPLE_JSON;
  for (const key of p) node = node[key];
  return typeof node === 'string' || typeof node === 'number' ? [{ path: p, type: typeof node as 'string' | 'number' }] : [];
});
/** The example with some string leaves replaced by garbage strings or malformed URLs, and numbers by other numbers: it mostly still parses, so its garbage gets played. */
const garbageFilledScenario: fc.Arbitrary<string> = fc.array(fc.constantFrom(...EXAMPLE_LEAVES).chain((leaf) =>
  (leaf.type === 'string' ? fc.oneof(garbageString, malformedUrl, headerName()) : fc.oneof(fc.integer({ min: -5, max: 1100 }), fc.constantFrom(0, 1e9, 0.5, 86400)))
    .map((value) => ({ path: leaf.path, value }))), { minLength: 1, maxLength: 5 })
  .map((edits) => {
    const copy = structuredClone(EXAMPLE_JSON) as Record<string | number, unknown>;
    for (const { path: p, value } of edits) {
      let node: any = copy;
      for (const key of p.slice(0, -1)) node = node[key];
      node[p[p.length - 1] as string | number] = value;
    }
    return JSON.stringify(copy);
  });
const scenarioText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: garbageFilledScenario },
  { weight: 3, arbitrary: mutatedScenario },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: garbageString },
  { weight: 1, arbitrary: fc.nat(EXAMPLE.length).map((n) => EXAMPLE.slice(0, n)) },
  { weight: 1, arbitrary: fc.constantFrom('{"__proto__":{"format":"cors-scenario/1"}}', '[' + '['.repeat(5000), '{"format":"cors-scenario/1","id":"a","page":"http://x/","servers":{},"steps":[{"fetch":{"url":"http://x/"}}]}') },
);

interface CliFixtures {
  readonly root: string;
  readonly files: { valid: string; validCopy: string; invalidJson: string; invalidScenario: string; result: string; dir: string; emptyDir: string; missing: string };
  outCount: number;
}
let fixtures: CliFixtures | undefined;

/** A temporary directory with scenario files of every kind, made once per process ({@link disposeFuzzFixtures} removes it). */
function cliFixtures(): CliFixtures {
  if (fixtures) return fixtures;
  const root = mkdtempSync(path.join(tmpdir(), 'corsim-fuzz-'));
  const valid = path.join(root, 'valid.json');
  writeFileSync(valid, EXAMPLE.replace('"put-json-then-credentialed"', '"fuzz-valid"'));
  const dir = path.join(root, 'dir');
  mkdirSync(dir);
  const validCopy = path.join(dir, 'copy.json');
  writeFileSync(validCopy, EXAMPLE.replace('"put-json-then-credentialed"', '"fuzz-copy"'));
  writeFileSync(path.join(dir, 'ignored.result.json'), '{"format":"cors-result/1","id":"x","browser":"b","steps":[]}');
  const invalidJson = path.join(root, 'invalid-json.json');
  writeFileSync(invalidJson, '{"format": "cors-scenario/1",');
  const invalidScenario = path.join(root, 'invalid-scenario.json');
  writeFileSync(invalidScenario, '{"format":"cors-scenario/1","id":"bad id!","page":"ftp://x/","servers":[],"steps":[]}');
  const result = path.join(root, 'x.result.json');
  writeFileSync(result, '{"format":"cors-result/1","id":"x","browser":"b","steps":[]}');
  const emptyDir = path.join(root, 'empty');
  mkdirSync(emptyDir);
  fixtures = { root, files: { valid, validCopy, invalidJson, invalidScenario, result, dir, emptyDir, missing: path.join(root, 'missing.json') }, outCount: 0 };
  return fixtures;
}

/** Removes the CLI fixtures' temporary directory. */
export function disposeFuzzFixtures(): void {
  if (fixtures) rmSync(fixtures.root, { recursive: true, force: true });
  fixtures = undefined;
}

type FileKind = keyof CliFixtures['files'];
/** Every word `main` takes as a command. */
const COMMAND_NAMES = ['replay', 'compare', 'check', 'explain', 'audit', 'record', 'help', '--help', '-h', 'version', '--version', '-V'];
interface Argv {
  readonly command: string | undefined;
  readonly files: FileKind[];
  readonly out: boolean;
  readonly browser: string | null;
  readonly trace: boolean;
  readonly extra: string[];
}
const argvArb: fc.Arbitrary<Argv> = fc.record({
  command: fc.oneof({ weight: 6, arbitrary: fc.constant('replay') }, { weight: 1, arbitrary: fc.constantFrom('compare', 'help', '--help', undefined, 'REPLAY', 'replay ') },
    { weight: 1, arbitrary: garbageString.filter((s) => !COMMAND_NAMES.includes(s)) }),
  files: fc.array(fc.constantFrom<FileKind>('valid', 'validCopy', 'invalidJson', 'invalidScenario', 'result', 'dir', 'emptyDir', 'missing'), { maxLength: 4 }),
  out: fc.boolean(),
  browser: fc.option(fc.oneof(fc.constant('chromium'), fc.constantFrom('netscape', '', 'Chromium')), { freq: 3 }),
  trace: fc.boolean(),
  extra: fc.oneof({ weight: 5, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('--bogus', '--out', '--browser', '--=x', '--trace=1', '--all'), { minLength: 1, maxLength: 2 }) }),
});

async function quietly<T>(run: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  const log = console.log;
  const error = console.error;
  let stdout = '';
  let stderr = '';
  console.log = (...args: unknown[]) => { stdout += `${args.join(' ')}\n`; };
  console.error = (...args: unknown[]) => { stderr += `${args.join(' ')}\n`; };
  try {
    return { value: await run(), stdout, stderr };
  } finally {
    console.log = log;
    console.error = error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Targets

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'getDecodeSplit(garbage header lists)',
    runs: 25_000,
    property: () => fc.property(garbageHeaders, garbageName, (headers, name) => {
      const result = getDecodeSplit(headers, name);
      const lines = headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
      ensure((result === null) === (lines.length === 0), 'null exactly when the header is absent');
      if (result === null) return true;
      ensure(result.every((item) => typeof item === 'string' && !/^[\t ]|[\t ]$/.test(item)), 'items are trimmed strings');
      const combined = lines.join(', ');
      if (!combined.includes('"')) ensure(JSON.stringify(result) === JSON.stringify(combined.split(',').map((s) => s.replace(/^[\t ]+|[\t ]+$/g, ''))), 'without quotes, a split on commas');
      // Count the commas outside quoted strings (a backslash escapes the next character inside quotes).
      let items = 1;
      let quoted = false;
      for (let i = 0; i < combined.length; i++) {
        const ch = combined[i];
        if (quoted && ch === '\\') i++;
        else if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) items++;
      }
      ensure(result.length === items, `${result.length} items for ${items} commas outside quotes in ${JSON.stringify(combined.slice(0, 80))}`);
      return true;
    }),
  },
  {
    name: 'parseTokenList(garbage)',
    runs: 25_000,
    property: () => fc.property(fc.option(fc.oneof(garbageString, fc.array(fc.oneof(headerName(), garbageString), { maxLength: 5 }).map((a) => a.join(', '))), { freq: 10 }), (value: string | null) => {
      const result = parseTokenList(value);
      if (value === null) {
        ensure(Array.isArray(result) && result.length === 0, 'absent is an empty list');
        return true;
      }
      const items = value.split(',').map((s) => s.replace(/^[\t ]+|[\t ]+$/g, '')).filter((s) => s !== '');
      if (items.every((i) => TOKEN.test(i))) ensure(JSON.stringify(result) === JSON.stringify(items), `a valid list '${value.slice(0, 80)}' parses to its items`);
      else ensure(result === null, `an invalid list '${value.slice(0, 80)}' does not parse`);
      return true;
    }),
  },
  {
    name: 'isCorsSafelistedRequestHeader(garbage name, garbage value)',
    runs: 20_000,
    property: () => fc.property(
      fc.oneof(fc.constantFrom('Accept', 'accept-language', 'CONTENT-LANGUAGE', 'Content-Type', 'range', 'dpr', 'save-data', 'X-A'), garbageName),
      fc.oneof(garbageString, fc.constantFrom('text/plain', 'bytes=0-', 'en', 'on', '*/*', 'text/plain;charset=\u20ac', 'bytes=1-0', `bytes=${'9'.repeat(400)}-`)),
      fc.boolean(),
      (name, value, withExtras) => {
        const safe = isCorsSafelistedRequestHeader(name, value, withExtras ? chromium.extraSafelistedHeaders : undefined);
        ensure(typeof safe === 'boolean', 'a boolean');
        if (!safe) return true;
        ensure(value.length <= 128, `a ${value.length}-byte value is safelisted`);
        const lower = name.toLowerCase();
        const spec = ['accept', 'accept-language', 'content-language', 'content-type', 'range'].includes(lower);
        ensure(spec || (withExtras && chromium.extraSafelistedHeaders.has(lower)), `'${name}' is safelisted`);
        if (spec) ensure(!/[\x00-\x08\x0a-\x1f\x7f"():<>?@[\\\]{}]/.test(value), `a CORS-unsafe byte in a safelisted ${name}: ${JSON.stringify(value)}`);
        if (lower === 'range') ensure(/^bytes=\d+-\d*$/.test(value), `range ${value}`);
        return true;
      }),
  },
  {
    name: 'corsCheck(garbage response headers)',
    runs: 15_000,
    property: () => {
      const target = 'https://app.example.test';
      const acao = fc.oneof(hostileOrigin(target).map((h) => h.value), fc.constantFrom(target, '*', 'null', ` ${target}`, '*,*', `${target},${target}`), garbageString);
      const headers = fc.array(fc.oneof(
        { weight: 3, arbitrary: acao.map((v): [string, string] => ['Access-Control-Allow-Origin', v]) },
        { weight: 2, arbitrary: fc.oneof(fc.constantFrom('true', 'True', ' true', 'true ', ''), garbageString).map((v): [string, string] => ['Access-Control-Allow-Credentials', v]) },
        { weight: 2, arbitrary: fc.tuple(garbageName, garbageString).map(([n, v]): [string, string] => [n, v]) },
      ), { maxLength: 5 });
      return fc.property(headers, fc.constantFrom(target, 'null'), fc.constantFrom('omit', 'same-origin', 'include'), (h, requestOrigin, credentials) => {
        const result = corsCheck(h, requestOrigin, credentials as 'omit');
        // The engine's check gets values as the HTTP parser left them; the oracle trims, so compare on trimmed input.
        const expected = corsCheckOracle(h, requestOrigin, credentials);
        if (result.ok) ensure(expected, `garbage passed the CORS check: ${JSON.stringify(h).slice(0, 300)}`);
        else ensure(typeof result.code === 'string' && result.explanation.length > 0, 'a failure names its reason');
        if (expected && h.every(([, v]) => v === v.replace(/^[\t ]+|[\t ]+$/g, ''))) ensure(result.ok, `a valid answer failed: ${JSON.stringify(h).slice(0, 300)}`);
        return true;
      });
    },
  },
  {
    name: 'corsFetch(typed input and init with garbage contents, random server)',
    runs: 8_000,
    timeout: 5_000,
    property: () => fc.asyncProperty(
      fc.oneof(urlOn('https://api.example.test'), malformedUrl),
      fc.record({
        method: fc.oneof(fc.constantFrom('GET', 'put', 'PATCH', 'TRACE', 'connect', ''), headerName(), garbageString),
        headers: fc.oneof(garbageHeaders, fc.dictionary(garbageName, garbageString, { maxKeys: 3 })),
        body: fc.oneof(fc.constant(null), garbageString, fc.uint8Array({ maxLength: 16 })),
        mode: fc.oneof(fc.constantFrom('cors', 'no-cors', 'same-origin', 'navigate', 'websocket'), garbageString),
        credentials: fc.oneof(fc.constantFrom('omit', 'same-origin', 'include'), garbageString),
        redirect: fc.oneof(fc.constantFrom('follow', 'error', 'manual'), garbageString),
      }, { requiredKeys: [] }),
      fc.tuple(serverAnswer({ trusted: PAGE }), serverAnswer({ trusted: PAGE })),
      async (input, init, [pre, act]) => {
        const transport: Transport = { send: async (r) => ({ ok: true, response: toWireResponse(r.method === 'OPTIONS' ? pre : act, r) }) };
        const outcome = await corsFetch(input, init as never, envFor(transport));
        ensure(typeof outcome.ok === 'boolean', 'an outcome');
        ensureClearFailure(outcome);
        ensureNoAccidentalAllow(outcome, init.credentials);
        return true;
      }),
  },
  {
    name: 'corsFetch(untyped input and init of any shape)',
    runs: 5_000,
    timeout: 5_000,
    property: () => fc.asyncProperty(
      fc.oneof(malformedUrl, anything),
      fc.oneof(anything, fc.record({ method: anything, headers: anything, body: anything, mode: anything, credentials: anything, redirect: anything }, { requiredKeys: [] })),
      async (input, init) => {
        const transport: Transport = { send: async () => ({ ok: true, response: { status: 200, statusText: '', headers: [['Access-Control-Allow-Origin', '*']], body: new Uint8Array(0) } }) };
        try {
          const outcome = await corsFetch(input as string, init as never, envFor(transport));
          ensureClearFailure(outcome);
        } catch (error) {
          // Only what cannot become a string may throw (a TypeError, as WebIDL's conversions throw); the rest must be
          // refused as a TypeError outcome.
          ensure(error instanceof TypeError, `corsFetch threw ${String(error)}`);
          if (!isUnconvertible(input, init)) throw new Error(`corsFetch threw for input it should refuse as a value: ${(error as Error).message}`);
        }
        return true;
      }),
  },
  {
    name: 'corsFetch(valid request, transport answering garbage)',
    runs: 6_000,
    timeout: 5_000,
    property: () => fc.asyncProperty(corsRequest({ kind: 'any', modes: ['cors', 'no-cors', 'same-origin'], redirects: ['follow', 'manual', 'error'] }), garbageTransport, fc.boolean(),
      async (init, behaviour, sameOrigin) => {
        let outcome: FetchOutcome;
        try {
          outcome = await corsFetch(sameOrigin ? `${PAGE}/x` : 'https://api.example.test/x', init, envFor({ send: (r) => behaviour(r) as never }));
        } catch (error) {
          throw new Error(`corsFetch rejected: ${String(error)}`);
        }
        ensureClearFailure(outcome);
        if (outcome.ok && outcome.response.type !== 'opaque' && outcome.response.type !== 'opaqueredirect') {
          const s = outcome.response.status;
          ensure(Number.isInteger(s) && s >= 100 && s <= 999, `a response with status ${String(s)} was shared`);
          ensure(Array.isArray(outcome.response.headers) && outcome.response.headers.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string'
            && TOKEN.test(p[0]) && !/[\0\r\n]|[^\x00-\xff]/.test(p[1])), `shared headers are valid HTTP headers: ${fc.stringify(outcome.response.headers).slice(0, 200)}`);
          ensure(outcome.response.body instanceof Uint8Array, 'a shared body is bytes');
        }
        ensureNoAccidentalAllow(outcome, init.credentials);
        return true;
      }),
  },
  {
    name: 'createBrowser().fetch(any input, any init) and createBrowser(any options)',
    runs: 2_500,
    timeout: 5_000,
    property: () => {
      const request = fc.constantFrom(
        () => new Request('https://api.example.test/r', { method: 'PUT', headers: { 'X-A': '1' }, body: 'b' }),
        () => new Request('https://api.example.test/r', { mode: 'no-cors' }),
        () => new Request(`${PAGE}/same`, { credentials: 'include', headers: [['Accept', 'x'], ['accept', 'y']] }),
      );
      const input = fc.oneof(urlOn('https://api.example.test'), malformedUrl, urlOn('https://api.example.test').map((u) => new URL(u)), request.map((f) => f()), anything);
      const body = fc.oneof(fc.constantFrom(null, undefined), garbageString, fc.uint8Array({ maxLength: 8 }),
        fc.constantFrom(() => new URLSearchParams('a=1&b=2'), () => new Blob(['x'], { type: 'text/html' }), () => new ArrayBuffer(3), () => new ReadableStream(), () => { const f = new FormData(); f.append('a', 'b'); return f; }).map((f) => f()), anything);
      const headersInit = fc.oneof(garbageHeaders, fc.dictionary(garbageName, garbageString, { maxKeys: 3 }), garbageHeaders.map((h) => { try { return new Headers(h); } catch { return new Headers(); } }), anything);
      const signal = fc.constantFrom(undefined, null, AbortSignal.abort(), new AbortController().signal);
      const init = fc.oneof(
        fc.record({ method: fc.oneof(headerName(), garbageString), headers: headersInit, body, mode: fc.oneof(fc.constantFrom('cors', 'no-cors', 'same-origin', 'navigate'), garbageString), credentials: fc.constantFrom('omit', 'same-origin', 'include', 'bogus'), redirect: fc.constantFrom('follow', 'manual', 'error', 'x'), signal }, { requiredKeys: [] }),
        anything,
      );
      const options = fc.record({ origin: fc.oneof(origin(), malformedUrl), browser: fc.oneof(fc.constantFrom(undefined, 'chromium', 'mosaic'), anything) }, { requiredKeys: ['origin'] });
      return fc.asyncProperty(options, input, init, serverAnswer({ trusted: PAGE }), async (opts, inp, ini, answer) => {
        const transport: Transport = { send: async (r) => ({ ok: true, response: toWireResponse(answer, r) }) };
        let browser;
        try {
          browser = createBrowser({ ...(opts as { origin: string }), transport, clock: new VirtualClock() });
        } catch (error) {
          ensure(error instanceof TypeError && error.message.startsWith('corsim: '), `createBrowser threw ${String(error)}`);
          return true;
        }
        let promise: Promise<Response>;
        try {
          promise = browser.fetch(inp as string, ini as never);
        } catch (error) {
          throw new Error(`fetch() threw synchronously: ${String(error)}`);
        }
        ensure(promise instanceof Promise, 'fetch() returns a promise');
        const settled = await promise.then((res) => ({ res }), (error: unknown) => ({ error }));
        if ('error' in settled) {
          const e = settled.error;
          ensure(e instanceof TypeError || (e instanceof DOMException && e.name === 'AbortError'), `fetch() rejected with ${String(e)}`);
          ensure(e.message.length > 0, 'an error without a message');
          return true;
        }
        ensure(settled.res instanceof Response, 'fetch() resolves with a Response');
        const last = browser.history.at(-1);
        if (last) ensureNoAccidentalAllow(last, (ini as { credentials?: unknown } | null | undefined)?.credentials ?? (inp instanceof Request ? inp.credentials : undefined));
        return true;
      });
    },
  },
  {
    name: 'parseScenarioText(malformed scenario JSON) and playScenario(what parses)',
    runs: 3_000,
    timeout: 10_000,
    property: () => fc.asyncProperty(scenarioText, async (text) => {
      const parsed = parseScenarioText(text);
      if (!parsed.ok) {
        ensure(Array.isArray(parsed.problems) && parsed.problems.length > 0, 'a refusal lists its problems');
        ensure(parsed.problems.every((p) => typeof p === 'string' && p.length > 0), 'problems are sentences');
        return true;
      }
      const result = await playScenario(parsed.scenario, { profile: chromium });
      ensure(result.steps.length === parsed.scenario.steps.length, 'one result step per scenario step');
      for (const step of result.steps) ensure(step.outcome === 'response' || (step.outcome === 'network-error' && step.error !== undefined), 'each step has an outcome');
      return true;
    }),
  },
  {
    name: 'CLI parseCommandArgs(any argv)',
    runs: 10_000,
    property: () => fc.property(fc.array(fc.oneof(garbageString, fc.constantFrom('--out', '--browser', '--trace', '--all', '--', '--=', '--x=', '-', '-h', 'replay', '--out=dir', '--browser=webkit')), { maxLength: 8 }), (argv) => {
      let parsed;
      try {
        parsed = parseCommandArgs(REPLAY, argv);
      } catch (error) {
        ensure(error instanceof UsageError, `not a usage error: ${String(error)}`);
        ensure(/^(unknown option -|option --\S+ needs a value|--\S+ must be one of|--\S+ takes no value|--\S+ given twice)/.test((error as Error).message), `an unclear error: ${(error as Error).message}`);
        return true;
      }
      const end = argv.indexOf('--');
      for (const p of parsed.positionals) ensure(argv.includes(p), `positional ${p}`);
      const before = end === -1 ? parsed.positionals : parsed.positionals.slice(0, parsed.positionals.length - (argv.length - end - 1));
      for (const p of before) ensure(p === '-' || !p.startsWith('-'), `option-looking positional ${p} before --`);
      if (end !== -1) ensure(JSON.stringify(parsed.positionals.slice(parsed.positionals.length - (argv.length - end - 1))) === JSON.stringify(argv.slice(end + 1)), 'everything after -- is a positional');
      const names = new Set(['help', ...REPLAY.options.map((o) => o.name)]);
      for (const name of Object.keys(parsed.values)) ensure(names.has(name), `option ${name}`);
      return true;
    }),
  },
  {
    name: 'CLI main(argv) with --out into a temp dir',
    runs: 150,
    timeout: 20_000,
    property: () => fc.asyncProperty(argvArb, async (a) => {
      const f = cliFixtures();
      const outDir = path.join(f.root, `out-${f.outCount++}`);
      const argv = [
        ...(a.command === undefined ? [] : [a.command]),
        ...a.files.map((k) => f.files[k]),
        ...(a.out ? ['--out', outDir] : []),
        ...(a.browser === null ? [] : ['--browser', a.browser]),
        ...(a.trace ? ['--trace'] : []),
        ...a.extra,
      ];
      const { value: code, stderr, stdout } = await quietly(() => main(argv));
      ensure(code === 0 || code === 1 || code === 2, `exit code ${code}`);
      // What the exit code must be, from the help text: 2 for usage and input errors (a bad file, no scenario), else 0.
      if (a.command === 'replay' && a.extra.length === 0) {
        const browserOk = a.browser === null || ['chromium', 'firefox', 'webkit'].includes(a.browser);
        const bad = a.files.filter((k) => k === 'invalidJson' || k === 'invalidScenario' || k === 'missing' || k === 'result').length;
        const usage = !browserOk || a.files.length === 0 || a.files.every((k) => k === 'emptyDir');
        const expected = usage || bad > 0 ? 2 : 0;
        ensure(code === expected, `replay ${a.files.join(' ')} exited ${code}, not ${expected}\n${stderr.slice(0, 500)}`);
        if (usage) ensure(stderr.startsWith('corsim: '), 'a usage error says what is wrong');
        else if (bad > 0) ensure(/error/.test(stderr), 'a failed file is reported');
        if (a.out && !usage) {
          const written = existsSync(outDir) ? readdirSync(outDir) : [];
          const valid = new Set(a.files.flatMap((k) => (k === 'valid' ? ['fuzz-valid.result.json'] : k === 'validCopy' || k === 'dir' ? ['fuzz-copy.result.json'] : [])));
          ensure(JSON.stringify(written.sort()) === JSON.stringify([...valid].sort()), `--out wrote ${written.join(', ')}`);
        }
      } else if (a.command !== undefined && a.extra.length === 0 && !COMMAND_NAMES.includes(a.command)) {
        ensure(code === 2 && stderr.includes('unknown command'), `command ${JSON.stringify(a.command)} exited ${code}`);
      }
      const anyValid = a.files.some((k) => k === 'valid' || k === 'validCopy' || k === 'dir');
      if (code === 0 && a.command === 'replay' && !a.out && anyValid) ensure(stdout.length > 0, 'replay without --out prints the verdicts');
      return true;
    }),
  },
];
