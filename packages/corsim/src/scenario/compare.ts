/**
 * Compares two `cors-result/1` results field by field, as the format's "Comparing two results" says:
 * per step, `outcome`; the response's type, status, redirected flag, headers (minus `date`, `connection`,
 * `keep-alive`) and body; the error's code, message and exception; the wire's methods and URLs, and the
 * compared request headers (`origin`, `access-control-request-*`, `cookie`, and those the script set; for
 * a script-set header the browser owns, only whether the script's value reached the wire).
 */
import { isForbiddenRequestHeader, type HeaderPairs } from '@corsim/engine';
import type { ResultStep, ResultWireRequest, Scenario, ScenarioResult } from './types.js';

export const COMPARED_FIELDS = [
  'outcome', 'response.type', 'response.status', 'response.redirected', 'response.headers', 'response.body',
  'error.code', 'error.message', 'error.exception', 'wire.requests', 'wire.headers',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface FieldComparison {
  readonly id: string;
  readonly step: number;
  readonly field: ComparedField;
  readonly equal: boolean;
  readonly expected: unknown;
  readonly actual: unknown;
}

const IGNORED_RESPONSE_HEADERS = new Set(['date', 'connection', 'keep-alive']);
const PROTOCOL_HEADERS = ['origin', 'access-control-request-method', 'access-control-request-headers', 'cookie'];
const BROWSER_OWNED_EXTRA = new Set(['user-agent']);

/** A header the browser sets itself: script's attempt to set it is compared only as "did it get through". */
function browserOwned(name: string): boolean {
  return isForbiddenRequestHeader(name, '', BROWSER_OWNED_EXTRA);
}

function responseHeaders(headers: HeaderPairs | undefined): HeaderPairs | undefined {
  if (!headers) return undefined;
  return headers
    .map(([n, v]): [string, string] => [n.toLowerCase(), v])
    .filter(([n]) => !IGNORED_RESPONSE_HEADERS.has(n))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function wireHeaders(wire: readonly ResultWireRequest[] | undefined, scriptSet: ReadonlyMap<string, string>): HeaderPairs[] | undefined {
  if (!wire) return undefined;
  const compared = new Set([...PROTOCOL_HEADERS, ...scriptSet.keys()]);
  return wire.map((request) => {
    const headers = request.headers.map(([n, v]): [string, string] => [n.toLowerCase(), v]);
    const out: HeaderPairs = headers.filter(([n]) => compared.has(n) && (PROTOCOL_HEADERS.includes(n) || !scriptSet.has(n) || !browserOwned(n)));
    for (const [name, value] of scriptSet) {
      if (PROTOCOL_HEADERS.includes(name) || !browserOwned(name)) continue;
      out.push([name, headers.some(([n, v]) => n === name && v === value) ? '(script value)' : '(not the script value)']);
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  });
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Every compared field of `expected` against `actual` (a missing actual result or step never equals). */
export function compareResult(expected: ScenarioResult, actual: ScenarioResult | undefined, scenario?: Scenario): FieldComparison[] {
  const out: FieldComparison[] = [];
  expected.steps.forEach((e: ResultStep, index) => {
    const a = actual?.steps[index];
    const scriptSet = new Map<string, string>();
    for (const [n, v] of scenario?.steps[index]?.fetch.headers ?? []) scriptSet.set(n.toLowerCase(), v.trim());
    const push = (field: ComparedField, ev: unknown, av: unknown): void => {
      out.push({ id: expected.id, step: index, field, equal: a !== undefined && same(ev, av), expected: ev, actual: a === undefined ? undefined : av });
    };
    push('outcome', e.outcome, a?.outcome);
    if (e.outcome === 'response' && e.response) {
      push('response.type', e.response.type, a?.response?.type);
      push('response.status', e.response.status, a?.response?.status);
      push('response.redirected', e.response.redirected, a?.response?.redirected);
      push('response.headers', responseHeaders(e.response.headers), responseHeaders(a?.response?.headers));
      push('response.body', e.response.body, a?.response?.body);
    }
    if (e.outcome === 'network-error' && e.error) {
      if (e.error.code !== undefined) push('error.code', e.error.code, a?.error?.code);
      if (e.error.message !== undefined) push('error.message', e.error.message, a?.error?.message);
      if (e.error.exception !== undefined) push('error.exception', e.error.exception, a?.error?.exception);
    }
    push('wire.requests', e.wire.map((w) => `${w.method} ${w.url}`), a?.wire.map((w) => `${w.method} ${w.url}`));
    push('wire.headers', wireHeaders(e.wire, scriptSet), wireHeaders(a?.wire, scriptSet));
  });
  return out;
}

export interface Agreement {
  readonly equal: number;
  readonly total: number;
  /** equal / total (1 when nothing was compared). */
  readonly share: number;
  readonly byField: Readonly<Record<ComparedField, { equal: number; total: number }>>;
  readonly disagreements: readonly FieldComparison[];
}

/** Sums comparisons into the agreement share and its per-field split. */
export function agreement(comparisons: readonly FieldComparison[]): Agreement {
  const byField = Object.fromEntries(COMPARED_FIELDS.map((f) => [f, { equal: 0, total: 0 }])) as Record<ComparedField, { equal: number; total: number }>;
  let equal = 0;
  for (const c of comparisons) {
    byField[c.field].total++;
    if (c.equal) {
      byField[c.field].equal++;
      equal++;
    }
  }
  return { equal, total: comparisons.length, share: comparisons.length ? equal / comparisons.length : 1, byField, disagreements: comparisons.filter((c) => !c.equal) };
}

/** A stable name for one compared field of one step, for lists of known mismatches. */
export function fieldKey(c: Pick<FieldComparison, 'id' | 'step' | 'field'>): string {
  return `${c.id}#${c.step}:${c.field}`;
}
