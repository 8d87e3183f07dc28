/**
 * The fix table: every failure code has a fix rendered from its reason and request, and for the codes a server
 * can fix, sending the fix's headers turns the blocked request into an allowed one.
 */
import { describe, expect, it } from 'vitest';
import type { HeaderPairs, Transport, WireRequest } from './ports.js';
import type { FailureCode, FailureReason } from './reasons.js';
import type { FetchInit } from './request.js';
import { corsFetch, type FetchOutcome } from './fetch.js';
import { fixFor, type Fix, type FixContext } from './fixes.js';
import { PreflightCache } from './preflight-cache.js';
import { chromium } from './profiles/chromium.js';
import { SPEC } from './spec.js';

const PAGE = 'http://localhost:3000';
const URL_ = 'http://api.example.test:8080/data';
const ctx: FixContext = { url: URL_, method: 'PUT', origin: PAGE, credentials: 'include', requestHeaderNames: ['content-type', 'x-token'] };
const reason = (code: FailureCode, leg: FailureReason['leg'], parameter?: string, extra: Partial<FailureReason> = {}): FailureReason =>
  ({ code, leg, anchor: SPEC.corsCheck, explanation: `${code} happened.`, ...(parameter === undefined ? {} : { parameter }), ...extra });

/** Every code, with a reason the engine gives for it and what the fix must say. Keyed by code so a new code fails to compile here. */
const TABLE: Record<FailureCode, { reason: FailureReason; says: readonly string[]; header?: readonly [string, string] }> = {
  DisallowedByMode: { reason: reason('DisallowedByMode', 'request'), says: ["mode 'cors'"] },
  InvalidResponse: { reason: reason('InvalidResponse', 'actual'), says: ['PUT request to /data'] },
  WildcardOriginNotAllowed: { reason: reason('WildcardOriginNotAllowed', 'actual', '*'), says: ["don't send `*` with credentials", 'Vary: Origin', PAGE], header: ['Vary', 'Origin'] },
  PreflightWildcardOriginNotAllowed: { reason: reason('PreflightWildcardOriginNotAllowed', 'preflight', '*'), says: ['OPTIONS request to /data', "don't send `*`"], header: ['Access-Control-Allow-Origin', PAGE] },
  MissingAllowOriginHeader: { reason: reason('MissingAllowOriginHeader', 'actual'), says: [`answer the PUT request to /data with \`Access-Control-Allow-Origin: ${PAGE}\``], header: ['Access-Control-Allow-Credentials', 'true'] },
  PreflightMissingAllowOriginHeader: { reason: reason('PreflightMissingAllowOriginHeader', 'preflight'), says: [`answer the OPTIONS request to /data with \`Access-Control-Allow-Origin: ${PAGE}\``], header: ['Access-Control-Allow-Headers', 'content-type, x-token'] },
  MultipleAllowOriginValues: { reason: reason('MultipleAllowOriginValues', 'actual', `${PAGE}, *`), says: ['exactly one', `${PAGE}, *`] },
  PreflightMultipleAllowOriginValues: { reason: reason('PreflightMultipleAllowOriginValues', 'preflight', `${PAGE}, ${PAGE}`), says: ['exactly one', 'OPTIONS'] },
  InvalidAllowOriginValue: { reason: reason('InvalidAllowOriginValue', 'actual', 'localhost:3000'), says: ['localhost:3000', 'one serialized origin'] },
  PreflightInvalidAllowOriginValue: { reason: reason('PreflightInvalidAllowOriginValue', 'preflight', `${PAGE}/`), says: [`${PAGE}/`, 'OPTIONS'] },
  AllowOriginMismatch: { reason: reason('AllowOriginMismatch', 'actual', 'https://app.example'), says: ['allows `https://app.example`', `Access-Control-Allow-Origin: ${PAGE}`] },
  PreflightAllowOriginMismatch: { reason: reason('PreflightAllowOriginMismatch', 'preflight', 'http://localhost:3001'), says: ['OPTIONS request to /data', 'http://localhost:3001'] },
  InvalidAllowCredentials: { reason: reason('InvalidAllowCredentials', 'actual', 'TRUE'), says: ['add `Access-Control-Allow-Credentials: true`', '`TRUE`'] },
  PreflightInvalidAllowCredentials: { reason: reason('PreflightInvalidAllowCredentials', 'preflight', ''), says: ['OPTIONS request to /data'] },
  CorsDisabledScheme: { reason: reason('CorsDisabledScheme', 'redirect', 'ftp://x/'), says: ['ftp://x/'] },
  PreflightInvalidStatus: { reason: reason('PreflightInvalidStatus', 'preflight', '404'), says: ['status 204', 'not 404'] },
  PreflightDisallowedRedirect: { reason: reason('PreflightDisallowedRedirect', 'preflight'), says: ['never redirected'] },
  InvalidAllowMethodsPreflightResponse: { reason: reason('InvalidAllowMethodsPreflightResponse', 'preflight', 'PUT;GET'), says: ['comma-separated list of methods', 'PUT;GET'] },
  InvalidAllowHeadersPreflightResponse: { reason: reason('InvalidAllowHeadersPreflightResponse', 'preflight', 'a b'), says: ['comma-separated list of header names'] },
  MethodDisallowedByPreflightResponse: { reason: reason('MethodDisallowedByPreflightResponse', 'preflight', 'PUT'), says: ['add `PUT` to `Access-Control-Allow-Methods`'], header: ['Access-Control-Allow-Methods', 'PUT'] },
  HeaderDisallowedByPreflightResponse: { reason: reason('HeaderDisallowedByPreflightResponse', 'preflight', 'content-type'), says: ['add `content-type` to `Access-Control-Allow-Headers`', 'application/json'] },
  RedirectContainsCredentials: { reason: reason('RedirectContainsCredentials', 'redirect', 'http://u:p@x/'), says: ['user name and password', 'http://u:p@x/'] },
  NoCorsRedirectModeNotFollow: { reason: reason('NoCorsRedirectModeNotFollow', 'request'), says: ["redirect 'follow'"] },
  Network: { reason: reason('Network', 'actual', undefined, { netError: 'ERR_CONNECTION_REFUSED' }), says: ['not a CORS problem', 'ERR_CONNECTION_REFUSED', URL_] },
  TypeError: { reason: reason('TypeError', 'request', undefined, { requestError: 'invalid-method', explanation: "'GE T' is not a valid method." }), says: ['fix the fetch() call', 'GE T'] },
};

