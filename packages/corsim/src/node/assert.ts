/**
 * corsim/assert: the CORS checks as assertion functions for node:test or any runner. Each throws
 * node's `AssertionError` with the same message the vitest and jest matchers print.
 *
 * @example
 * import { assertAllowedByCors } from 'corsim/assert';
 * test('the page can read /me', async () => {
 *   assertAllowedByCors(await browser.outcome('https://api.example/me', { credentials: 'include' }));
 * });
 */
import { AssertionError } from 'node:assert';
import type { FailureCode } from '@corsim/engine';
import { toBeAllowedByCors, toBeBlockedByCors, toExposeHeader, toHaveNoCorsFindings, toHaveSentPreflight, type MatcherResult } from '../checks.js';

export { verdict, explain, fixText, type MatcherResult } from '../checks.js';

function enforce(result: MatcherResult, expectPass: boolean, operator: string, stackStart: (...args: never[]) => unknown): void {
  if (result.pass === expectPass) return;
  throw new AssertionError({ message: result.message(), actual: result.actual, expected: result.expected, operator, stackStartFn: stackStart });
}

/** Throws unless page script could read the response. */
export function assertAllowedByCors(outcome: unknown): void {
  enforce(toBeAllowedByCors(outcome), true, 'allowedByCors', assertAllowedByCors);
}

/** Throws unless the browser rejected the fetch (with this CorsError code, `Network` or `TypeError`, if given). */
export function assertBlockedByCors(outcome: unknown, code?: FailureCode): void {
  enforce(toBeBlockedByCors(outcome, code), true, 'blockedByCors', assertBlockedByCors);
}

/** Throws unless an `OPTIONS` preflight went out for this fetch. */
export function assertSentPreflight(outcome: unknown): void {
  enforce(toHaveSentPreflight(outcome), true, 'sentPreflight', assertSentPreflight);
}

/** Throws if an `OPTIONS` preflight went out for this fetch (a simple request, or a preflight-cache hit). */
export function assertNoPreflight(outcome: unknown): void {
  enforce(toHaveSentPreflight(outcome), false, 'noPreflight', assertNoPreflight);
}

/** Throws unless script can read response header `name`. */
export function assertExposesHeader(outcome: unknown, name: string): void {
  enforce(toExposeHeader(outcome, name), true, 'exposesHeader', assertExposesHeader);
}

/** Throws if an `audit()` report has a finding at or above `threshold` (default `low`: any finding). */
export function assertNoCorsFindings(report: unknown, threshold: 'high' | 'medium' | 'low' = 'low'): void {
  enforce(toHaveNoCorsFindings(report, threshold), true, 'noCorsFindings', assertNoCorsFindings);
}
