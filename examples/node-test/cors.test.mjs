import express from 'express';
import cors from 'cors';
import { test } from 'node:test';
import { assertAllowedByCors, assertBlockedByCors } from 'corsim/assert';
import { createBrowser, nodeHandlerTransport } from 'corsim';

const app = express().use(cors({ origin: 'https://app.example' })).get('/me', (_req, res) => { res.json({ id: 1 }); });
const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });

test('the page reads /me, but not with its cookies', async () => {
  assertAllowedByCors(await browser.outcome('https://api.example/me'));
  assertBlockedByCors(await browser.outcome('https://api.example/me', { credentials: 'include' }), 'InvalidAllowCredentials');
});