describe('fixFor: one fix per failure code', () => {
  for (const [code, row] of Object.entries(TABLE)) {
    it(`${code}: ${row.says[0]}`, () => {
      const fix = fixFor(row.reason, ctx) as Fix;
      expect(fix).not.toBeNull();
      const text = [fix.summary, ...(fix.notes ?? [])].join('\n');
      for (const s of row.says) expect(text).toContain(s);
      if (row.header) expect(fix.headers).toContainEqual(row.header);
    });
  }

  it('is pure: the same reason and request give the same fix', () => {
    const r = TABLE.HeaderDisallowedByPreflightResponse.reason;
    expect(fixFor(r, ctx)).toEqual(fixFor(r, ctx));
  });

  it('an unknown code gets no fix rather than a wrong one', () => {
    expect(fixFor({ ...TABLE.Network.reason, code: 'Nonsense' as FailureCode }, ctx)).toBeNull();
  });

  it('adds the missing method to what the preflight allowed, instead of replacing the list', () => {
    const fix = fixFor(TABLE.MethodDisallowedByPreflightResponse.reason, { ...ctx, preflightAllowed: { methods: ['GET', 'POST'], headerNames: [] } }) as Fix;
    expect(fix.headers).toEqual([['Access-Control-Allow-Methods', 'GET, POST, PUT']]);
  });

  it('adds the missing header names to what the preflight allowed, each once', () => {
    const fix = fixFor(TABLE.HeaderDisallowedByPreflightResponse.reason,
      { ...ctx, requestHeaderNames: ['Content-Type', 'X-Token'], preflightAllowed: { methods: [], headerNames: ['X-Token', 'x-trace'] } }) as Fix;
    expect(fix.headers).toEqual([['Access-Control-Allow-Headers', 'X-Token, x-trace, content-type']]);
  });

  it('a name that did not resolve gets the way to map it to a local server', () => {
    const fix = fixFor({ ...TABLE.Network.reason, netError: 'ERR_NAME_NOT_RESOLVED' }, { ...ctx, url: 'http://api.local.test:8080/x' }) as Fix;
    expect(fix.notes?.join(' ')).toContain('--resolve api.local.test=127.0.0.1');
  });

  it("a tainted (null) origin gets a warning that allowing null allows every sandboxed page", () => {
    const fix = fixFor(TABLE.MissingAllowOriginHeader.reason, { ...ctx, origin: 'null' }) as Fix;
    expect(fix.notes?.join(' ')).toMatch(/sandboxed/);
  });
});

