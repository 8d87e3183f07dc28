/**
 * [CORS protocol and credentials](https://fetch.spec.whatwg.org/#cors-protocol-and-credentials): `*` in
 * `Access-Control-Allow-Origin` never admits a request whose credentials mode is `include`
 * (https://fetch.spec.whatwg.org/#concept-cors-check step 2); `Access-Control-Allow-Credentials` is looked at only
 * for such requests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowCredentialsAnswer, corsRequest, serverAnswer, type GeneratedRequest, type ServerAnswer } from 'corsim/arbitraries';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, corsCheckOracle, echoServer, run, twoLegServer, verdict, type Server } from '../support/engine.js';

const base: GeneratedRequest = { method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'include', redirect: 'follow' };
const permissive = (a: Partial<ServerAnswer>): ServerAnswer => ({
  status: 200, allowOrigin: { kind: 'wildcard', value: '*' }, allowCredentials: ['true'], allowMethods: ['*'], allowHeaders: ['*'],
  maxAge: [], exposeHeaders: ['*'], headers: [], body: '', ...a,
});

describe('credentials and the wildcard (chromium profile)', () => {
  it("credentials 'include' with Access-Control-Allow-Origin '*' is always blocked, whatever else the answer says", async () => {
    const wildcard = serverAnswer({ trusted: PAGE, allowOrigin: ['wildcard'] });
    // Where the `*` is: on every response, or only on the actual one (the preflight then approves everything).
    const where = fc.constantFrom('every response', 'actual response only');
    await checkProperty('include + * is blocked', fc.asyncProperty(
      corsRequest({ kind: 'any', credentials: ['include'] }), wildcard, wildcard, where,
      async (r, preflight, actual, at) => {
        const server: Server = at === 'every response' ? twoLegServer(preflight, actual)
          : (req) => (req.method === 'OPTIONS' && req.headers.some(([n]) => n === 'Access-Control-Request-Method') ? echoServer(req) : twoLegServer(preflight, actual)(req));
        const outcome = await run({ page: PAGE, url: `${API}/r`, init: r, server });
        expect(outcome.ok).toBe(false);
        const v = verdict(outcome);
        expect(v.code).toBe(v.preflighted && at === 'every response' ? 'PreflightWildcardOriginNotAllowed' : 'WildcardOriginNotAllowed');
        return true;
      }), {
      runs: 300,
      examples: [
        [base, permissive({}), permissive({}), 'every response'],
        [{ ...base, method: 'PUT', headers: [['X-Token', '1']] }, permissive({}), permissive({ allowOrigin: { kind: 'wildcard', value: ' *\t' } }), 'actual response only'],
        [base, permissive({ allowCredentials: ['true', 'true'] }), permissive({ allowCredentials: [] }), 'every response'],
      ],
    });
  });

  it("without credentials 'include', Access-Control-Allow-Credentials never changes the verdict, and 'omit' and 'same-origin' agree", async () => {
    const answer = serverAnswer({ trusted: PAGE });
    await checkProperty('ACAC is ignored without include', fc.asyncProperty(
      corsRequest({ kind: 'any', credentials: ['omit', 'same-origin'] }), answer, answer, allowCredentialsAnswer(), allowCredentialsAnswer(),
      async (r, preflight, actual, acac1, acac2) => {
        const url = `${API}/r`;
        const reference = verdict(await run({ page: PAGE, url, init: r, server: twoLegServer(preflight, actual) }));
        const changed = twoLegServer({ ...preflight, allowCredentials: acac1 }, { ...actual, allowCredentials: acac2 });
        expect(verdict(await run({ page: PAGE, url, init: r, server: changed }))).toEqual(reference);
        const other = r.credentials === 'omit' ? 'same-origin' : 'omit';
        expect(verdict(await run({ page: PAGE, url, init: { ...r, credentials: other }, server: twoLegServer(preflight, actual) }))).toEqual(reference);
        return true;
      }), {
      runs: 200,
      examples: [
        [{ ...base, credentials: 'omit' }, permissive({}), permissive({ allowCredentials: [] }), ['false'], ['True']],
        [{ ...base, credentials: 'same-origin', method: 'DELETE' }, permissive({ allowOrigin: { kind: 'reflect' } }), permissive({ allowOrigin: { kind: 'reflect' } }), [], ['"true"']],
      ],
    });
  });

  it('a request that is not preflighted is allowed exactly when the CORS check of the spec passes', async () => {
    const answer = serverAnswer({ trusted: PAGE });
    await checkProperty('verdict = CORS check', fc.asyncProperty(corsRequest({ kind: 'simple' }), answer, async (r, actual) => {
      const outcome = await run({ page: PAGE, url: `${API}/r`, init: r, server: twoLegServer(actual, actual) });
      const exchange = outcome.wire[0]!;
      const origin = exchange.request.headers.find(([n]) => n === 'Origin')![1];
      expect(outcome.ok).toBe(corsCheckOracle(exchange.response!.headers, origin, r.credentials));
      return true;
    }), {
      runs: 300,
      examples: [
        [base, permissive({ allowOrigin: { kind: 'exact', value: PAGE }, allowCredentials: ['true'] })],
        [base, permissive({ allowOrigin: { kind: 'exact', value: PAGE }, allowCredentials: ['true', 'true'] })],
        [{ ...base, credentials: 'omit' }, permissive({ allowOrigin: { kind: 'multiple', lines: ['*', '*'] } })],
        [{ ...base, credentials: 'omit' }, permissive({ allowOrigin: { kind: 'mismatch', value: `${PAGE}/` } })],
        [{ ...base, credentials: 'omit' }, permissive({ allowOrigin: { kind: 'exact', value: ` ${PAGE}\t` } })],
      ],
    });
  });
});
