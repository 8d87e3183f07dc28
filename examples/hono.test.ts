import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { expect, test } from 'vitest';
import '@corsim/vitest';
import { createBrowser, fetchHandlerTransport } from 'corsim';

const app = new Hono().use('*', cors({ origin: 'https://app.example' })).get('/data', (c) => c.json({ ok: true }));
const browser = createBrowser({ origin: 'https://app.example', browser: 'firefox', transport: fetchHandlerTransport(app.fetch) });

test('app.example reads, evil.example is refused', async () => {
  expect(await browser.outcome('https://api.example/data')).toBeAllowedByCors();
  const evil = createBrowser({ origin: 'https://evil.example', transport: fetchHandlerTransport(app.fetch) });
  expect(await evil.outcome('https://api.example/data')).toBeBlockedByCors('MissingAllowOriginHeader');
});
