/**
 * How one trace event reads: the engine's own sentence for its facts (`describeTraceEvent`), and the short
 * arrow labels of the cache lanes. The only place the page looks into an event's facts.
 */
import { describeTraceEvent, type TraceEvent, type TraceFacts } from '@corsim/engine';

export function traceText(event: TraceEvent): string {
  return describeTraceEvent(event);
}

export type CacheLaneName = 'preflight' | 'http';

/** One arrow between the page and a cache lane. */
export interface CacheArrow {
  readonly lane: CacheLaneName;
  /** `ask`: from the page to the cache; `answer`: back. */
  readonly way: 'ask' | 'answer';
  readonly label: string;
  readonly tone: 'request' | 'answer' | 'hit' | 'store';
}

const ask = (lane: CacheLaneName, label: string, tone: CacheArrow['tone'] = 'request'): CacheArrow => ({ lane, way: 'ask', label, tone });
const answer = (lane: CacheLaneName, label: string, tone: CacheArrow['tone'] = 'answer'): CacheArrow => ({ lane, way: 'answer', label, tone });

const NOT_READ: Readonly<Record<Extract<TraceFacts, { what: 'http-cache-not-read' }>['why'], string>> = {
  mode: 'not read: cache mode',
  conditional: 'not read: conditional request, mode',
  'network-redirect': 'not read after a network redirect, mode',
};

/** The arrows a trace event draws between the page and a cache; none for an event of another kind. */
export function cacheArrows(event: TraceEvent): CacheArrow[] {
  const f = event.facts;
  switch (f.what) {
    case 'preflight-cache-lookup':
      return f.status === 'hit' ? [ask('preflight', 'cached preflight?'), answer('preflight', 'hit: no preflight sent', 'hit')] : [];
    case 'preflight-cache-skipped': return [ask('preflight', `not looked up: cache mode ${f.cacheMode}`)];
    case 'http-cache-not-read': return [ask('http', `${NOT_READ[f.why]} ${f.mode}`)];
    case 'http-cache-miss': return [ask('http', 'stored response?'),
      answer('http', f.vary === null ? 'miss: nothing stored' : `miss: Vary (${f.vary.join(', ') || 'none'}) does not match`)];
    case 'http-cache-hit': return [ask('http', 'stored response?'),
      answer('http', `hit (${f.ageSeconds} s old, fresh ${f.freshnessSeconds} s${f.vary.length ? `, Vary: ${f.vary.join(', ')}` : ', no Vary'}): nothing sent`, 'hit')];
    case 'http-cache-revalidate': return [ask('http', 'stored response?'),
      answer('http', `stale (${f.ageSeconds} s old, fresh ${f.freshnessSeconds} s): ${f.validators.length ? `validate with ${f.validators.map(([n]) => n).join(', ')}` : 'no validator, full request'}`)];
    case 'http-cache-stored': return [ask('http', `store the response (fresh ${f.freshnessSeconds} s)`, 'store')];
    case 'http-cache-not-modified': return [ask('http', '304: refresh the stored response', 'store'), answer('http', 'serve the stored response', 'hit')];
    case 'http-cache-invalidated': return [ask('http', `${f.method} succeeded: drop the stored response`, 'store')];
    default: return [];
  }
}

