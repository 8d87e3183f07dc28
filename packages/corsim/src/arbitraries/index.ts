/**
 * corsim/arbitraries: fast-check arbitraries for CORS — origins and their look-alikes, request headers by class,
 * requests, server answers (every CORS header, valid and not), statuses, redirects and clock moves. The generators
 * are written from the Fetch Standard's lists, independently of the engine, so properties built on them check the
 * engine rather than restate it.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { corsRequest, origin } from 'corsim/arbitraries';
 *
 * fc.assert(fc.asyncProperty(origin(), corsRequest({ kind: 'simple' }), async (page, init) => {
 *   const browser = createBrowser({ origin: page, transport });
 *   const outcome = await browser.outcome('https://api.example.test/x', init);
 *   return outcome.wire.every((w) => w.leg !== 'preflight');
 * }));
 * ```
 *
 * fast-check (`^4`) is a peer dependency.
 */
export { origin, domainHost, urlOn, type OriginConstraints } from './origin.js';
export { hostileOrigin, lookAlike, HOSTILE_ORIGIN_KINDS, type HostileOrigin, type HostileOriginKind, type HostileOriginConstraints, type LookAlikeChoice, type LookAlikeKind } from './hostileOrigin.js';
export { headerName, customHeaderName } from './headerName.js';
export { headerValue, type HeaderValueConstraints } from './headerValue.js';
export { safelistedRequestHeader, safelistedValueFor, type RequestHeader, type SafelistedRequestHeaderConstraints } from './safelistedRequestHeader.js';
export { unsafeSafelistedRequestHeader, unsafeValueFor } from './unsafeSafelistedRequestHeader.js';
export { customRequestHeader } from './customRequestHeader.js';
export { forbiddenRequestHeader, type ForbiddenRequestHeaderConstraints } from './forbiddenRequestHeader.js';
export { method, forbiddenMethod, type MethodKind } from './method.js';
export { corsRequest, distinctSafelistedHeaders, type CorsRequestConstraints, type GeneratedRequest, type RequestHeaderKind } from './corsRequest.js';
export {
  serverAnswer, allowOriginAnswer, allowCredentialsAnswer, allowListAnswer, maxAgeAnswer, status, responseHeaders,
  redirectAnswer, urlWithCredentials, answerHeaders, toWireResponse,
  type ServerAnswer, type ServerAnswerConstraints, type AllowOriginAnswer, type AllowOriginKind, type AllowOriginConstraints, type AllowListConstraints,
} from './serverAnswer.js';
export { clockAdvance, clockSchedule } from './clock.js';
export { SAFELISTED_REQUEST_HEADER_NAMES, FORBIDDEN_REQUEST_HEADER_NAMES, SAFELISTED_RESPONSE_HEADER_NAMES, type SafelistedRequestHeaderName } from './_internals/lists.js';
