/**
 * The [request](https://fetch.spec.whatwg.org/#concept-request) concept and what the
 * [`Request` constructor](https://fetch.spec.whatwg.org/#dom-request) does to script's input before anything
 * goes out: URL parsing, method validation and normalization, the Headers guard that silently drops
 * forbidden headers, and the body's default `Content-Type`.
 */
import type { HeaderPairs } from './ports.js';
import type { FailureReason, RequestErrorKind } from './reasons.js';
import { SPEC } from './spec.js';
import { isCorsSafelistedMethod, isForbiddenMethod, isMethod, normalizeMethod } from './methods.js';
import { combineHeaderList, getHeader, isForbiddenRequestHeader, isNoCorsSafelistedRequestHeader } from './headers.js';
import { isHeaderName, isHeaderValue, normalizeHeaderValue } from './http-syntax.js';
import type { Trace } from './trace.js';
import { REQUEST_CACHE_MODES, type RequestCache } from './http-cache.js';

/** [Request mode](https://fetch.spec.whatwg.org/#concept-request-mode). */
export type RequestMode = 'navigate' | 'same-origin' | 'no-cors' | 'cors';
/** [Credentials mode](https://fetch.spec.whatwg.org/#concept-request-credentials-mode). */
export type CredentialsMode = 'omit' | 'same-origin' | 'include';
/** [Redirect mode](https://fetch.spec.whatwg.org/#concept-request-redirect-mode). */
export type RedirectMode = 'follow' | 'error' | 'manual';
/** [Response tainting](https://fetch.spec.whatwg.org/#concept-request-response-tainting). */
export type ResponseTainting = 'basic' | 'cors' | 'opaque';

const MODES: readonly string[] = ['navigate', 'same-origin', 'no-cors', 'cors'];
const CREDENTIALS: readonly string[] = ['omit', 'same-origin', 'include'];
const REDIRECTS: readonly string[] = ['follow', 'error', 'manual'];
const UTF8 = new TextEncoder();

/** What script passes to `fetch(url, init)`, restricted to the members that matter to CORS. */
export interface FetchInit {
  readonly method?: string;
  readonly headers?: HeaderPairs | Readonly<Record<string, string>>;
  /** A string body is UTF-8 encoded and gets `Content-Type: text/plain;charset=UTF-8` unless one is set. */
  readonly body?: string | Uint8Array | null;
  readonly mode?: string;
  readonly credentials?: string;
  readonly redirect?: string;
  /** The [cache mode](https://fetch.spec.whatwg.org/#concept-request-cache-mode); `default` when absent. */
  readonly cache?: string;
}

/** A request after construction: what main fetch starts from. */
export interface ConstructedRequest {
  readonly url: URL;
  /** Normalized. */
  readonly method: string;
  /** After the Headers guard; duplicates combined as Chromium does, unless the options say otherwise. */
  readonly headers: HeaderPairs;
  readonly body: Uint8Array | null;
  readonly mode: Exclude<RequestMode, 'navigate'>;
  readonly credentials: CredentialsMode;
  readonly redirect: RedirectMode;
  readonly cache: RequestCache;
}

export type ConstructResult =
  | { readonly ok: true; readonly request: ConstructedRequest }
  | { readonly ok: false; readonly reason: FailureReason };

export interface ConstructOptions {
  /** The page's URL: relative URLs resolve against it. */
  readonly baseUrl: URL;
  /** Forbidden request-header names a browser adds to the spec's list. */
  readonly extraForbiddenHeaders?: ReadonlySet<string>;
  /**
   * Whether entries with the same name are combined into one `a, b` entry (Chromium, WebKit; the default) or
   * kept apart as the spec's header list keeps them (Firefox).
   */
  readonly combineDuplicateHeaders?: boolean;
  readonly trace?: Trace;
}

function typeError(kind: RequestErrorKind, explanation: string, parameter?: string): ConstructResult {
  const reason: FailureReason = parameter === undefined
    ? { code: 'TypeError', leg: 'request', anchor: SPEC.requestConstructor, requestError: kind, explanation }
    : { code: 'TypeError', leg: 'request', anchor: SPEC.requestConstructor, requestError: kind, explanation, parameter };
  return { ok: false, reason };
}

/** The init's headers as pairs, or `null` when they are neither a sequence of [name, value] pairs nor a record (WebIDL `HeadersInit`). */
function headerPairs(headers: FetchInit['headers']): HeaderPairs | null {
  if (headers === undefined) return [];
  const iterable = typeof headers === 'object' && headers !== null
    && typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  if (iterable) {
    const pairs: HeaderPairs = [];
    for (const pair of headers as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2) return null;
      pairs.push([String(pair[0]), String(pair[1])]);
    }
    return pairs;
  }
  if (typeof headers !== 'object' || headers === null) return null;
  return Object.entries(headers).map(([n, v]) => [n, String(v)]);
}

/**
 * Does what `new Request(input, init)` does, as far as CORS can observe: returns the request, or the
 * `TypeError` the constructor would throw.
 */
