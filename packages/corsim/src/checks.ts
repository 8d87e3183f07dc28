/**
 * corsim/checks: each CORS assertion once, as a plain function over an outcome (pass/fail plus message).
 * `@corsim/vitest`, `@corsim/jest` and `corsim/assert` (node:test, any runner) are thin adapters over these.
 * Failure messages show the verdict, the console line, the wire and the step trace with spec links, so a
 * red test says why the browser decided as it did. Browser-safe.
 */
import { getHeader, renderTrace, type FailureCode, type FetchOutcome, type TraceFacts } from '@corsim/engine';
import { fixOf } from './fix-context.js';

export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
  readonly actual?: unknown;
  readonly expected?: unknown;
}

function isOutcome(value: unknown): value is FetchOutcome {
  return typeof value === 'object' && value !== null && 'ok' in value && 'trace' in value && 'wire' in value;
}

const NOT_AN_OUTCOME: MatcherResult = {
  pass: false,
  message: () => 'expected a corsim FetchOutcome (from `await browser.outcome(url, init)`)',
};

/** The verdict in one line: `allowed (cors 200)` or `blocked: Code (parameter) on the leg`. */
export function verdict(outcome: FetchOutcome): string {
  if (outcome.ok) return `allowed (${outcome.response.type} ${outcome.response.status})`;
  const r = outcome.reason;
  return `blocked: ${r.code}${r.parameter ? ` (${r.parameter})` : ''} on the ${r.leg}`;
}

/**
 * How to make a blocked request pass, for the failure message; `undefined` when there is nothing to say.
 * The one place every adapter's message gets its fix text from.
 */
export function fixText(outcome: FetchOutcome): string | undefined {
  if (outcome.ok) return undefined;
  const made = outcome.trace.map((e) => e.facts).find((f): f is Extract<TraceFacts, { what: 'request-constructed' }> => f.what === 'request-constructed');
  const fix = fixOf(outcome, { method: made?.method ?? 'GET', credentials: made?.credentials ?? 'same-origin' }, pageOriginOf(outcome));
  if (fix === null) return undefined;
  return [fix.summary, ...(fix.headers ?? []).map(([n, v]) => `  ${n}: ${v}`), ...(fix.notes ?? []).map((note) => `  note: ${note}`)].join('\n');
}

/** The page's origin as the wire shows it (every request carries the page's URL as its `Referer`). */
function pageOriginOf(outcome: FetchOutcome): string {
  const referer = outcome.wire.map((x) => getHeader(x.request.headers, 'Referer')).find((r) => r !== null);
  try {
    return referer ? new URL(referer).origin : 'null';
  } catch {
    return 'null';
  }
}

/** The explanation shown under a failed assertion. */
export function explain(outcome: FetchOutcome): string {
  const lines = [`verdict: ${verdict(outcome)}`];
  if (!outcome.ok) lines.push(`reason: ${outcome.reason.explanation}`);
  const fix = fixText(outcome);
  if (fix !== undefined) lines.push(`fix: ${fix}`);
  for (const c of outcome.console) lines.push(`console: ${c}`);
  lines.push(`wire: ${outcome.wire.map((x) => `${x.request.method} ${x.request.url} → ${x.response ? x.response.status : `net::${x.netError?.name}`}`).join(' | ') || 'nothing sent'}`);
  lines.push('trace:');
  lines.push(...renderTrace(outcome.trace, '  '));
  return lines.join('\n');
}

/** Passes when page script could read the response. */
export function toBeAllowedByCors(received: unknown): MatcherResult {
  if (!isOutcome(received)) return NOT_AN_OUTCOME;
  return {
    pass: received.ok,
    message: () => (received.ok
      ? `expected the browser to block the request, but it was allowed\n${explain(received)}`
      : `expected the browser to allow the request, but it was blocked\n${explain(received)}`),
    actual: verdict(received),
    expected: 'allowed',
  };
}

/** Passes when the browser rejects the fetch, with `code` if given (a CorsError name, `Network` or `TypeError`). */
export function toBeBlockedByCors(received: unknown, code?: FailureCode): MatcherResult {
  if (!isOutcome(received)) return NOT_AN_OUTCOME;
  const pass = !received.ok && (code === undefined || received.reason.code === code);
  return {
    pass,
    message: () => (pass
      ? `expected the request not to be blocked${code ? ` with ${code}` : ''}\n${explain(received)}`
      : `expected the browser to block the request${code ? ` with ${code}` : ''}\n${explain(received)}`),
    actual: verdict(received),
    expected: code ? `blocked: ${code}` : 'blocked',
  };
}

