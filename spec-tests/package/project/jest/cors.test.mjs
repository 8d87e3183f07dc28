import express from 'express';
import cors from 'cors';
import { expect, test } from '@jest/globals';
import '@corsim/jest';
import { createBrowser, nodeHandlerTransport } from 'corsim';

const app = express().use(cors({ origin: 'https://app.example' })).get('/me', (_req, res) => { res.json({ id: 1 }); });
const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });

test('the page reads /me', async () => {
  expect(await browser.outcome('https://api.example/me')).toBeAllowedByCors();
});

test('deliberately failing: a credentialed read', async () => {
  expect(await browser.outcome('https://api.example/me', { credentials: 'include' })).toBeAllowedByCors();
});
