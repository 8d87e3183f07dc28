/**
 * [Filtered responses](https://fetch.spec.whatwg.org/#concept-filtered-response): what script may see of a
 * response, by the request's response tainting.
 */
import type { HeaderPairs } from './ports.js';
import type { CredentialsMode, ResponseTainting } from './request.js';
import { getHeader, isCorsSafelistedResponseHeaderName, isForbiddenResponseHeaderName } from './headers.js';
import { parseTokenList, urlWithoutFragment } from './preflight.js';

export type ResponseType = 'basic' | 'cors' | 'opaque' | 'opaqueredirect';

/** What `fetch()` resolves with, as script sees it. */
export interface FilteredResponse {
  readonly type: ResponseType;
  /** 0 for opaque and opaque-redirect responses. */
  readonly status: number;
  readonly statusText: string;
  /** The response URL (`''` for opaque responses). */
  readonly url: string;
  readonly redirected: boolean;
  /** The visible header list; iterate it with `sortAndCombine` to get what `Headers` yields. */
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

/**
 * The [CORS-exposed header-name list](https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list)
 * from `Access-Control-Expose-Headers`: `'*'` (everything but `Set-Cookie`) when the list holds `*` and the
 * request is not credentialed; otherwise the listed names, where `*` is only a header named `*`.
 * A list that does not parse exposes nothing.
 */
export function corsExposedHeaderNames(headers: HeaderPairs, credentials: CredentialsMode): '*' | string[] {
  const list = parseTokenList(getHeader(headers, 'Access-Control-Expose-Headers'));
  if (list === null) return [];
  if (credentials !== 'include' && list.includes('*')) return '*';
  return list;
}

export interface FilterInput {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  readonly urlList: readonly URL[];
}

/** Applies the filter for `tainting` (basic, CORS or opaque). */
export function filterResponse(tainting: ResponseTainting, response: FilterInput, credentials: CredentialsMode): FilteredResponse {
  // The response URL is serialized without its fragment (https://fetch.spec.whatwg.org/#concept-response-url).
  const last = response.urlList[response.urlList.length - 1];
  const url = last ? urlWithoutFragment(last) : '';
  const redirected = response.urlList.length > 1;
  switch (tainting) {
    case 'basic':
      // https://fetch.spec.whatwg.org/#concept-filtered-response-basic
      return { type: 'basic', status: response.status, statusText: response.statusText, url, redirected,
        headers: response.headers.filter(([n]) => !isForbiddenResponseHeaderName(n)), body: response.body };
    case 'cors': {
      // https://fetch.spec.whatwg.org/#concept-filtered-response-cors
      const exposed = corsExposedHeaderNames(response.headers, credentials);
      const headers = response.headers.filter(([n]) => exposed === '*'
        ? !isForbiddenResponseHeaderName(n)
        : isCorsSafelistedResponseHeaderName(n, exposed));
      return { type: 'cors', status: response.status, statusText: response.statusText, url, redirected, headers, body: response.body };
    }
    case 'opaque':
      // https://fetch.spec.whatwg.org/#concept-filtered-response-opaque
      return { type: 'opaque', status: 0, statusText: '', url: '', redirected: false, headers: [], body: new Uint8Array(0) };
  }
}

/** An [opaque-redirect filtered response](https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect). */
export function opaqueRedirectResponse(url: URL): FilteredResponse {
  return {
    type: 'opaqueredirect', status: 0, statusText: '', url: urlWithoutFragment(url), redirected: false, headers: [], body: new Uint8Array(0),
  };
}
