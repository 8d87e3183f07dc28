import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { createBrowser, fetchHandlerTransport } from '../web.js';
import { assertAllowedByCors, assertBlockedByCors, assertExposesHeader, assertNoCorsFindings, assertNoPreflight, assertSentPreflight } from './assert.js';
import { toBeAllowedByCors } from '../checks.js';

const api = fetchHandlerTransport((req) => {
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: { 'access-control-allow-origin': 'https://app.example', 'access-control-allow-methods': 'PUT' } });
  return new Response('ok', { headers: { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-request-id', 'x-request-id': '7' } });
});

function caught(run: () => void): AssertionError {
  try {
    run();
  } catch (error) {
    if (error instanceof AssertionError) return error;
    throw error;
  }
  throw new Error('expected an AssertionError');
}

describe('corsim/assert', () => {
  it('passes silently on what the page could do', async () => {
    const browser = createBrowser({ origin: 'https://app.example', transport: api });
    const get = await browser.outcome('https://api.example/x');
    assertAllowedByCors(get);
    assertNoPreflight(get);
    assertExposesHeader(get, 'X-Request-Id');
    assertSentPreflight(await browser.outcome('https://api.example/x', { method: 'PUT' }));
    assertBlockedByCors(await browser.outcome('https://api.example/x', { credentials: 'include' }), 'WildcardOriginNotAllowed');
  });

  it('throws AssertionError with the matchers\' message', async () => {
    const browser = createBrowser({ origin: 'https://app.example', transport: api });
    const blocked = await browser.outcome('https://api.example/x', { credentials: 'include' });
    const error = caught(() => assertAllowedByCors(blocked));
    expect(error.message).toBe(toBeAllowedByCors(blocked).message());
    expect(error.message).toContain('verdict: blocked: WildcardOriginNotAllowed');
    expect(error.actual).toBe('blocked: WildcardOriginNotAllowed (*) on the actual');
    expect(caught(() => assertBlockedByCors(blocked, 'MissingAllowOriginHeader')).message).toContain('expected the browser to block the request with MissingAllowOriginHeader');
    expect(caught(() => assertSentPreflight(blocked)).message).toContain('expected a preflight, but none was sent');
    expect(caught(() => assertAllowedByCors({})).message).toContain('expected a corsim FetchOutcome');
  });

  it('assertNoCorsFindings throws on a finding at or above the threshold only', () => {
    const finding = { class: 'reflects-any-origin', severity: 'medium' as const, url: 'https://api.example/', why: 'any origin is echoed', fix: { summary: 'list the allowed origins' } };
    const report = { url: 'https://api.example/', findings: [finding] };
    assertNoCorsFindings(report, 'high');
    expect(caught(() => assertNoCorsFindings(report)).message).toContain('MEDIUM reflects-any-origin https://api.example/');
  });
});
