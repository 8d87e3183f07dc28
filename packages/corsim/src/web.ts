/**
 * corsim/web: the browser-safe part of corsim, for bundlers and pages (no Node built-ins, no sockets):
 * the simulated browser, clocks, the cookie jar, and the in-process transports for fetch-style handlers
 * and scenario rules. Node users import `corsim`, which adds the socket and `(req, res)` transports.
 */
export { createBrowser, type BrowserOptions, type SimulatedBrowser, type SimulatedRequestInit, type FetchInput, type CorsErrorCause, type HttpCacheView } from './browser.js';
export { VirtualClock, systemClock } from './clock.js';
export { BrowserCookieStore, CHROMIUM_COOKIE_POLICY, FIREFOX_COOKIE_POLICY, WEBKIT_COOKIE_POLICY, type CookiePolicy } from './cookies.js';
export { fetchHandlerTransport, type FetchHandler, type FetchHandlerOptions } from './transports/fetch-handler.js';
export { rulesTransport, type RulesExchange, type RulesTransportOptions } from './transports/rules.js';
export { DEFAULT_TIMEOUT_MS } from './transports/common.js';
export { installBrowserFetch, type InstallBrowserFetchOptions, type InstalledBrowserFetch } from './install-fetch.js';
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
