/**
 * Reading `cors-scenario/1` JSON into a {@link Scenario} with every default filled in
 * (see shared/scenario-format.md), with errors that say what is wrong and where.
 */
import type { HeaderPairs } from '@corsim/engine';
import type { Scenario, ScenarioCookie, ScenarioFetch, ScenarioRule, ScenarioStep } from '../scenario/types.js';

export class ScenarioFormatError extends Error {
  override readonly name = 'ScenarioFormatError';
}

type Json = unknown;

function fail(where: string, what: string): never {
  throw new ScenarioFormatError(`${where}: ${what}`);
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: Json, where: string, dflt?: string): string {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'string') fail(where, `expected a string, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  return v;
}

function url(v: Json, where: string, base?: string): string {
  const s = str(v, where);
  try {
    new URL(s, base);
    return s; // kept as written: the browser resolves and serializes it itself
  } catch {
    return fail(where, `not a URL: ${JSON.stringify(s)}`);
  }
}

function headerPairs(v: Json, where: string): HeaderPairs {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(where, 'expected an array of [name, value] pairs');
  return v.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string') {
      fail(`${where}[${i}]`, `expected a [name, value] pair of strings, got ${JSON.stringify(p)}`);
    }
    return [p[0], p[1]] as [string, string];
  });
}

function oneOf<T extends string>(v: Json, where: string, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(where, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function rule(v: Json, where: string): ScenarioRule {
  if (!isObject(v)) fail(where, 'expected a rule object');
  const status = v['status'] ?? 200;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) fail(`${where}.status`, `expected an HTTP status code, got ${JSON.stringify(status)}`);
  return {
    method: str(v['method'], `${where}.method`, '*'),
    path: str(v['path'], `${where}.path`, '*'),
    status,
    headers: headerPairs(v['headers'], `${where}.headers`),
    body: str(v['body'], `${where}.body`, ''),
  };
}

function fetchInit(v: Json, where: string, page: string): ScenarioFetch {
  if (!isObject(v)) fail(where, 'expected a fetch object');
  const body = v['body'];
  if (body !== undefined && body !== null && typeof body !== 'string') fail(`${where}.body`, 'expected a string or null');
  return {
    url: url(v['url'], `${where}.url`, page),
    method: str(v['method'], `${where}.method`, 'GET'),
    headers: headerPairs(v['headers'], `${where}.headers`),
    body: body ?? null,
    mode: oneOf(v['mode'], `${where}.mode`, ['cors', 'no-cors', 'same-origin', 'navigate'] as const, 'cors'),
    credentials: oneOf(v['credentials'], `${where}.credentials`, ['omit', 'same-origin', 'include'] as const, 'same-origin'),
    redirect: oneOf(v['redirect'], `${where}.redirect`, ['follow', 'error', 'manual'] as const, 'follow'),
  };
}

/** Validates parsed JSON as `cors-scenario/1` and fills in the defaults. Throws {@link ScenarioFormatError}. */
export function parseScenario(json: Json, source = 'scenario'): Scenario {
  if (!isObject(json)) fail(source, 'expected a JSON object');
  if (json['format'] !== 'cors-scenario/1') fail(`${source}.format`, `expected "cors-scenario/1", got ${JSON.stringify(json['format'])}`);
  const id = str(json['id'], `${source}.id`);
  if (!/^[A-Za-z0-9._-]+$/.test(id)) fail(`${source}.id`, `must be usable as a file name ([A-Za-z0-9._-]+), got ${JSON.stringify(id)}`);
  const page = url(json['page'], `${source}.page`);
  if (new URL(page).protocol !== 'http:') fail(`${source}.page`, 'only http: pages can be played');
  const serversJson = json['servers'] ?? {};
  if (!isObject(serversJson)) fail(`${source}.servers`, 'expected an object keyed by origin');
  const servers: Record<string, ScenarioRule[]> = {};
  for (const [key, rules] of Object.entries(serversJson)) {
    const where = `${source}.servers[${JSON.stringify(key)}]`;
    let origin: string;
    try {
      origin = new URL(key).origin;
    } catch {
      fail(where, 'the key must be an origin');
    }
    if (!origin.startsWith('http:')) fail(where, 'only http: origins can be served');
    if (!Array.isArray(rules)) fail(where, 'expected an array of rules');
    servers[origin] = rules.map((r, i) => rule(r, `${where}[${i}]`));
  }
  const cookiesJson = json['cookies'] ?? [];
  if (!Array.isArray(cookiesJson)) fail(`${source}.cookies`, 'expected an array');
  const cookies: ScenarioCookie[] = cookiesJson.map((c, i) => {
    const where = `${source}.cookies[${i}]`;
    if (!isObject(c)) fail(where, 'expected {url, cookie}');
    return { url: url(c['url'], `${where}.url`), cookie: str(c['cookie'], `${where}.cookie`) };
  });
  const stepsJson = json['steps'];
  if (!Array.isArray(stepsJson)) fail(`${source}.steps`, 'expected an array of steps');
  const steps: ScenarioStep[] = stepsJson.map((s, i) => {
    const where = `${source}.steps[${i}]`;
    if (!isObject(s)) fail(where, 'expected a step object');
    const at = s['at'] ?? 0;
    if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) fail(`${where}.at`, `expected a number of seconds >= 0, got ${JSON.stringify(at)}`);
    return { at, fetch: fetchInit(s['fetch'], `${where}.fetch`, page) };
  });
  return {
    format: 'cors-scenario/1',
    id,
    description: typeof json['description'] === 'string' ? json['description'] : '',
    page,
    cookies,
    servers,
    steps,
  };
}

/** True when parsed JSON claims to be a scenario (as opposed to a result or something else). */
export function looksLikeScenario(json: Json): boolean {
  return isObject(json) && json['format'] === 'cors-scenario/1';
}
