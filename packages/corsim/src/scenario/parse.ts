/**
 * Reads `cors-scenario/1` JSON into a Scenario, collecting every problem before refusing a file, so one run
 * shows all that is wrong with it.
 */
import { isToken, type HeaderPairs } from '@corsim/engine';
import { didYouMean } from './suggest.js';
import { SCENARIO_MEMBERS, type Scenario, type ScenarioCookie, type ScenarioFetch, type ScenarioRule, type ScenarioStep } from './types.js';

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly string[] };

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function absoluteHttpUrl(v: string): URL | null {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Reports members of `obj` that the format does not define, with the closest defined one. */
function unknownMembers(obj: Record<string, Json>, known: readonly string[], where: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) problems.push(`${where}: unknown member ${JSON.stringify(key)}${didYouMean(key, known)}`);
  }
}

/**
 * A server's header list, checked as an HTTP parser checks response headers: names are tokens, values have no
 * NUL, CR or LF and are bytes (a CR/LF in a value would otherwise write a header of its own on a real socket).
 */
function responseHeaderList(v: Json, where: string, problems: string[]): HeaderPairs {
  const pairs = headerList(v, where, problems);
  pairs.forEach(([name, value], i) => {
    if (!isToken(name)) problems.push(`${where}[${i}]: ${JSON.stringify(name)} is not a header name (a token)`);
    if (/[\0\r\n]|[^\x00-\xff]/.test(value)) problems.push(`${where}[${i}]: the value of ${JSON.stringify(name)} holds NUL, CR, LF or a character above U+00FF`);
  });
  return pairs;
}

function headerList(v: Json, where: string, problems: string[]): HeaderPairs {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push(`${where}: must be an array of [name, value] pairs`);
    return [];
  }
  const out: HeaderPairs = [];
  v.forEach((pair: Json, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      problems.push(`${where}[${i}]: must be a [name, value] pair of strings`);
    } else {
      out.push([pair[0], pair[1]]);
    }
  });
  return out;
}

function optionalString(obj: Record<string, Json>, key: string, where: string, problems: string[]): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    problems.push(`${where}.${key}: must be a string`);
    return undefined;
  }
  return v;
}

/** A fetch step's `cache` member, when present (absent is `default`); its value is fetch()'s to refuse. */
function cacheMember(f: Record<string, Json>, where: string, problems: string[]): Pick<ScenarioFetch, 'cache'> {
  const cache = optionalString(f, 'cache', where, problems);
  return cache === undefined ? {} : { cache: cache as NonNullable<ScenarioFetch['cache']> };
}

/** Parses the text of a scenario file. */
export function parseScenarioText(text: string): ParseResult {
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return parseScenario(json);
}

