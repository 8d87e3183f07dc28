/**
 * Methods: the CORS-safelisted set, the forbidden set and normalization.
 */
import { isToken } from './http-syntax.js';

const SAFELISTED = new Set(['GET', 'HEAD', 'POST']);
const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/**
 * [CORS-safelisted method](https://fetch.spec.whatwg.org/#cors-safelisted-method): `GET`, `HEAD` or `POST`, byte for byte.
 * Methods reach this check normalized, so `get` has already become `GET`, while `patch` stays `patch`.
 */
export function isCorsSafelistedMethod(method: string): boolean {
  return SAFELISTED.has(method);
}

/** [Forbidden method](https://fetch.spec.whatwg.org/#forbidden-method): `CONNECT`, `TRACE`, `TRACK`, in any case. */
export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN.has(method.toUpperCase());
}

/**
 * [Normalize](https://fetch.spec.whatwg.org/#concept-method-normalize) a method: only the six methods
 * DELETE GET HEAD OPTIONS POST PUT are upper-cased. `patch` stays `patch`, and then
 * `Access-Control-Allow-Methods: PATCH` does not approve it.
 */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED.has(upper) ? upper : method;
}

/** A [method](https://fetch.spec.whatwg.org/#concept-method) is a byte sequence that matches the `token` production. */
export function isMethod(method: string): boolean {
  return isToken(method);
}
