/**
 * The facts a fix is rendered from, taken from the request as it went on the wire: its `Origin` (a redirect
 * may have tainted it to `null`), its method (a preflight speaks for the request's method) and the unsafe
 * header names the preflight listed. One derivation for `corsim teach` and the playground. Browser-safe.
 */
import { fixFor, getHeader, type Fix, type FixContext, type FetchOutcome } from '@corsim/engine';

/** The request as the page made it: what the wire cannot tell. */
export interface FixRequest {
  readonly method: string;
  readonly credentials: FixContext['credentials'];
}

/** The names the preflight asked for, as its `Access-Control-Request-Headers` listed them. */
function askedHeaderNames(outcome: FetchOutcome): string[] {
  const preflight = outcome.wire.find((x) => x.leg === 'preflight');
  const listed = preflight ? getHeader(preflight.request.headers, 'Access-Control-Request-Headers') : null;
  return (listed ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** What the preflight response allowed, as its lists' tokens (none when no preflight response came back). */
function preflightAllowed(outcome: FetchOutcome): FixContext['preflightAllowed'] {
  const preflight = outcome.wire.find((x) => x.leg === 'preflight' && x.response !== undefined);
  if (!preflight?.response) return undefined;
  const tokens = (name: string): string[] => (getHeader(preflight.response?.headers ?? [], name) ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  return { methods: tokens('Access-Control-Allow-Methods'), headerNames: tokens('Access-Control-Allow-Headers') };
}

/** The fix context of an outcome; `pageOrigin` stands in when nothing (or no `Origin`) went on the wire. */
export function fixContextOf(outcome: FetchOutcome, request: FixRequest, pageOrigin: string): FixContext {
  const last = outcome.wire.at(-1)?.request;
  const allowed = preflightAllowed(outcome);
  return {
    url: outcome.url,
    method: last === undefined || last.method === 'OPTIONS' ? request.method : last.method,
    origin: (last && getHeader(last.headers, 'Origin')) ?? pageOrigin,
    credentials: request.credentials,
    requestHeaderNames: askedHeaderNames(outcome),
    ...(allowed ? { preflightAllowed: allowed } : {}),
  };
}

/** The fix for a failed outcome (null when it was allowed). */
export function fixOf(outcome: FetchOutcome, request: FixRequest, pageOrigin: string): Fix | null {
  return outcome.ok ? null : fixFor(outcome.reason, fixContextOf(outcome, request, pageOrigin));
}
