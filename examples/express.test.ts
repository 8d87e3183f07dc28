import express from 'express';
import cors from 'cors';
import { expect, test } from 'vitest';
import '@corsim/vitest';
import { createBrowser, nodeHandlerTransport } from 'corsim';

const app = express()
  .use(cors({ origin: 'https://app.example', credentials: true, methods: ['GET', 'POST'] }))
  .get('/me', (_req, res) => { res.json({ id: 1 }); });
const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });

test('the page reads /me with its cookies, and cannot DELETE', async () => {
  expect(await browser.outcome('https://api.example/me', { credentials: 'include' })).toBeAllowedByCors();
  expect(await browser.outcome('https://api.example/me', { method: 'DELETE' })).toBeBlockedByCors('MethodDisallowedByPreflightResponse');
});
