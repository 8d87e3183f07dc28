/**
 * corsim: a simulated browser page whose fetch() enforces CORS as Chromium, Firefox or WebKit does,
 * over real sockets or in-process servers.
 *
 * @example
 * const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
 * const res = await browser.fetch('https://api.example/data', { credentials: 'include' });
 */
export { createBrowser, type BrowserOptions, type SimulatedBrowser, type SimulatedRequestInit, type FetchInput, type CorsErrorCause, type HttpCacheView } from './browser.js';
export { VirtualClock, systemClock } from './clock.js';
export { BrowserCookieStore, CHROMIUM_COOKIE_POLICY, type CookiePolicy } from './cookies.js';
export {
  undiciTransport, nodeHandlerTransport, fastifyTransport, fetchHandlerTransport, rulesTransport, netErrorFor, DEFAULT_TIMEOUT_MS,
  type HostResolver, type UndiciTransport, type UndiciTransportOptions, type NodeRequestHandler, type InProcessOptions,
  type FastifyLike, type FetchHandler, type FetchHandlerOptions, type RulesExchange, type RulesTransportOptions,
} from './transports/index.js';
export {
  audit, DEFAULT_MAX_PROBES, findingsAtLeast, hostileOrigins, SEVERITIES,
  type AuditOptions, type AuditReport, type AuditFinding, type FindingClass, type Severity,
} from './audit/index.js';
// The engine's names that corsim users need, so one import is enough.
export {
  getProfile, profiles, corsFetch, PreflightCache, describeTraceEvent, renderTrace,
  type BrowserProfile, type FetchOutcome, type FailureReason, type CorsErrorCode, type FailureCode, type Leg,
  type TraceEvent, type TraceFacts, type WireExchange, type Transport, type WireRequest, type WireResponse, type NetworkResult, type Clock,
  fixFor, type Fix, type FixContext,
} from '@corsim/engine';
