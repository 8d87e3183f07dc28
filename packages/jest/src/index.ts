/**
 * @corsim/jest: the corsim matchers for jest (`expect.extend`, typed for `@jest/globals` and `@types/jest`).
 *
 * @example
 * import '@corsim/jest';
 * expect(await browser.outcome('https://api.example/me', { credentials: 'include' })).toBeAllowedByCors();
 */
import { expect } from '@jest/globals';
import { corsMatchers, type CorsMatchers } from 'corsim/checks';

export { toBeAllowedByCors, toBeBlockedByCors, toExposeHeader, toHaveNoCorsFindings, toHaveSentPreflight, verdict, explain, type CorsMatchers, type MatcherResult } from 'corsim/checks';

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R extends void | Promise<void>, T = unknown> extends CorsMatchers<R> {}
}

declare global {
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends CorsMatchers<R> {}
  }
}

expect.extend(corsMatchers);
