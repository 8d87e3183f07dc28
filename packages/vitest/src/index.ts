/**
 * @corsim/vitest: matchers for what a browser page could do with your server.
 *
 * @example
 * import '@corsim/vitest';
 * const outcome = await browser.outcome('https://api.example/me', { credentials: 'include' });
 * expect(outcome).toBeAllowedByCors();
 * expect(await browser.outcome(url, { method: 'DELETE' })).toBeBlockedByCors('MethodDisallowedByPreflightResponse');
 */
import { expect } from 'vitest';
import type { FailureCode } from '@corsim/engine';
import { toBeAllowedByCors, toBeBlockedByCors, toExposeHeader, toHaveNoCorsFindings, toHaveSentPreflight } from './matchers.js';

export { toBeAllowedByCors, toBeBlockedByCors, toExposeHeader, toHaveNoCorsFindings, toHaveSentPreflight, verdict, explain, type MatcherResult } from './matchers.js';

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

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends CorsMatchers<T> {}
}

expect.extend({ toBeAllowedByCors, toBeBlockedByCors, toHaveSentPreflight, toExposeHeader, toHaveNoCorsFindings });
