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
import { corsMatchers, type CorsMatchers } from 'corsim/checks';

export { toBeAllowedByCors, toBeBlockedByCors, toExposeHeader, toHaveNoCorsFindings, toHaveSentPreflight, verdict, explain, type CorsMatchers, type MatcherResult } from 'corsim/checks';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends CorsMatchers<T> {}
}

expect.extend(corsMatchers);
