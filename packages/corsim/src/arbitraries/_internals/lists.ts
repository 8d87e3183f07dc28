/**
 * The Fetch Standard's fixed lists, written out here from the spec text rather than imported from the engine:
 * the arbitraries are an independent oracle, so a bug in the engine's lists cannot hide in the generators too.
 */

/** [CORS-safelisted method](https://fetch.spec.whatwg.org/#cors-safelisted-method)s. */
export const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'] as const;

/** [Forbidden method](https://fetch.spec.whatwg.org/#forbidden-method)s (matched case-insensitively). */
export const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'] as const;

/** The methods [normalize](https://fetch.spec.whatwg.org/#concept-method-normalize) upper-cases. */
export const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'] as const;

/** Names of [CORS-safelisted request-header](https://fetch.spec.whatwg.org/#cors-safelisted-request-header)s (each with a value rule). */
export const SAFELISTED_REQUEST_HEADER_NAMES = ['accept', 'accept-language', 'content-language', 'content-type', 'range'] as const;
export type SafelistedRequestHeaderName = (typeof SAFELISTED_REQUEST_HEADER_NAMES)[number];

/** The fixed part of the [forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header) list. */
export const FORBIDDEN_REQUEST_HEADER_NAMES = [
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin',
  'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
] as const;

/** Headers that are forbidden only when one of their values is a forbidden method. */
export const METHOD_OVERRIDE_HEADER_NAMES = ['x-http-method', 'x-http-method-override', 'x-method-override'] as const;

/** Names Chromium forbids on top of the spec's list. */
export const CHROMIUM_EXTRA_FORBIDDEN_HEADER_NAMES = ['user-agent', 'access-control-request-private-network'] as const;

/**
 * Names some browser safelists on top of the spec (Chromium's client hints, `Save-Data`, `Intervention`) or that the
 * spec itself once listed (`Last-Event-ID`): a "custom" header never uses them, so it is unsafe in every profile.
 */
export const BROWSER_SAFELISTED_EXTRA_NAMES = [
  'device-memory', 'dpr', 'width', 'viewport-width', 'rtt', 'downlink', 'ect', 'save-data', 'intervention', 'last-event-id',
] as const;

/** [CORS-safelisted response-header name](https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name)s. */
export const SAFELISTED_RESPONSE_HEADER_NAMES = [
  'cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma',
] as const;

/** [Forbidden response-header name](https://fetch.spec.whatwg.org/#forbidden-response-header-name)s. */
export const FORBIDDEN_RESPONSE_HEADER_NAMES = ['set-cookie', 'set-cookie2'] as const;

/** RFC 9110 `tchar`: the characters of a `token` (header names, methods). */
export const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The [CORS-unsafe request-header byte](https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte)s that are printable. */
export const CORS_UNSAFE_PRINTABLE_BYTES = '"():<>?@[\\]{}';

/** Whether `name` (any case) is a forbidden request-header name by name alone (list or `proxy-` / `sec-` prefix). */
export function isForbiddenName(name: string): boolean {
  const lower = name.toLowerCase();
  return (FORBIDDEN_REQUEST_HEADER_NAMES as readonly string[]).includes(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** Whether `name` (any case) is neither forbidden, nor safelisted by the spec or a browser, nor a method-override name. */
export function isCustomName(name: string): boolean {
  const lower = name.toLowerCase();
  return !isForbiddenName(lower)
    && !(CHROMIUM_EXTRA_FORBIDDEN_HEADER_NAMES as readonly string[]).includes(lower)
    && !(SAFELISTED_REQUEST_HEADER_NAMES as readonly string[]).includes(lower)
    && !(BROWSER_SAFELISTED_EXTRA_NAMES as readonly string[]).includes(lower)
    && !(METHOD_OVERRIDE_HEADER_NAMES as readonly string[]).includes(lower);
}
