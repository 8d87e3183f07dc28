/**
 * How one trace event reads. Trace events are becoming structured data with one engine function to render
 * them; this is the only place the page turns an event into words.
 */
import type { TraceEvent } from '@corsim/engine';

export function traceText(event: TraceEvent): string {
  return event.detail;
}

/** Which cache lane a cache event concerns, if it is a cache hit: the HTTP cache or the preflight cache. */
export function cacheHitLane(event: TraceEvent): 'preflight' | 'http' | null {
  if (event.kind !== 'cache' || event.ok !== true) return null;
  return /http/i.test(event.step) && !/preflight/i.test(event.step) ? 'http' : 'preflight';
}
