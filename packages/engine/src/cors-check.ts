/**
 * The [CORS check](https://fetch.spec.whatwg.org/#concept-cors-check): may a response be shared with the
 * request's origin? The spec answers success or failure; the failure is classified the way Chromium's
 * `cors::CheckAccess` does (services/network/public/cpp/cors/cors.cc), so that the reason names what is
 * wrong with `Access-Control-Allow-Origin` / `-Credentials`.
 */
import type { HeaderPairs } from './ports.js';
import type { CorsErrorCode } from './reasons.js';
import { getHeader } from './headers.js';
import type { CredentialsMode } from './request.js';
import type { MultipleAllowOriginRule } from './profiles/profile.js';

export type CorsCheckFailureCode =
  | 'WildcardOriginNotAllowed'
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'InvalidAllowCredentials';

export type CorsCheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: CorsCheckFailureCode; readonly parameter: string; readonly explanation: string };

/**
 * Runs the CORS check on a response's headers for a request whose serialized origin is `requestOrigin`
 * (`null` after a redirect taint) and whose credentials mode is `credentials`. `multiple` says which values a
 * failure classifies as "multiple values" (the browser profile's `multipleAllowOriginValues`); success and
 * failure never depend on it.
 */
export function corsCheck(headers: HeaderPairs, requestOrigin: string, credentials: CredentialsMode,
  multiple: MultipleAllowOriginRule = 'space-or-comma'): CorsCheckResult {
  // Deviation(firefox): two or more `Access-Control-Allow-Origin` lines fail before anything else is looked at,
  // whatever they hold (the spec combines them, which fails the comparison anyway) — nsCORSListenerProxy.cpp
  // CheckRequestApproved; recorded: acao-two-lines-star-exact-get-cred-same-origin, preflight-acao-two-lines-same.
  if (multiple === 'header-lines') {
    const lines = headers.filter(([n]) => n.toLowerCase() === 'access-control-allow-origin').length;
    if (lines > 1) {
      const all = getHeader(headers, 'Access-Control-Allow-Origin') as string;
      return fail('MultipleAllowOriginValues', all,
        `The response has ${lines} Access-Control-Allow-Origin header lines; only one is allowed.`);
    }
  }
  // 1. Let origin be the result of getting `Access-Control-Allow-Origin` (all lines combined).
  const allowOrigin = getHeader(headers, 'Access-Control-Allow-Origin');
  // 2. `*` without credentials: success, and `Access-Control-Allow-Credentials` is not looked at.
  if (allowOrigin === '*') {
    if (credentials !== 'include') return { ok: true };
    return fail('WildcardOriginNotAllowed', '*', "Access-Control-Allow-Origin is '*' but the request's credentials mode is 'include'.");
  }
  if (allowOrigin === null) {
    return fail('MissingAllowOriginHeader', '', 'The response has no Access-Control-Allow-Origin header.');
  }
  // 3. A byte-for-byte comparison with the serialized request origin.
  if (allowOrigin !== requestOrigin) {
    if (multiple === 'space-or-comma' ? /[ ,]/.test(allowOrigin) : multiple === 'comma' && allowOrigin.includes(',')) {
      return fail('MultipleAllowOriginValues', allowOrigin,
        `Access-Control-Allow-Origin holds more than one value ('${allowOrigin}'), from a list or from several header lines.`);
    }
    if (allowOrigin !== 'null' && !URL.canParse(allowOrigin)) {
      return fail('InvalidAllowOriginValue', allowOrigin, `Access-Control-Allow-Origin ('${allowOrigin}') is not an origin.`);
    }
    return fail('AllowOriginMismatch', allowOrigin,
      `Access-Control-Allow-Origin is '${allowOrigin}', not the request's origin '${requestOrigin}' (the comparison is exact).`);
  }
  // 4-5. With credentials, `Access-Control-Allow-Credentials` must be exactly `true`.
  if (credentials !== 'include') return { ok: true };
  const allowCredentials = getHeader(headers, 'Access-Control-Allow-Credentials');
  if (allowCredentials === 'true') return { ok: true };
  return fail('InvalidAllowCredentials', allowCredentials ?? '',
    allowCredentials === null
      ? "The request's credentials mode is 'include' but the response has no Access-Control-Allow-Credentials: true."
      : `Access-Control-Allow-Credentials is '${allowCredentials}'; with credentials it must be exactly 'true'.`);
}

function fail(code: CorsCheckFailureCode, parameter: string, explanation: string): CorsCheckResult {
  return { ok: false, code, parameter, explanation };
}

/** The preflight twin of a CORS-check failure code (`MissingAllowOriginHeader` → `PreflightMissingAllowOriginHeader`). */
export function preflightCode(code: CorsCheckFailureCode): CorsErrorCode {
  return `Preflight${code}` as CorsErrorCode;
}
