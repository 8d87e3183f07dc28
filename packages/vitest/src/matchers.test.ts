import { describe, expect, it } from 'vitest';
import { audit, createBrowser, fetchHandlerTransport } from 'corsim';
import './index.js';
import { toBeAllowedByCors, toBeBlockedByCors, toHaveNoCorsFindings } from './index.js';

const PAGE = 'https://app.example';
const api = fetchHandlerTransport((req) => {
  const origin = req.headers.get('origin') ?? '';
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'PUT' } });
  return new Response('ok', { headers: { 'access-control-allow-origin': '*', 'x-request-id': '7', 'access-control-expose-headers': 'x-request-id', 'x-internal': '1' } });
});

describe('@corsim/vitest matchers', () => {
  it('assert what the page could do', async () => {
    const browser = createBrowser({ origin: PAGE, transport: api });
    const get = await browser.outcome('https://api.example/x');
    expect(get).toBeAllowedByCors();
    expect(get).not.toHaveSentPreflight();
    expect(get).toExposeHeader('X-Request-Id');
    expect(get).not.toExposeHeader('x-internal');
    expect(await browser.outcome('https://api.example/x', { credentials: 'include' })).toBeBlockedByCors('WildcardOriginNotAllowed');
    expect(await browser.outcome('https://api.example/x', { method: 'DELETE' })).toBeBlockedByCors('MethodDisallowedByPreflightResponse');
    const put = await browser.outcome('https://api.example/x', { method: 'PUT' });
    expect(put).toHaveSentPreflight();
  });

  it('explain a failure with the verdict, the console line and the trace', async () => {
    const browser = createBrowser({ origin: PAGE, transport: api });
    const blocked = await browser.outcome('https://api.example/x', { credentials: 'include' });
    const result = toBeAllowedByCors(blocked);
    expect(result.pass).toBe(false);
    const message = result.message();
    expect(message).toContain('verdict: blocked: WildcardOriginNotAllowed');
    expect(message).toContain("console: Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy");
    expect(message).toContain('<https://fetch.spec.whatwg.org/#concept-cors-check>');
    expect(message).toMatch(/fix: .*https:\/\/app\.example/); // the fix names the origin to echo instead of *
    const disallowed = toBeAllowedByCors(await browser.outcome('https://api.example/x', { method: 'DELETE' })).message();
    expect(disallowed).toContain('fix: ');
    expect(disallowed).toContain('Access-Control-Allow-Methods: PUT, DELETE');
    expect(toBeAllowedByCors(await browser.outcome('https://api.example/x')).message()).not.toContain('fix: ');
    expect(toBeBlockedByCors(blocked, 'MissingAllowOriginHeader').pass).toBe(false);
    expect(toBeAllowedByCors('not an outcome').pass).toBe(false);
  });
});

describe('toHaveNoCorsFindings', () => {
  const reflecting = fetchHandlerTransport((req) => new Response('{"secret":1}', {
    headers: { 'access-control-allow-origin': req.headers.get('origin') ?? '', 'access-control-allow-credentials': 'true', vary: 'Origin' },
  }));
  const exact = fetchHandlerTransport((req) => new Response('{}', {
    headers: req.headers.get('origin') === PAGE ? { 'access-control-allow-origin': PAGE, vary: 'Origin' } : {},
  }));

  it('passes for a server that allows only its list, and fails with each finding and its fix for one that reflects', async () => {
    expect(await audit(exact, { url: 'https://api.example/me', allow: [PAGE] })).toHaveNoCorsFindings();
    const report = await audit(reflecting, { url: 'https://api.example/me', allow: [PAGE] });
    const result = toHaveNoCorsFindings(report);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('HIGH reflects-any-origin https://api.example/me');
    expect(result.message()).toContain("fix: compare the request's Origin with an exact list (https://app.example)");
    expect(toHaveNoCorsFindings({ nope: 1 }).pass).toBe(false);
  });
});
