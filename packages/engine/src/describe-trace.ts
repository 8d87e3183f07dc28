/**
 * The one place trace events become sentences. Nothing in the engine calls it: a trace costs its facts,
 * and the words are made when a CLI, a test matcher or the playground reads them.
 */
import type { RedirectChange, TraceEvent, TraceFacts } from './trace.js';

type Describers = { readonly [F in TraceFacts['what']]: (facts: Extract<TraceFacts, { what: F }>) => string };

type Lookup = 'miss' | 'stale' | 'insufficient' | 'discarded';

const LOOKUP: Readonly<Record<Lookup, (url: string, browser: string) => string>> = {
  miss: (url) => `No cached preflight for ${url}.`,
  stale: (url) => `The cached preflight for ${url} expired and was removed.`,
  insufficient: (url) => `The cached preflight for ${url} does not cover this request; it was replaced by a new preflight.`,
  discarded: (url, browser) => `A cached preflight for ${url} exists, but ${browser} discards it at lookup instead of reusing it`
    + ' (see docs/profiles.md).',
};

const CHANGES: { readonly [C in RedirectChange['change']]: (c: Extract<RedirectChange, { change: C }>) => string } = {
  'method-to-get': (c) => `${c.method} becomes GET without a body`,
  'authorization-removed': () => 'Authorization is removed (cross-origin redirect)',
  'client-hints-removed': (c) => `${c.browser} removes the client hints ${c.names.join(', ')}: the page's permissions policy `
    + "delegates them to its own origin only ('self'), and the new URL is on another",
  'origin-tainted': () => "the request's origin is now tainted and serializes as 'null'",
};

const NOT_READ: Readonly<Record<'mode' | 'conditional' | 'network-redirect', (mode: string) => string>> = {
  mode: (mode) => `cache mode ${mode}`,
  conditional: (mode) => `script set a conditional header, so the cache mode is ${mode}`,
  'network-redirect': () => 'the network layer follows a redirect it received without asking the cache',
};

/** What a stored response's `Vary` means for the Origin of the request it answers. */
function varyOrigin(vary: readonly string[]): string {
  if (vary.includes('origin')) return 'its Vary names Origin, and the Origin matches';
  return vary.length ? `its Vary (${vary.join(', ')}) lacks Origin` : 'it has no Vary, so it answers any Origin';
}

