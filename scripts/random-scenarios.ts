/**
 * Seeded random scenarios for differential campaigns: record them in the real browsers (`corsim record`), replay
 * them with corsim, compare. Each mixes what the corpora test one at a time — methods (odd cases included), script
 * headers with unsafe values, bodies, modes, credentials, a redirect on the way, preflight answers with odd
 * statuses and syntax, the actual answer's CORS headers, a second step that may reuse a cached preflight — so that a
 * disagreement points at an interaction no hand-written scenario covered.
 * `--wide` adds cookies in the jar, a cross-site API, cache modes, odd header syntax (whitespace, case, two header
 * lines) and a second redirect hop; `--more` (with `--wide`) adds queries and fragments, mode `same-origin`, values
 * past the safelist's length limits, cacheable answers and a third step with the other credentials mode. Without a
 * flag a seed writes what it wrote before the flag was added.
 *   node_modules/.bin/tsx scripts/random-scenarios.ts --seed 1 --count 100 [--wide | --more] [--port-base 23400] --out DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from '../packages/engine/src/preflight-cache.js';

type Pair = [string, string];
type Rule = { method: string; path: string; status?: number; headers?: Pair[]; body?: string };

const METHODS = ['GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'patch', 'delete', 'put', 'OPTIONS', 'PURGE'];
const SCRIPT_HEADERS: Pair[] = [
  ['X-Custom', '1'], ['Authorization', 'Bearer t0k3n'], ['Content-Type', 'application/json'],
  ['Content-Type', 'text/plain;charset=UTF-8'], ['Content-Type', 'multipart/form-data; boundary=x'],
  ['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Type', 'text/plain; a="(x)"'], ['Accept', 'application/json'],
  ['Accept', 'a(b'], ['Accept-Language', 'en-US,en;q=0.9'], ['Content-Language', 'fr'], ['Content-Language', 'fr;x'],
  ['Range', 'bytes=0-10'], ['Range', 'bytes=0-1,3-4'], ['X-Requested-With', 'XMLHttpRequest'], ['Cache-Control', 'no-cache'],
  ['If-None-Match', '"v0"'], ['X-Api-Key', 'k'], ['x-custom', '2'], ['Cookie', 'a=1'], ['Origin', 'http://evil.example.test'],
];
const ACAO = ['{{origin}}', '{{origin}}', '*', '*', 'null', 'PAGE/', 'PAGE_UPPER', '{{origin}}, {{origin}}', ''];
const ACAC = ['true', '', 'TRUE', 'false', '', ''];
const ACAM = ['{{acrm}}', '{{acrm}}', '*', 'GET, POST', 'GET,POST,PUT,DELETE,PATCH', 'put', 'PATCH', '', 'GET POST'];
const ACAH = ['{{acrh}}', '{{acrh}}', '*', 'x-custom', 'Content-Type, Authorization', 'authorization', '*, authorization', '', 'X-Custom ,content-type', 'x-custom;'];
const MAX_AGE = ['', '600', '0', '5', '600', '86400', '-1', 'abc', '3'];
const ACEH = ['', '', 'X-Foo', '*', 'x-foo, x-bar', 'X-Foo,'];
const PREFLIGHT_STATUS = [204, 200, 204, 204, 204, 400, 401, 403, 404, 500, 302];
const ACTUAL_STATUS = [200, 200, 200, 201, 204, 404, 500];
const REDIRECT_STATUS = [301, 302, 303, 307, 308];
/** What `--wide` adds to the lists above. */
const WIDE = {
  scriptHeaders: [['Content-Type', 'text/plain;charset=utf-8;x=y'], ['Content-Type', 'TEXT/PLAIN'], ['Accept', '*/*'], ['X-Custom', ''],
    ['Save-Data', 'on'], ['Device-Memory', '8'], ['Width', '1.5'], ['Content-Language', 'en-US, fr']] as Pair[],
  acao: [' {{origin}} ', 'TWO_LINES', 'http://app.example.test', '*, {{origin}}'],
  acac: [' true', 'True'],
  aceh: ['X-FOO', 'x-foo , x-bar', '*, x-foo', 'x-bar'],
  cookies: ['sid=1', 'sid=1; SameSite=None', 'sid=1; SameSite=Strict', 'sid=1; SameSite=Lax', 'sid=1; SameSite=None; Secure'],
  cacheModes: ['no-cache', 'reload', 'force-cache', 'no-store'],
};

