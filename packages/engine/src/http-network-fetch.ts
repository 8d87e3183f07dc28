/**
 * [HTTP-network fetch](https://fetch.spec.whatwg.org/#concept-http-network-fetch): the request goes out
 * through the Transport port, what comes back is checked as a browser's HTTP parser would, and the response's
 * `Set-Cookie` values reach the cookie jar (before any CORS check, as in browsers).
 */
import type { CookieContext, HeaderPairs, NetworkResult, Transport, WireRequest, WireResponse } from './ports.js';
import { currentUrl, networkError, type FetchParams, type NetworkError } from './fetch-params.js';
import { isToken, trimTabOrSpace } from './http-syntax.js';
import { SPEC } from './spec.js';

/** How the request's credentials apply to this hop: whether cookies go and come back, and in which site context. */
export interface CredentialsUse {
  readonly include: boolean;
  readonly cookieContext: CookieContext;
}

/** A response as it came off the network, before the CORS check. */
export interface NetworkResponse {
  readonly ok: true;
  readonly response: WireResponse;
}

export async function httpNetworkFetch(params: FetchParams, request: WireRequest, credentials: CredentialsUse):
  Promise<NetworkResponse | NetworkError> {
  const { env, trace, wire } = params;
  const sent = await transportFetch(env.transport, request);
  if (!sent.ok) {
    wire.push({ leg: 'actual', request, netError: { name: sent.netError, detail: sent.detail } });
    trace.add({ what: 'request-network-error', netError: sent.netError, detail: sent.detail }, false);
    return networkError(params, {
      code: 'Network', leg: params.request.urlList.length > 1 ? 'redirect' : 'actual', anchor: SPEC.httpFetch,
      explanation: `The request failed: net::${sent.netError}.`, netError: sent.netError,
    });
  }
  const response = sent.response;
  wire.push({ leg: 'actual', request, response });
  trace.add({ what: 'response-received', status: response.status, statusText: response.statusText });
  if (credentials.include && env.cookies) {
    const setCookies = response.headers.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v);
    if (setCookies.length) {
      const report = env.cookies.setCookies(currentUrl(params).href, setCookies, credentials.cookieContext);
      trace.add({ what: 'cookies-stored', stored: report.stored.length, rejected: report.rejected });
    }
  }
  return { ok: true, response };
}

/**
 * Sends through the transport; a transport that throws or answers something else than a `NetworkResult` counts as
 * `ERR_FAILED`. Response header values are trimmed as an HTTP parser would.
 */
export async function transportFetch(transport: Transport, request: WireRequest): Promise<NetworkResult> {
  try {
    const result: unknown = await transport.send(request);
    if (typeof result !== 'object' || result === null || !('ok' in result)) {
      return { ok: false, netError: 'ERR_FAILED', detail: 'the transport answered something that is not a NetworkResult' };
    }
    const answer = result as NetworkResult;
    if (!answer.ok) {
      const name = typeof answer.netError === 'string' && /^ERR_[A-Z_]+$/.test(answer.netError) ? answer.netError : 'ERR_FAILED';
      return { ok: false, netError: name, detail: typeof answer.detail === 'string' ? answer.detail : String(answer.detail) };
    }
    return checkedResponse(answer.response);
  } catch (error) {
    return { ok: false, netError: 'ERR_FAILED', detail: describe(error) };
  }
}

/**
 * What a browser's HTTP parser refuses never reaches the CORS checks: the status must be three digits, header
 * names tokens and values bytes without NUL, CR or LF, and the body bytes.
 */
function checkedResponse(r: WireResponse): NetworkResult {
  if (!Number.isInteger(r.status) || r.status < 100 || r.status > 999) {
    return { ok: false, netError: 'ERR_INVALID_HTTP_RESPONSE', detail: `status ${String(r.status)} is not a valid HTTP status` };
  }
  if (!Array.isArray(r.headers)) {
    return { ok: false, netError: 'ERR_INVALID_HTTP_RESPONSE', detail: 'the response headers are not a list' };
  }
  // Chromium refuses a response head over 256 KiB; no real header list has more entries than that has bytes.
  if (r.headers.length > MAX_RESPONSE_HEADERS) {
    return { ok: false, netError: 'ERR_RESPONSE_HEADERS_TOO_BIG', detail: `${r.headers.length} response headers` };
  }
  // An index loop, not every()/map(): they skip the holes of a sparse array, which would pass unchecked. The list
  // is copied (trimmed), so that what the transport does with its own objects later reaches no outcome.
  const headers: HeaderPairs = new Array<[string, string]>(r.headers.length);
  for (let i = 0; i < r.headers.length; i++) {
    const header: unknown = r.headers[i];
    if (!isHeaderPair(header)) {
      return { ok: false, netError: 'ERR_INVALID_HTTP_RESPONSE', detail: 'a response header is not a valid HTTP header' };
    }
    headers[i] = [header[0], trimTabOrSpace(header[1])];
  }
  if (!(r.body instanceof Uint8Array)) {
    return { ok: false, netError: 'ERR_INVALID_HTTP_RESPONSE', detail: 'the response body is not bytes' };
  }
  const statusText = typeof r.statusText === 'string' ? r.statusText : '';
  return { ok: true, response: { ...r, statusText, headers } };
}

const MAX_RESPONSE_HEADERS = 256 * 1024;

function isHeaderPair(h: unknown): h is [string, string] {
  return Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string'
    && isToken(h[0]) && !/[\0\r\n]|[^\x00-\xff]/.test(h[1]);
}

/** A one-line description of anything a transport threw, even what String() cannot convert. */
function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'the transport failed with a value that cannot be described';
  }
}
