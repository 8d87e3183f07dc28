/**
 * [Fetch](https://fetch.spec.whatwg.org/#fetching) as a page's `fetch()` runs it, restricted to what CORS
 * decides. `corsFetch` constructs the request, runs [main fetch](https://fetch.spec.whatwg.org/#concept-main-fetch)
 * (main-fetch.ts, then http-fetch.ts, cors-preflight-fetch.ts, http-network-or-cache-fetch.ts,
 * http-redirect-fetch.ts) and turns what it returns into the outcome script and the console see.
 */
import { constructRequest, type FetchInit } from './request.js';
import { createFetchParams, currentUrl, messageContext } from './fetch-params.js';
import type { FetchEnvironment, FetchOutcome, FetchParams, FetchResponse } from './fetch-params.js';
import { mainFetch } from './main-fetch.js';
import { originOf, serializeOrigin } from './origin.js';
import { Trace } from './trace.js';
import type { FailureReason } from './reasons.js';
import type { BrowserProfile, MessageContext } from './profiles/profile.js';

export type { FetchEnvironment, FetchOutcome, WireExchange } from './fetch-params.js';

/** Runs `fetch(input, init)` from a page at `env.page`. Never throws for policy or network outcomes. */
export async function corsFetch(input: string, givenInit: FetchInit | null | undefined, env: FetchEnvironment): Promise<FetchOutcome> {
  // WebIDL: a null or undefined RequestInit is an empty dictionary.
  const init: FetchInit = givenInit ?? {};
  const { profile } = env;
  const trace = new Trace();
  const constructed = constructRequest(input, init, {
    baseUrl: env.page, extraForbiddenHeaders: profile.extraForbiddenHeaders,
    combineDuplicateHeaders: profile.combineDuplicateRequestHeaders, trace,
  });
  if (!constructed.ok) {
    const { reason } = constructed;
    trace.add({ what: 'constructor-threw', explanation: reason.explanation }, false, reason.anchor);
    const page = { env, serializedPageOrigin: serializeOrigin(originOf(env.page)) };
    const context = messageContext(page, input, input, String(init.method ?? 'GET'), {});
    return { ok: false, reason, exception: profile.exception(reason), ...consoleOf(profile, reason, context), initialUrl: input, url: input, trace: trace.events, wire: [] };
  }
  const r = constructed.request;
  trace.add({
    what: 'request-constructed', method: r.method, url: r.url.href, mode: r.mode, credentials: r.credentials, redirect: r.redirect,
    headerNames: r.headers.map(([n]) => n),
  });
  const params = createFetchParams(r, env, trace);
  return fetchOutcome(params, await mainFetch(params));
}

/** The outcome of the fetch: the response script gets, or the TypeError and console lines of its network error. */
function fetchOutcome(params: FetchParams, response: FetchResponse): FetchOutcome {
  const { trace, wire, initialUrl, env: { profile } } = params;
  if (!response.ok) {
    const { reason, context } = response;
    return { ok: false, reason, exception: profile.exception(reason), ...consoleOf(profile, reason, context), initialUrl, url: context.url, trace: trace.events, wire };
  }
  const filtered = response.response;
  if (filtered.type === 'opaqueredirect') trace.add({ what: 'resolved-opaque-redirect' }, true);
  else trace.add({ what: 'resolved', status: filtered.status }, true);
  return {
    ok: true, response: filtered, initialUrl, url: currentUrl(params).href, trace: trace.events, wire,
    console: response.received ? profile.responseConsoleLines(response.received) : [],
  };
}

/** Every console line of a failure: the reason lines (the first states it), then the loader's. */
function consoleOf(profile: BrowserProfile, reason: FailureReason, context: MessageContext): { console: string[]; reasonLine?: number } {
  const lines = profile.consoleLines(reason, context);
  return { console: [...lines, ...profile.failureTrailerLines(reason, context, lines)], ...(lines.length > 0 ? { reasonLine: 0 } : {}) };
}
