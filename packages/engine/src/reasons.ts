/**
 * Why a fetch failed, as a value. Codes are Chromium's `network::mojom::CorsError` names (the vocabulary of
 * the result format), plus `Network` for failures that are not CORS's and `TypeError` for requests that
 * `fetch()` refused before anything went out.
 */
import type { NetErrorName } from './ports.js';
import type { SpecAnchor } from './spec.js';

/** Chromium's `CorsError` values modelled by the engine (the 22 that do not concern Private Network Access). */
export type CorsErrorCode =
  | 'DisallowedByMode'
  | 'InvalidResponse'
  | 'WildcardOriginNotAllowed'
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'InvalidAllowCredentials'
  | 'CorsDisabledScheme'
  | 'PreflightInvalidStatus'
  | 'PreflightDisallowedRedirect'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightInvalidAllowCredentials'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse'
  | 'RedirectContainsCredentials';

/** Codes for failures that are not a CORS check's. */
export type OtherFailureCode =
  /** `no-cors` with a redirect mode other than `follow` (main fetch). */
  | 'NoCorsRedirectModeNotFollow'
  /** Below HTTP or a fetch rule that is not CORS's (redirect mode `error`, too many redirects, bad scheme). */
  | 'Network'
  /** The `Request` constructor threw: nothing went out. */
  | 'TypeError';

export type FailureCode = CorsErrorCode | OtherFailureCode;

/** Which leg of the fetch failed. */
export type Leg = 'request' | 'preflight' | 'actual' | 'redirect';

/** Why `fetch()` threw a TypeError before anything went out. */
export type RequestErrorKind =
  | 'invalid-url'
  | 'url-has-credentials'
  | 'invalid-method'
  | 'forbidden-method'
  | 'method-not-allowed-in-no-cors'
  | 'body-with-get-or-head'
  | 'mode-navigate'
  | 'invalid-header-name'
  | 'invalid-header-value'
  | 'unsupported-scheme'
  | 'only-if-cached-not-same-origin'
  | 'invalid-init';

/** A failed fetch. */
export interface FailureReason {
  readonly code: FailureCode;
  /** The value the check failed on, as Chromium's `failed_parameter` (header value, method, header name). */
  readonly parameter?: string;
  readonly leg: Leg;
  readonly anchor: SpecAnchor;
  /** For `Network`: the `net::` error name. */
  readonly netError?: NetErrorName;
  /** For `TypeError`: what was wrong with the request. */
  readonly requestError?: RequestErrorKind;
  /** One plain-English sentence for traces and test output. Browsers' words come from the profile. */
  readonly explanation: string;
}

/** Codes whose failure happened on the preflight response (Chromium prefixes their message). */
export const PREFLIGHT_CODES: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'PreflightInvalidStatus', 'PreflightDisallowedRedirect', 'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader', 'PreflightMultipleAllowOriginValues', 'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch', 'PreflightInvalidAllowCredentials',
]);
