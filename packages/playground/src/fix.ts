/**
 * The fix to suggest for a failed step: the engine's fix table (`fixFor`), given the request as it went on
 * the wire, as `corsim teach` gives it (the end-to-end test holds the two to the same texts). The only
 * place the page asks for fixes.
 */
import { fixFor, getHeader, type Fix, type FixContext, type FetchOutcome } from '@corsim/engine';
import type { ScenarioFetch } from 'corsim/scenario';

export type { Fix };

/** What the last request on the wire said: its Origin and method (a preflight speaks for the request's method). */
function wireFacts(outcome: FetchOutcome, fetch: ScenarioFetch, pageOrigin: string): Pick<FixContext, 'origin' | 'method'> {
  const last = outcome.wire.at(-1)?.request;
  if (!last) return { origin: pageOrigin, method: fetch.method };
  return { origin: getHeader(last.headers, 'Origin') ?? pageOrigin, method: last.method === 'OPTIONS' ? fetch.method : last.method };
}

/** The names the preflight asked for, as its `Access-Control-Request-Headers` listed them. */
function askedHeaderNames(outcome: FetchOutcome): string[] {
  const preflight = outcome.wire.find((x) => x.leg === 'preflight');
  const listed = preflight ? getHeader(preflight.request.headers, 'Access-Control-Request-Headers') : null;
  return (listed ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
}

export function fixOfStep(outcome: FetchOutcome, fetch: ScenarioFetch, pageOrigin: string): Fix | null {
  if (outcome.ok) return null;
  return fixFor(outcome.reason, { url: outcome.url, ...wireFacts(outcome, fetch, pageOrigin), credentials: fetch.credentials, requestHeaderNames: askedHeaderNames(outcome) });
}