/** Passes when a CORS preflight (`OPTIONS`) went out for this fetch (not served from the preflight cache). */
export function toHaveSentPreflight(received: unknown): MatcherResult {
  if (!isOutcome(received)) return NOT_AN_OUTCOME;
  const sent = received.wire.some((x) => x.leg === 'preflight');
  return {
    pass: sent,
    message: () => (sent ? `expected no preflight, but one was sent\n${explain(received)}` : `expected a preflight, but none was sent\n${explain(received)}`),
  };
}

/** Passes when script can read response header `name` (it is safelisted or exposed). */
export function toExposeHeader(received: unknown, name: string): MatcherResult {
  if (!isOutcome(received)) return NOT_AN_OUTCOME;
  const lower = name.toLowerCase();
  const visible = received.ok ? received.response.headers.map(([n]) => n.toLowerCase()) : [];
  const pass = visible.includes(lower);
  return {
    pass,
    message: () => (pass
      ? `expected ${name} to be hidden from script, but it is visible`
      : received.ok
        ? `expected script to see ${name}; it sees only: ${[...new Set(visible)].join(', ') || 'nothing'}. Add it to Access-Control-Expose-Headers.`
        : `expected script to see ${name}, but the fetch was blocked\n${explain(received)}`),
    actual: [...new Set(visible)].sort(),
    expected: lower,
  };
}

/** The part of a corsim `AuditReport` the findings matcher reads (kept structural so this file stands alone). */
interface AuditReportLike {
  readonly url: string;
  readonly findings: ReadonlyArray<{ readonly class: string; readonly severity: 'high' | 'medium' | 'low'; readonly url: string; readonly why: string; readonly fix: { readonly summary: string } }>;
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

function isAuditReport(value: unknown): value is AuditReportLike {
  return typeof value === 'object' && value !== null && Array.isArray((value as { findings?: unknown }).findings) && typeof (value as { url?: unknown }).url === 'string';
}

/** Passes when `await audit(transport, { url, allow })` found nothing at or above `threshold` (default `low`: nothing at all). */
export function toHaveNoCorsFindings(received: unknown, threshold: 'high' | 'medium' | 'low' = 'low'): MatcherResult {
  if (!isAuditReport(received)) return { pass: false, message: () => 'expected a corsim AuditReport (from `await audit(transport, { url, allow })`)' };
  const found = received.findings.filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[threshold]);
  return {
    pass: found.length === 0,
    message: () => (found.length === 0
      ? `expected CORS findings at or above ${threshold} for ${received.url}, but there were none`
      : `expected no CORS findings at or above ${threshold} for ${received.url}, but found ${found.length}:\n${found
        .map((f) => `  ${f.severity.toUpperCase()} ${f.class} ${f.url}\n    ${f.why}\n    fix: ${f.fix.summary}`).join('\n')}`),
    actual: found.map((f) => `${f.severity} ${f.class}`),
    expected: [],
  };
}

/** The matchers as `expect(outcome).…` declares them; each runner's adapter augments its `Matchers` with this. */
export interface CorsMatchers<R = unknown> {
  /** Page script could read the response. */
  toBeAllowedByCors(): R;
  /** The browser rejected the fetch (with this CorsError code, `Network` or `TypeError`, if given). */
  toBeBlockedByCors(code?: FailureCode): R;
  /** An `OPTIONS` preflight went out for this fetch. */
  toHaveSentPreflight(): R;
  /** Script can read this response header. */
  toExposeHeader(name: string): R;
  /** A corsim `audit()` report has no finding at or above `threshold` (default `low`). */
  toHaveNoCorsFindings(threshold?: 'high' | 'medium' | 'low'): R;
}

/** The matcher functions by name, for a runner's `expect.extend`. */
export const corsMatchers = { toBeAllowedByCors, toBeBlockedByCors, toHaveSentPreflight, toExposeHeader, toHaveNoCorsFindings } as const;