export function constructRequest(input: string, givenInit: FetchInit | null | undefined, options: ConstructOptions): ConstructResult {
  // WebIDL: a null or undefined RequestInit is an empty dictionary.
  const init: FetchInit = givenInit ?? {};
  let url: URL;
  try {
    url = new URL(input, options.baseUrl);
  } catch {
    return typeError('invalid-url', `'${input}' is not a valid URL.`, input);
  }
  if (url.username !== '' || url.password !== '') {
    return typeError('url-has-credentials', 'A request URL must not include a username or password.', url.href);
  }
  const mode = init.mode === undefined ? 'cors' : String(init.mode);
  if (!MODES.includes(mode)) return typeError('invalid-init', `'${mode}' is not a request mode.`, mode);
  if (mode === 'navigate') return typeError('mode-navigate', "A script cannot construct a request whose mode is 'navigate'.", mode);
  const credentials = init.credentials === undefined ? 'same-origin' : String(init.credentials);
  if (!CREDENTIALS.includes(credentials)) return typeError('invalid-init', `'${credentials}' is not a credentials mode.`, credentials);
  const redirect = init.redirect === undefined ? 'follow' : String(init.redirect);
  if (!REDIRECTS.includes(redirect)) return typeError('invalid-init', `'${redirect}' is not a redirect mode.`, redirect);
  const cache = init.cache === undefined ? 'default' : String(init.cache);
  if (!(REQUEST_CACHE_MODES as readonly string[]).includes(cache)) return typeError('invalid-init', `'${cache}' is not a cache mode.`, cache);
  if (cache === 'only-if-cached' && mode !== 'same-origin') {
    return typeError('only-if-cached-not-same-origin', "Cache mode 'only-if-cached' needs request mode 'same-origin'.", mode);
  }

  // WebIDL ByteString / enum conversions: whatever script passed is first made a string.
  let method = init.method === undefined ? 'GET' : String(init.method);
  if (!isMethod(method)) return typeError('invalid-method', `'${method}' is not a valid HTTP method.`, method);
  if (isForbiddenMethod(method)) return typeError('forbidden-method', `'${method}' is a forbidden method.`, method);
  method = normalizeMethod(method);
  if (mode === 'no-cors' && !isCorsSafelistedMethod(method)) {
    return typeError('method-not-allowed-in-no-cors', `'${method}' is not allowed in no-cors mode: only GET, HEAD and POST are.`, method);
  }

  // The Headers object: validate, then apply the guard (`request`, or `request-no-cors`).
  const guarded = guardedHeaders(init.headers, mode, options);
  if (!Array.isArray(guarded)) return guarded;

  let body: Uint8Array | null = null;
  if (init.body !== undefined && init.body !== null) {
    if (method === 'GET' || method === 'HEAD') {
      return typeError('body-with-get-or-head', 'A request with a GET or HEAD method cannot have a body.', method);
    }
    if (typeof init.body === 'string') {
      body = UTF8.encode(init.body);
      // Extracting a body from a string gives `text/plain;charset=UTF-8`, appended if not set.
      if (getHeader(guarded, 'Content-Type') === null) guarded.push(['Content-Type', 'text/plain;charset=UTF-8']);
    } else {
      body = init.body;
    }
  }

  return {
    ok: true,
    request: {
      url, method, headers: options.combineDuplicateHeaders === false ? guarded : combineHeaderList(guarded), body,
      mode: mode as ConstructedRequest['mode'], credentials: credentials as CredentialsMode, redirect: redirect as RedirectMode,
      cache: cache as RequestCache,
    },
  };
}

/** The request's header list: `init.headers` validated, then filtered by the `request` or `request-no-cors` guard. */
function guardedHeaders(headers: FetchInit['headers'], mode: string, options: ConstructOptions): HeaderPairs | ConstructResult {
  const { trace } = options;
  const guarded: HeaderPairs = [];
  const pairs = headerPairs(headers);
  if (pairs === null) {
    return typeError('invalid-init', 'The headers must be a sequence of [name, value] pairs or a record of names to values.', 'headers');
  }
  for (const [rawName, rawValue] of pairs) {
    const value = normalizeHeaderValue(rawValue);
    if (!isHeaderName(rawName)) return typeError('invalid-header-name', `'${rawName}' is not a valid header name.`, rawName);
    if (!isHeaderValue(value)) return typeError('invalid-header-value', `The value of '${rawName}' is not a valid header value.`, rawName);
    if (isForbiddenRequestHeader(rawName, value, options.extraForbiddenHeaders)) {
      trace?.add({ what: 'forbidden-header-dropped', name: rawName });
      continue;
    }
    if (mode === 'no-cors') {
      const existing = getHeader(guarded, rawName);
      const combined = existing === null ? value : `${existing}, ${value}`;
      if (!isNoCorsSafelistedRequestHeader(rawName, combined)) {
        trace?.add({ what: 'no-cors-header-dropped', name: rawName, value });
        continue;
      }
    }
    guarded.push([rawName, value]);
  }
  return guarded;
}