function scenario(seed: number, n: number, wide: boolean, more: boolean, portBase: number): object {
  const random = seededRandom(seed * 100_003 + n);
  const anyOf = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // Half the servers are configured well (each list's first entry) but for the odd answer: the cases near the
  // boundary between allowed and blocked say the most.
  const wellConfigured = random() < 0.5;
  const pick = <T>(list: readonly T[]): T => (wellConfigured && random() < 0.85 ? list[0] as T : anyOf(list));
  const chance = (p: number): boolean => random() < p;
  const base = portBase + (n % 50) * 4;
  const page = `http://app.example.test:${base}`;
  const crossSite = wide && random() < 0.3;
  const api = `http://api.${crossSite ? 'othersite' : 'example'}.test:${base + 1}`;
  const other = `http://other.example.test:${base + 2}`;
  const value = (v: string): string => v.replace('PAGE_UPPER', page.toUpperCase()).replace('PAGE', page);
  const cors = (acao: string, acac: string): Pair[] => [
    ...(acao === 'TWO_LINES' ? [['Access-Control-Allow-Origin', '{{origin}}'] as Pair, ['Access-Control-Allow-Origin', '{{origin}}'] as Pair] : []),
    ...(acao && acao !== 'TWO_LINES' ? [['Access-Control-Allow-Origin', value(acao)] as Pair] : []),
    ...(acac ? [['Access-Control-Allow-Credentials', acac] as Pair] : []),
  ];
  const acaoList = wide ? [...ACAO, ...WIDE.acao] : ACAO;
  const acacList = wide ? [...ACAC, ...WIDE.acac] : ACAC;

  const method = anyOf(METHODS);
  const headers: Pair[] = [];
  for (let i = Math.floor(random() * 4); i > 0; i--) headers.push(anyOf(wide ? [...SCRIPT_HEADERS, ...WIDE.scriptHeaders] : SCRIPT_HEADERS));
  const body = !['GET', 'HEAD'].includes(method.toUpperCase()) && chance(0.6) ? anyOf(['{}', 'x', 'a=1']) : undefined;
  const credentials = anyOf(['omit', 'same-origin', 'same-origin', 'include', 'include']);
  const mode = chance(0.1) ? 'no-cors' : 'cors';
  const sameOrigin = chance(0.08);
  const target = sameOrigin ? page : api;

  const servers: Record<string, Rule[]> = { [api]: [] };
  const rules = (origin: string): Rule[] => (servers[origin] ??= []);
  const preflight = (origin: string, p: string): void => {
    if (!chance(0.85)) return;
    const status = pick(PREFLIGHT_STATUS);
    const h: Pair[] = [...cors(pick(acaoList), pick(acacList))];
    const acam = pick(ACAM);
    if (acam) h.push(['Access-Control-Allow-Methods', acam]);
    const acah = pick(ACAH);
    if (acah) h.push(['Access-Control-Allow-Headers', acah]);
    const maxAge = pick(MAX_AGE);
    if (maxAge) h.push(['Access-Control-Max-Age', maxAge]);
    if (status === 302) h.push(['Location', `${origin}${p}`]);
    rules(origin).push({ method: 'OPTIONS', path: p, status, headers: h });
  };
  const actual = (origin: string, p: string): void => {
    const h: Pair[] = [...cors(pick(acaoList), pick(acacList)), ['Content-Type', 'text/plain'], ['X-Foo', 'foo'], ['X-Bar', 'bar']];
    const aceh = pick(wide ? [...ACEH, ...WIDE.aceh] : ACEH);
    if (aceh) h.push(['Access-Control-Expose-Headers', aceh]);
    if (chance(0.2)) h.push(['Vary', 'Origin']);
    if (chance(0.15)) h.push(['Set-Cookie', `s${n}=1; Path=/`]);
    if (chance(0.15)) h.push(['Cache-Control', anyOf(['max-age=60', 'no-store', 'no-cache'])]);
    else if (more && chance(0.3)) h.push(['Cache-Control', 'max-age=60'], ['Vary', anyOf(['Origin', 'Origin, Accept', '*'])]);
    rules(origin).push({ method: '*', path: p, status: pick(ACTUAL_STATUS), headers: h, body: `body ${n}` });
  };

  const path0 = '/r';
  let redirect: string | undefined;
  if (chance(0.25)) {
    const to = anyOf([api, other, other, page]);
    const toPath = '/end';
    const h: Pair[] = [['Location', `${to}${toPath}`], ...(chance(0.8) ? cors(pick(acaoList), pick(acacList)) : [])];
    preflight(target, path0);
    const status = anyOf(REDIRECT_STATUS);
    rules(target).push({ method: '*', path: path0, status, headers: h });
    preflight(to, toPath);
    const name = (o: string): string => (o === api ? 'api' : o === page ? 'the page' : 'other');
    redirect = `${status} to ${name(to)}`;
    if (wide && chance(0.3)) {
      // A second hop: from `to` on to a third place.
      const last = anyOf([api, other, page]);
      const second = anyOf(REDIRECT_STATUS);
      rules(to).push({ method: '*', path: toPath, status: second, headers: [['Location', `${last}/last`], ...cors(pick(acaoList), pick(acacList))] });
      preflight(last, '/last');
      actual(last, '/last');
      redirect += `, then ${second} to ${name(last)}`;
    } else {
      actual(to, toPath);
    }
  } else {
    preflight(target, path0);
    actual(target, path0);
  }
  if (!servers[api]?.length) delete servers[api];

  if (more && chance(0.15)) headers.push(anyOf([['Accept', 'a'.repeat(129)], ['Content-Language', 'x'.repeat(130)], ['Accept-Language', `en;q=0.${'9'.repeat(126)}`]] as Pair[]));
  const suffix = more && chance(0.2) ? anyOf(['?q=1', '?q=1#f', '#f', '?a=%20b']) : '';
  const fetch = {
    url: `${target}${path0}${suffix}`, method, ...(headers.length ? { headers } : {}), ...(body !== undefined ? { body } : {}),
    credentials, ...(mode !== 'cors' ? { mode } : {}), ...(redirect && chance(0.15) ? { redirect: anyOf(['manual', 'error']) } : {}),
  };
  if (wide && chance(0.15)) Object.assign(fetch, { cache: anyOf(WIDE.cacheModes) });
  if (more && chance(0.05)) Object.assign(fetch, { mode: 'same-origin' });
  const steps: object[] = [{ fetch }];
  if (chance(0.3)) steps.push({ at: anyOf([0, 0, 4, 7]), fetch: chance(0.5) ? fetch : { ...fetch, method: anyOf(METHODS.filter((m) => m !== 'HEAD')), body: undefined } });
  if (more && chance(0.25)) steps.push({ fetch: { ...fetch, credentials: credentials === 'include' ? 'omit' : 'include' } });
  const id = `rnd-${more ? 'm' : wide ? 'w' : ''}${seed}-${String(n).padStart(3, '0')}`;
  const description = `Seeded random (seed ${seed}, #${n}): ${method} with ${headers.map(([k]) => k).join(', ') || 'no headers'}, `
    + `credentials ${credentials}, mode ${mode}${sameOrigin ? ', same-origin' : ''}${redirect ? `, redirect ${redirect}` : ''}.`;
  const cookies = wide && chance(0.4) ? [{ url: `${api}/`, cookie: anyOf(WIDE.cookies) }] : undefined;
  return { format: 'cors-scenario/1', id, description, page: `${page}/`, ...(cookies ? { cookies } : {}), servers, steps };
}

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' }, count: { type: 'string', default: '50' }, out: { type: 'string' },
    wide: { type: 'boolean', default: false }, more: { type: 'boolean', default: false },
    // 47400 (the default, as the campaigns so far) lies in Linux's ephemeral range: an outgoing connection can hold
    // a scenario's port for a while, and the recorder then gives up on it (EADDRINUSE). Below 32768 nothing does.
    'port-base': { type: 'string', default: '47400' },
  },
});
if (!values.out) throw new Error('usage: random-scenarios.ts --seed N --count K --out DIR');
mkdirSync(values.out, { recursive: true });
for (let n = 0; n < Number(values.count); n++) {
  const s = scenario(Number(values.seed), n, values.wide || values.more, values.more, Number(values['port-base'])) as { id: string };
  writeFileSync(path.join(values.out, `${s.id}.json`), `${JSON.stringify(s, null, 2)}\n`);
}
console.log(`${values.count} scenarios → ${values.out}`);
