/**
 * The teaching trace shared by `check` and `explain`: why a preflight was (or was not) sent, each check with its
 * verdict and spec link, the preflight cache, what page script sees, the console lines, and the fix for the server.
 * Also the JSON form of the same outcome.
 */
import {
  describeTraceEvent, sortAndCombine, type BrowserProfile, type Fix, type FixContext, type FetchOutcome, type PreflightCacheEntry, type TraceEvent,
  type WireExchange,
} from '@corsim/engine';
import { fixOf } from '../fix-context.js';
import { bold, dim, green, red, yellow } from './render.js';

/** The request as the page made it. */
export interface TaughtRequest {
  readonly url: string;
  readonly method: string;
  readonly credentials: FixContext['credentials'];
  readonly mode: string;
}

/** One browser's outcome with what the teaching trace needs around it. */
export interface Taught {
  readonly profile: BrowserProfile;
  readonly outcome: FetchOutcome;
  /** The cache after the fetch. */
  readonly cache: readonly PreflightCacheEntry[];
  /** Renders a cache expiry time (ms on the run's clock). */
  readonly when: (ms: number) => string;
}

const decoder = new TextDecoder();

/** `ALLOWED (cors 200)` / `BLOCKED on the preflight: Code (parameter)` / `NETWORK ERROR …`. */
export function verdictLine(outcome: FetchOutcome, colour = true): string {
  if (outcome.ok) return `${colour ? green('ALLOWED') : 'ALLOWED'} (${outcome.response.type} response, status ${outcome.response.status})`;
  const r = outcome.reason;
  const where = { request: 'before anything was sent', preflight: 'on the preflight', actual: 'on the response', redirect: 'on a redirect' }[r.leg];
  const word = isNetworkFailure(outcome) ? 'NETWORK ERROR' : 'BLOCKED';
  return `${colour ? red(word) : word} ${where}: ${r.code}${r.parameter ? ` (${r.parameter})` : r.netError ? ` (net::${r.netError})` : ''}`;
}

/** Whether the fetch failed because the network did (refused, timeout, DNS), not because of a CORS rule. */
export function isNetworkFailure(outcome: FetchOutcome): boolean {
  return !outcome.ok && outcome.reason.code === 'Network' && outcome.wire.some((x) => x.netError !== undefined);
}

function mark(e: TraceEvent): string {
  return e.ok === undefined ? '·' : e.ok ? green('✓') : red('✗');
}

function scriptSees(outcome: FetchOutcome): string {
  if (!outcome.ok) return `fetch() rejects with ${outcome.exception}: script cannot tell why (only the console says).`;
  const r = outcome.response;
  if (r.type === 'opaque' || r.type === 'opaqueredirect') return `an ${r.type} response: status 0, no headers, no body.`;
  const names = [...new Set(sortAndCombine(r.headers).map(([n]) => n))];
  return `a ${r.type} response, status ${r.status}, headers [${names.join(', ')}], body ${r.body.length} bytes${r.body.length ? `: ${JSON.stringify(decoder.decode(r.body.slice(0, 80)))}${r.body.length > 80 ? '…' : ''}` : ''}.`;
}

function cacheLines(t: Taught): string[] {
  const events = t.outcome.trace.filter((e) => e.kind === 'cache').map((e) => `  ${describeTraceEvent(e)}`);
  const entries = t.cache.flatMap((entry) => [
    ...[...entry.methods].map(([m, until]) => `  entry ${entry.key.url}${entry.credentials ? ' (credentials)' : ''}: method ${m} until ${t.when(until)}`),
    ...[...entry.headerNames].map(([h, until]) => `  entry ${entry.key.url}${entry.credentials ? ' (credentials)' : ''}: header ${h} until ${t.when(until)}`),
  ]);
  return [...events, ...entries];
}

/** The fix as lines: the summary, the headers to send, the notes. */
export function renderFix(fix: Fix): string[] {
  const lines = [`${bold('fix:')} ${fix.summary}`];
  for (const [n, v] of fix.headers ?? []) lines.push(`    ${n}: ${v}`);
  for (const note of fix.notes ?? []) lines.push(`  ${dim(`note: ${note}`)}`);
  return lines;
}

