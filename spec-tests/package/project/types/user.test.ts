// Type-checked with tsc --noEmit against the installed packages' .d.ts: the matchers, SimulatedBrowser, FetchOutcome.
import { expect as vitestExpect } from 'vitest';
import { expect as jestExpect } from '@jest/globals';
import '@corsim/vitest';
import '@corsim/jest';
import { createBrowser, fetchHandlerTransport, installBrowserFetch, type FetchOutcome, type SimulatedBrowser } from 'corsim';
import { assertBlockedByCors } from 'corsim/assert';

const browser: SimulatedBrowser = createBrowser({ origin: 'https://app.example', browser: 'webkit', transport: fetchHandlerTransport(() => new Response('ok')) });
const outcome: FetchOutcome = await browser.outcome('https://api.example/x', { method: 'PUT', headers: { 'X-Custom': '1' } });
if (!outcome.ok) {
  const code: string = outcome.reason.code;
  console.log(code, outcome.reason.leg);
}
vitestExpect(outcome).toBeBlockedByCors('MethodDisallowedByPreflightResponse');
vitestExpect(outcome).not.toHaveSentPreflight();
jestExpect(outcome).toExposeHeader('x-request-id');
assertBlockedByCors(outcome, 'PreflightMissingAllowOriginHeader');
// @ts-expect-error: not a CorsError code
vitestExpect(outcome).toBeBlockedByCors('NoSuchCode');
// @ts-expect-error: not a CorsError code
jestExpect(outcome).toBeBlockedByCors('NoSuchCode');
// @ts-expect-error: the page origin is required
createBrowser({ transport: fetchHandlerTransport(() => new Response('ok')) });
const installed = installBrowserFetch({ origin: 'https://app.example', transport: fetchHandlerTransport(() => new Response('ok')) });
installed.restore();