/** A server that answers with fixed headers per method, plus the fix's headers once applied. */
function server(options: Readonly<Record<string, HeaderPairs>>, status: { options?: number } = {}): { transport: Transport; apply(fix: Fix, on: 'OPTIONS' | 'actual'): void } {
  const answers = new Map(Object.entries(options).map(([m, h]) => [m, [...h]]));
  return {
    transport: {
      send(req: WireRequest) {
        const headers = answers.get(req.method) ?? answers.get('*') ?? [];
        return Promise.resolve({ ok: true, response: { status: req.method === 'OPTIONS' ? status.options ?? 204 : 200, statusText: '', headers, body: new Uint8Array() } });
      },
    },
    apply(fix, on) {
      if (on === 'OPTIONS') status.options = 204;
      const key = on === 'OPTIONS' ? 'OPTIONS' : '*';
      const names = new Set((fix.headers ?? []).map(([n]) => n.toLowerCase()));
      answers.set(key, [...(answers.get(key) ?? []).filter(([n]) => !names.has(n.toLowerCase())), ...(fix.headers ?? []).map(([n, v]): [string, string] => [n, v])]);
    },
  };
}

async function run(transport: Transport, url: string, init: FetchInit): Promise<FetchOutcome> {
  return corsFetch(url, init, { page: new URL(`${PAGE}/`), profile: chromium, transport, clock: { now: () => 0 }, cache: new PreflightCache(chromium.preflightCache) });
}

function contextOf(outcome: FetchOutcome, init: FetchInit): FixContext {
  const headerNames = (init.headers as HeaderPairs | undefined ?? []).map(([n]) => n.toLowerCase()).filter((n) => n !== 'accept');
  return { url: outcome.url, method: String(init.method ?? 'GET'), origin: PAGE, credentials: (init.credentials ?? 'same-origin') as FixContext['credentials'], requestHeaderNames: headerNames };
}

describe('fixFor: applying the fix makes the browser allow the request', () => {
  const cases: ReadonlyArray<{ name: string; server: Readonly<Record<string, HeaderPairs>>; init: FetchInit; code: FailureCode; optionsStatus?: number }> = [
    { name: 'preflight without ACAO', server: { OPTIONS: [['Access-Control-Allow-Methods', 'PUT']], '*': [['Access-Control-Allow-Origin', PAGE]] }, init: { method: 'PUT' }, code: 'PreflightMissingAllowOriginHeader' },
    { name: 'wildcard with credentials', server: { '*': [['Access-Control-Allow-Origin', '*']] }, init: { credentials: 'include' }, code: 'WildcardOriginNotAllowed' },
    { name: 'JSON content type not allowed', server: { OPTIONS: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'POST']], '*': [['Access-Control-Allow-Origin', '*']] },
      init: { method: 'POST', headers: [['Content-Type', 'application/json']], body: '{}' }, code: 'HeaderDisallowedByPreflightResponse' },
    { name: 'method not allowed', server: { OPTIONS: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, POST']], '*': [['Access-Control-Allow-Origin', PAGE]] }, init: { method: 'DELETE' }, code: 'MethodDisallowedByPreflightResponse' },
    { name: 'credentials flag missing', server: { '*': [['Access-Control-Allow-Origin', PAGE]] }, init: { credentials: 'include' }, code: 'InvalidAllowCredentials' },
    { name: 'origin mismatch', server: { '*': [['Access-Control-Allow-Origin', 'https://other.example']] }, init: {}, code: 'AllowOriginMismatch' },
    { name: 'preflight 404', server: { OPTIONS: [['Access-Control-Allow-Origin', PAGE]], '*': [['Access-Control-Allow-Origin', PAGE]] }, init: { method: 'PATCH' }, code: 'PreflightInvalidStatus', optionsStatus: 404 },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.code}`, async () => {
      const s = server(c.server, c.optionsStatus === undefined ? {} : { options: c.optionsStatus });
      const url = `${URL_}`;
      let outcome = await run(s.transport, url, c.init);
      // A failure can hide the next one (the actual response after the preflight): apply fixes until it passes.
      for (let round = 0; round < 3 && !outcome.ok; round++) {
        if (round === 0) expect(outcome.reason.code).toBe(c.code);
        const fix = fixFor(outcome.reason, contextOf(outcome, c.init));
        expect(fix?.headers?.length).toBeGreaterThan(0);
        s.apply(fix as Fix, outcome.reason.leg === 'preflight' ? 'OPTIONS' : 'actual');
        outcome = await run(s.transport, url, c.init);
      }
      expect(outcome.ok).toBe(true);
    });
  }
});