function wireLine(x: WireExchange): string {
  return `  ${x.request.method} ${x.request.url}${x.response ? ` → ${x.response.status}` : x.netError ? ` → net::${x.netError.name} (${x.netError.detail})` : ''}`;
}

/** The whole teaching trace of one browser's outcome. */
export function renderTaught(t: Taught, request: TaughtRequest, pageOrigin: string): string[] {
  const { outcome } = t;
  const lines = [`${bold(t.profile.name)}: ${verdictLine(outcome)}`];
  const decision = outcome.trace.find((e) => e.kind === 'preflight-decision');
  const sameOrigin = outcome.trace.some((e) => e.facts.what === 'same-origin');
  lines.push(`${bold('preflight:')} ${decision ? describeTraceEvent(decision) : `No preflight: ${sameOrigin ? 'a same-origin request.' : `mode ${request.mode} never sends one.`}`}`);
  for (const e of outcome.trace.filter((x) => x.kind === 'header-dropped')) lines.push(`${yellow('dropped by the browser:')} ${describeTraceEvent(e)} ${dim(e.anchor)}`);
  lines.push(bold('steps:'));
  for (const e of outcome.trace.filter((x) => x.kind !== 'preflight-decision' && x.kind !== 'cache' && x.kind !== 'header-dropped')) {
    lines.push(`  ${mark(e)} ${e.algorithm}: ${describeTraceEvent(e)} ${dim(e.anchor)}`);
  }
  const cache = cacheLines(t);
  if (cache.length) lines.push(bold('preflight cache:'), ...cache);
  lines.push(bold('wire:'), ...(outcome.wire.length ? outcome.wire.map(wireLine) : ['  nothing was sent']));
  lines.push(`${bold('script sees:')} ${scriptSees(outcome)}`);
  if (outcome.console.length) lines.push(bold('console:'), ...outcome.console.map((c) => `  ${c}`));
  if (!outcome.ok) {
    lines.push(`${bold('why:')} ${outcome.reason.explanation} ${dim(outcome.reason.anchor)}`);
    const fix = fixOf(outcome, request, pageOrigin);
    if (fix) lines.push(...renderFix(fix));
  }
  return lines;
}

/** Several browsers' outcomes of one request: a line each, then each distinct outcome taught once. */
export function renderSideBySide(all: readonly Taught[], request: TaughtRequest, pageOrigin: string): string[] {
  const width = Math.max(...all.map((t) => t.profile.name.length));
  const lines = all.map((t) => `${t.profile.name.padEnd(width)}  ${verdictLine(t.outcome)}`);
  for (const t of all) {
    for (const c of t.outcome.console) lines.push(`${t.profile.name.padEnd(width)}  console: ${c}`);
  }
  const seen = new Set<string>();
  for (const t of all) {
    const key = verdictLine(t.outcome, false);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push('', ...renderTaught(t, request, pageOrigin));
  }
  return lines;
}

function wireJson(x: WireExchange): unknown {
  return {
    leg: x.leg,
    request: { method: x.request.method, url: x.request.url, headers: x.request.headers },
    ...(x.response ? { response: { status: x.response.status, headers: x.response.headers, body: decoder.decode(x.response.body) } } : {}),
    ...(x.netError ? { netError: x.netError } : {}),
  };
}

/** The whole outcome of one browser as JSON: verdict, reason, fix, trace, wire, console, cache. */
export function taughtJson(t: Taught, request: TaughtRequest, pageOrigin: string): Record<string, unknown> {
  const { outcome } = t;
  return {
    browser: t.profile.name,
    verdict: outcome.ok ? 'allowed' : isNetworkFailure(outcome) ? 'network-error' : 'blocked',
    ...(outcome.ok
      ? { response: { type: outcome.response.type, status: outcome.response.status, headers: sortAndCombine(outcome.response.headers), body: decoder.decode(outcome.response.body) } }
      : { reason: outcome.reason, exception: outcome.exception, fix: fixOf(outcome, request, pageOrigin) }),
    console: outcome.console,
    trace: outcome.trace.map((e) => ({ ...e, detail: describeTraceEvent(e) })),
    wire: outcome.wire.map(wireJson),
    cache: t.cache.map((e) => ({ url: e.key.url, credentials: e.credentials, methods: Object.fromEntries(e.methods), headerNames: Object.fromEntries(e.headerNames) })),
  };
}
