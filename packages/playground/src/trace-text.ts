/**
 * How one trace event reads: the engine's own sentence for its facts (`describeTraceEvent`). The only
 * place the page turns an event into words or looks into its facts.
 */
import { describeTraceEvent, type TraceEvent } from '@corsim/engine';

export function traceText(event: TraceEvent): string {
  return describeTraceEvent(event);
}

/**
 * Which cache served this step, if the event is a cache hit: the preflight cache, or an HTTP cache (whose
 * facts, when the engine has one, name it `http-cache…` and carry a `hit` status).
 */
export function cacheHitLane(event: TraceEvent): 'preflight' | 'http' | null {
  const facts: { readonly what: string; readonly status?: unknown } = event.facts;
  if (facts.what === 'preflight-cache-lookup') return facts.status === 'hit' ? 'preflight' : null;
  if (facts.what.startsWith('http-cache')) return facts.status === 'hit' || facts.what.endsWith('hit') ? 'http' : null;
  return null;
}
