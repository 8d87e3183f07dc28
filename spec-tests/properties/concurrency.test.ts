/**
 * One simulated page, many `fetch()` calls in flight at once: they share the preflight cache and the cookie jar, and
 * the network answers them in any order (fast-check's scheduler picks it, so an interleaving that breaks replays from
 * the seed). Against a server whose answers depend only on the request, the verdicts are those of the same requests
 * made one by one: the cache may save preflights, never change an outcome.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBrowser, VirtualClock } from 'corsim';
import type { FetchOutcome, Transport } from '@corsim/engine';
import { corsRequest, serverAnswer, type GeneratedRequest, type ServerAnswer } from 'corsim/arbitraries';
import { checkProperty } from '../support/fc-params.js';
import { API, PAGE, serverTransport, twoLegServer, type Server } from '../support/engine.js';

const URLS = [`${API}/a`, `${API}/b`, 'https://b.example.test/c'];

/** What must not depend on timing: allowed or not, the reason, the status and the visible headers. */
function outcomeOf(o: FetchOutcome): unknown {
  return o.ok ? { ok: true, status: o.response.status, type: o.response.type, headers: o.response.headers } : { ok: false, code: o.reason.code, leg: o.reason.leg };
}

const answerFor = (a: Partial<ServerAnswer>): ServerAnswer => ({
  status: 200, allowOrigin: { kind: 'reflect' }, allowCredentials: ['true'], allowMethods: [], allowHeaders: [], maxAge: ['600'], exposeHeaders: [], headers: [], body: 'x', ...a,
});
const req = (r: Partial<GeneratedRequest>): GeneratedRequest => ({ method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'omit', redirect: 'follow', ...r });

describe('concurrency (chromium profile)', () => {
  it('many concurrent fetches through one browser give the verdicts of the same fetches made one by one', async () => {
    const perUrl = fc.tuple(...URLS.map(() => fc.tuple(serverAnswer({ trusted: PAGE, lists: 'valid' }), serverAnswer({ trusted: PAGE }))));
    const requests = fc.array(fc.tuple(fc.nat(URLS.length - 1), corsRequest({ kind: 'any' })), { minLength: 2, maxLength: 10 });
    await checkProperty('concurrent = sequential', fc.asyncProperty(perUrl, requests, fc.scheduler(), async (answers, reqs, s) => {
      const servers = new Map(URLS.map((u, i) => [new URL(u).pathname, twoLegServer(...(answers[i] as [ServerAnswer, ServerAnswer]))]));
      const server: Server = (request) => (servers.get(new URL(request.url).pathname) as Server)(request);

      const one = createBrowser({ origin: PAGE, transport: serverTransport(server), clock: new VirtualClock() });
      const sequential: FetchOutcome[] = [];
      for (const [u, r] of reqs) sequential.push(await one.outcome(URLS[u] as string, r));

      const scheduled: Transport = { send: (request) => s.schedule(Promise.resolve({ ok: true as const, response: server(request) }), `${request.method} ${request.url}`) };
      const many = createBrowser({ origin: PAGE, transport: scheduled, clock: new VirtualClock() });
      const concurrent = await s.waitFor(Promise.all(reqs.map(([u, r]) => many.outcome(URLS[u] as string, r))));

      expect(concurrent.map(outcomeOf)).toEqual(sequential.map(outcomeOf));
      expect(many.cache.size).toBeLessThanOrEqual(URLS.length);
      return true;
    }), {
      runs: 150,
      examples: [[
        [
          [answerFor({ allowMethods: ['PUT'], allowHeaders: ['x-a'] }), answerFor({})],
          [answerFor({ allowMethods: ['*'] }), answerFor({ allowOrigin: { kind: 'wildcard', value: '*' } })],
          [answerFor({ status: 204, allowMethods: ['DELETE'] }), answerFor({ exposeHeaders: ['*'] })],
        ],
        [[0, req({ method: 'PUT', headers: [['X-A', '1']] })], [0, req({ method: 'DELETE' })], [0, req({ method: 'PUT', headers: [['X-B', '1']] })],
          [1, req({ method: 'PATCH', credentials: 'include' })], [1, req({ method: 'PATCH' })], [2, req({ method: 'DELETE', credentials: 'include' })]],
        fc.sample(fc.scheduler(), { seed: 7, numRuns: 1 })[0]!,
      ]],
    });
  });
});