/** Validates parsed JSON as a `cors-scenario/1`. */
export function parseScenario(json: Json): ParseResult {
  const problems: string[] = [];
  if (!isObject(json)) return { ok: false, problems: ['a scenario must be a JSON object'] };
  unknownMembers(json, SCENARIO_MEMBERS.scenario, 'scenario', problems);
  if (json.format !== 'cors-scenario/1') problems.push(`format: must be "cors-scenario/1" (got ${JSON.stringify(json.format)})`);
  const id = json.id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(id)) problems.push('id: must be a non-empty string of letters, digits, ".", "_" or "-"');
  const description = optionalString(json, 'description', 'scenario', problems) ?? '';

  let page: string = '';
  if (typeof json.page !== 'string' || !absoluteHttpUrl(json.page)) problems.push('page: must be an absolute http(s) URL');
  else page = json.page;

  const cookies: ScenarioCookie[] = [];
  if (json.cookies !== undefined) {
    if (!Array.isArray(json.cookies)) problems.push('cookies: must be an array');
    else json.cookies.forEach((c: Json, i) => {
      if (!isObject(c) || typeof c.url !== 'string' || !absoluteHttpUrl(c.url) || typeof c.cookie !== 'string') {
        problems.push(`cookies[${i}]: must be { "url": absolute http(s) URL, "cookie": string }`);
      } else {
        unknownMembers(c, SCENARIO_MEMBERS.cookie, `cookies[${i}]`, problems);
        cookies.push({ url: c.url, cookie: c.cookie });
      }
    });
  }

  const servers: Record<string, ScenarioRule[]> = {};
  const serversJson = json.servers ?? {};
  if (!isObject(serversJson)) problems.push('servers: must be an object keyed by origin');
  else for (const [origin, rules] of Object.entries(serversJson)) {
    const u = absoluteHttpUrl(origin);
    if (!u || u.origin !== origin) problems.push(`servers: key ${JSON.stringify(origin)} must be a serialized origin such as "http://api.example.test:47002"`);
    if (!Array.isArray(rules)) {
      problems.push(`servers[${JSON.stringify(origin)}]: must be an array of rules`);
      continue;
    }
    servers[origin] = rules.flatMap((rule: Json, i): ScenarioRule[] => {
      const where = `servers[${JSON.stringify(origin)}][${i}]`;
      if (!isObject(rule)) {
        problems.push(`${where}: must be an object`);
        return [];
      }
      const problemsBefore = problems.length;
      unknownMembers(rule, SCENARIO_MEMBERS.rule, where, problems);
      const method = rule.method;
      if (typeof method !== 'string' || !(method === '*' || /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method))) problems.push(`${where}.method: must be a method or "*"`);
      const path = rule.path;
      if (typeof path !== 'string' || !(path === '*' || path.startsWith('/'))) problems.push(`${where}.path: must start with "/" or be "*"`);
      const status = rule.status ?? 200;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 999) problems.push(`${where}.status: must be an integer from 100 to 999`);
      const headers = responseHeaderList(rule.headers, `${where}.headers`, problems);
      const body = rule.body ?? '';
      if (typeof body !== 'string') problems.push(`${where}.body: must be a string`);
      // A refused rule is not built: its values may not even convert to strings (an object whose toString is not callable).
      if (problems.length > problemsBefore) return [];
      return [{ method: method as string, path: path as string, status: status as number, headers, body: body as string }];
    });
  }

  const steps: ScenarioStep[] = [];
  if (!Array.isArray(json.steps) || json.steps.length === 0) problems.push('steps: must be a non-empty array');
  else json.steps.forEach((step: Json, i) => {
    const where = `steps[${i}]`;
    if (!isObject(step)) {
      problems.push(`${where}: must be an object`);
      return;
    }
    unknownMembers(step, SCENARIO_MEMBERS.step, where, problems);
    const at = step.at ?? 0;
    if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) problems.push(`${where}.at: must be a number of seconds ≥ 0`);
    const f = step.fetch;
    if (!isObject(f)) {
      problems.push(`${where}.fetch: must be an object`);
      return;
    }
    unknownMembers(f, SCENARIO_MEMBERS.fetch, `${where}.fetch`, problems);
    const url = optionalString(f, 'url', `${where}.fetch`, problems);
    if (url === undefined) problems.push(`${where}.fetch.url: is required`);
    const fetch: ScenarioFetch = {
      url: url ?? '',
      method: optionalString(f, 'method', `${where}.fetch`, problems) ?? 'GET',
      headers: headerList(f.headers, `${where}.fetch.headers`, problems),
      body: f.body === null ? null : optionalString(f, 'body', `${where}.fetch`, problems) ?? null,
      // Enumeration values are left to fetch(), which throws a TypeError for a bad one, as in a page.
      mode: (optionalString(f, 'mode', `${where}.fetch`, problems) ?? 'cors') as ScenarioFetch['mode'],
      credentials: (optionalString(f, 'credentials', `${where}.fetch`, problems) ?? 'same-origin') as ScenarioFetch['credentials'],
      redirect: (optionalString(f, 'redirect', `${where}.fetch`, problems) ?? 'follow') as ScenarioFetch['redirect'],
      ...cacheMember(f, `${where}.fetch`, problems),
    };
    steps.push({ at: Number(at), fetch });
  });

  if (problems.length) return { ok: false, problems };
  return { ok: true, scenario: { format: 'cors-scenario/1', id: id as string, description, page, cookies, servers, steps } };
}