const DESCRIBE: Describers = {
  'http-cache-not-read': (f) => `The HTTP cache is not read: ${NOT_READ[f.why](f.mode)}.`,
  'http-cache-miss': (f) => `${f.onlyIfCached ? 'Cache mode only-if-cached: nothing to serve' : 'HTTP cache miss'} for ${f.url}: `
    + `${f.vary === null ? 'nothing is stored for it' : `the stored response's Vary (${f.vary.join(', ')}) does not match this request`}.`,
  'http-cache-hit': (f) => `Served from the HTTP cache${f.mode === 'default' ? '' : ` (cache mode ${f.mode}, fresh or not)`}: `
    + `stored ${f.ageSeconds} s ago, fresh for ${f.freshnessSeconds} s; ${varyOrigin(f.vary)}.`,
  'http-cache-revalidate': (f) => `The stored response (stored ${f.ageSeconds} s ago, fresh for ${f.freshnessSeconds} s) must be validated`
    + `${f.mode === 'default' ? '' : ` (cache mode ${f.mode})`}: ${f.validators.length
      ? `the request carries ${f.validators.map(([n, v]) => `${n}: ${v}`).join(', ')}` : 'it has no validator, so a full request goes out'}.`,
  'http-cache-stored': (f) => `Stored in the HTTP cache, fresh for ${f.freshnessSeconds} s${f.afterRevalidation ? ' (the revalidation answered a new response)' : ''}.`,
  'http-cache-not-modified': (f) => `304 Not Modified: the stored response is served with the 304's headers, fresh for ${f.freshnessSeconds} s.`,
  'http-cache-invalidated': (f) => `${f.method} succeeded: the stored response for ${f.url} is invalidated.`,
  'forbidden-header-dropped': (f) => `${f.name} is a forbidden request-header: the Headers guard ignored it silently`
    + ' and it never reaches the network.',
  'no-cors-header-dropped': (f) => `${f.name}: ${f.value} is not a no-CORS-safelisted request-header:`
    + ' the request-no-cors guard ignored it.',
  'request-constructed': (f) => `${f.method} ${f.url}, mode ${f.mode}, credentials ${f.credentials}, redirect ${f.redirect}`
    + `${f.headerNames.length ? `, headers ${f.headerNames.join(', ')}` : ''}.`,
  'constructor-threw': (f) => `fetch() threw before anything went out: ${f.explanation}`,
  'network-error': (f) => `fetch() rejects: ${f.explanation}`,
  'cache-entries-cleared': (f) => `Removed ${f.removed} preflight cache entr${f.removed === 1 ? 'y' : 'ies'} for ${f.url}.`,
  'same-origin': (f) => `${f.origin} is the page's origin: a same-origin request, no CORS at all.`,
  'opaque-tainting': () => 'Cross-origin no-cors request: the response will be opaque (status 0, no headers, no body).',
  'no-preflight': (f) => `No preflight: ${f.method} is a CORS-safelisted method and every header is CORS-safelisted.`,
  'preflight-needed': (f) => `Preflight needed: ${[
    f.methodUnsafe ? `${f.method} is not a CORS-safelisted method` : '',
    f.unsafeHeaderNames.length ? `CORS-unsafe request-header names: ${f.unsafeHeaderNames.join(', ')}` : '',
    f.namesBeforeRedirect
      ? `${f.namesBeforeRedirect.browser} still counts the unsafe header names the request had before it was redirected `
        + `(${f.namesBeforeRedirect.names.join(', ')})`
      : '',
    f.preflightedBeforeRedirect ? `${f.preflightedBeforeRedirect} preflights again a request that needed a preflight before it was redirected` : '',
  ].filter(Boolean).join('; ')}.`,
  'preflight-cache-lookup': (f) => (f.status === 'hit'
    ? `Cache hit for ${f.url}: no preflight is sent.` : LOOKUP[f.status](f.url, f.browser)),
  'preflight-cache-skipped': (f) => `${f.browser} does not look the preflight cache up for cache mode '${f.cacheMode}'`
    + `${f.conditional ? ' (what a conditional header such as If-None-Match makes of the default mode)' : ''}: `
    + 'the preflight is sent again, and its result is still cached.',
  'preflight-sent': (f) => `OPTIONS ${f.url} with Access-Control-Request-Method: ${f.method}`
    + `${f.requestHeaders !== null ? `, Access-Control-Request-Headers: ${f.requestHeaders}` : ''}, Origin: ${f.origin}; no cookies.`,
  'preflight-network-error': (f) => `The preflight failed below HTTP: net::${f.netError} (${f.detail}).`,
  'preflight-received': (f) => `Preflight answered ${f.status}.`,
  'preflight-rejected': (f) => f.explanation,
  'preflight-passed': (f) => `The preflight response passes: allowed methods [${f.methods.join(', ')}],`
    + ` allowed headers [${f.headerNames.join(', ')}].`,
  'authorization-by-wildcard': (f) => "Authorization was approved only by '*' in Access-Control-Allow-Headers: the spec forbids that, "
    + `${f.browser} allows it (and will not reuse that approval from its cache).`,
  'preflight-stored': (f) => (f.stored
    ? `Cached for ${f.maxAgeSeconds} s (Access-Control-Max-Age: ${f.maxAgeHeader ?? 'absent'}).`
    : `Not cached (Access-Control-Max-Age: ${f.maxAgeHeader ?? 'absent'} gives ${f.maxAgeSeconds} s).`),
  'preflight-stored-despite-failure': (f) => `${f.browser} caches what the preflight approved for ${f.maxAgeSeconds} s`
    + ' although the request is not allowed.',
  'cookies-sent': (f) => (f.cookie === ''
    ? `Credentials are included, but the jar has no cookie to send to ${f.origin}.` : `Cookies sent: ${f.cookie}.`),
  'no-cookies': (f) => `No cookies: credentials mode '${f.credentials}'${f.crossOrigin ? ' on a cross-origin request' : ''}.`,
  'request-sent': (f) => `${f.method} ${f.url}${f.origin !== null ? ` with Origin: ${f.origin}` : ''}.`,
  'request-network-error': (f) => `net::${f.netError} (${f.detail}).`,
  'response-received': (f) => `Answered ${f.status}${f.statusText ? ` ${f.statusText}` : ''}.`,
  'cookies-stored': (f) => `Set-Cookie: stored ${f.stored}`
    + `${f.rejected.length ? `, rejected ${f.rejected.map((x) => `${x.cookie} (${x.why})`).join('; ')}` : ''} (before any CORS check).`,
  'cors-check-failed': (f) => f.explanation,
  'cors-check-passed': (f) => `Access-Control-Allow-Origin: ${f.allowOrigin} allows ${f.origin}${f.credentials ? ' with credentials' : ''}.`,
  'redirected': (f) => `${f.status} to ${f.to}${f.changes.length ? `: ${f.changes.map(describeChange).join('; ')}` : ''}.`,
  'filtered': (f) => `Script gets a ${f.type} response`
    + `${f.type === 'cors' ? ` showing ${f.headerNames.join(', ') || 'no headers'}` : ''}.`,
  'opaque-redirect': () => "Redirect mode 'manual': script gets an opaqueredirect response (status 0).",
  'resolved': (f) => `fetch() resolves with status ${f.status}.`,
  'resolved-opaque-redirect': () => 'fetch() resolves with an opaque-redirect response.',
};

function describeChange(change: RedirectChange): string {
  return (CHANGES[change.change] as (c: RedirectChange) => string)(change);
}

/** What happened at one step, in one sentence. */
export function describeTraceEvent(event: TraceEvent): string {
  return (DESCRIBE[event.facts.what] as (facts: TraceFacts) => string)(event.facts);
}

/** A whole trace, one line per step: a mark (✓ passed, ✗ failed, · neither), the algorithm, the sentence and its anchor. */
export function renderTrace(events: readonly TraceEvent[], indent = ''): string[] {
  return events.map((e) => `${indent}${traceMark(e)} ${e.algorithm}: ${describeTraceEvent(e)} <${e.anchor}>`);
}

/** ✓ for a step that passed, ✗ for one that failed, · for a step that is not a check. */
export function traceMark(event: Pick<TraceEvent, 'ok'>): '✓' | '✗' | '·' {
  return event.ok === undefined ? '·' : event.ok ? '✓' : '✗';
}
