import express from 'express';
import cors from 'cors';
import { expect, test } from 'vitest';
import { createBrowser, nodeHandlerTransport } from 'corsim';

const app = express()
  .use(cors({ origin: true, credentials: true, methods: ['GET', 'POST'] })) // reflects any origin; DELETE not listed
  .get('/me', (_req, res) => { res.json({ id: 1 }); });

const browser = createBrowser({
  origin: 'https://app.example',            // the page's origin: required, never guessed
  browser: 'chromium',                      // or 'firefox', 'webkit'
  transport: nodeHandlerTransport(app),     // in process, no sockets
});

test('what page script sees, and why', async () => {
  const res = await browser.fetch('https://api.example/me', { credentials: 'include' });
  expect(res.type).toBe('cors');
  expect(await res.json()).toEqual({ id: 1 });

  const error = await browser.fetch('https://api.example/me', { method: 'DELETE' }).then(() => null, (e: TypeError) => e);
  expect(error).toBeInstanceOf(TypeError);
  expect(error?.message).toBe('Failed to fetch');                                  // all that page script ever sees
  expect(error?.cause).toMatchObject({
    code: 'MethodDisallowedByPreflightResponse',                                  // Chromium's CorsError name
    leg: 'preflight',
    anchor: 'https://fetch.spec.whatwg.org/#cors-preflight-fetch-0',
  });
  expect(browser.console).toContainEqual(expect.stringContaining('Method DELETE is not allowed by Access-Control-Allow-Methods')); // word for word
  expect(browser.wire.map((x) => x.request.method)).toEqual(['GET', 'OPTIONS']);   // every request, preflights included
  expect(browser.cache.entries()).toHaveLength(0);                                 // the CORS-preflight cache
  expect(browser.httpCache.entries().map((e) => e.url)).toEqual(['https://api.example/me']); // the HTTP cache
  expect(browser.history.at(-1)?.trace.length).toBeGreaterThan(0);                 // each step, with its spec link
});
