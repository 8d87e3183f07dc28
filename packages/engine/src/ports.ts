/**
 * The engine's ports: everything that is not pure computation comes in through these
 * interfaces (time, the network, the cookie jar), so the engine runs unchanged in Node and
 * in a browser page.
 */

/** A header list as it travels on the wire: ordered `[name, value]` pairs, duplicates kept. */
export type HeaderPairs = Array<[name: string, value: string]>;

/** A request as the user agent puts it on the network (after CORS decided what may go out). */
export interface WireRequest {
  readonly method: string;
  /** Absolute URL, serialized. */
  readonly url: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array | null;
}

/** A response as it came off the network, before any filtering. */
export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

/**
 * Chromium's `net::` error names for failures below HTTP. A browser shows only
 * `TypeError: Failed to fetch` to script; the name appears in its console line.
 */
export type NetErrorName =
  | 'ERR_FAILED'
  | 'ERR_CONNECTION_REFUSED'
  | 'ERR_CONNECTION_RESET'
  | 'ERR_CONNECTION_CLOSED'
  | 'ERR_EMPTY_RESPONSE'
  | 'ERR_TIMED_OUT'
  | 'ERR_NAME_NOT_RESOLVED'
  | 'ERR_INVALID_HTTP_RESPONSE'
  | 'ERR_RESPONSE_HEADERS_TOO_BIG'
  | 'ERR_CONTENT_LENGTH_MISMATCH'
  | 'ERR_INCOMPLETE_CHUNKED_ENCODING'
  | 'ERR_INVALID_REDIRECT'
  | 'ERR_TOO_MANY_REDIRECTS'
  | 'ERR_UNSAFE_REDIRECT'
  | 'ERR_CACHE_MISS'
  | 'ERR_INVALID_ARGUMENT'
  /** Differing `Content-Length` lines in one response. */
  | 'ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH'
  /** A body that does not decode by its `Content-Encoding`, or uses a coding the request did not accept. */
  | 'ERR_CONTENT_DECODING_FAILED'
  /** corsim's own bound: a body (or its decoded form) over the transport's `maxBodyBytes`. */
  | 'ERR_INSUFFICIENT_RESOURCES';

/** What a transport hands back: a response, or a failure below HTTP as a value. */
export type NetworkResult =
  | { readonly ok: true; readonly response: WireResponse }
  | { readonly ok: false; readonly netError: NetErrorName; readonly detail: string };

/**
 * The network port. A transport sends one request and resolves with what the server answered,
 * or with a network failure. It never follows redirects and never adds headers of its own
 * beyond framing (`Host`, `Content-Length`). A transport that throws is treated as `ERR_FAILED`.
 */
export interface Transport {
  send(request: WireRequest): Promise<NetworkResult>;
}

/** The clock port: milliseconds on any monotonic scale. The preflight cache reads it; nothing else does. */
export interface Clock {
  now(): number;
}

/**
 * The same-site context of a request for the cookie jar, as the Fetch Standard's
 * HTTP-network-or-cache fetch derives it from the request's redirect-taint and the site of the page.
 */
export type SameSiteContext = 'strict' | 'lax' | 'none';

/** The cookie-jar port. Implementations decide storage policy (SameSite defaults, third-party blocking). */
export interface CookieStore {
  /** The `Cookie` header value to send for `url`, or `''` for none. */
  getCookieHeader(url: string, context: CookieContext): string;
  /** Store the `Set-Cookie` values of a response from `url`. Rejected cookies are reported, not thrown. */
  setCookies(url: string, setCookieValues: readonly string[], context: CookieContext): CookieStoreReport;
}

export interface CookieContext {
  /** The page (top-level site for cookie purposes) that initiated the fetch. */
  readonly pageUrl: string;
  readonly sameSite: SameSiteContext;
  /** True when the request's URL is cross-site to the page ("third-party" for blocking policies). */
  readonly crossSite: boolean;
}

export interface CookieStoreReport {
  readonly stored: readonly string[];
  readonly rejected: ReadonlyArray<{ readonly cookie: string; readonly why: string }>;
}
