import express from 'express';
import cors from 'cors';
import { afterEach, expect, test } from 'vitest';
import { installBrowserFetch, nodeHandlerTransport } from 'corsim';

// Application code, unchanged: it calls the global fetch.
const loadProfile = async () => (await fetch('https://api.example/me', { credentials: 'include' })).json();

const app = express().use(cors({ origin: 'https://app.example' })).get('/me', (_req, res) => { res.json({ id: 1 }); });
const browser = installBrowserFetch({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
afterEach(() => browser.restore());

test('the client code fails in the browser: cors() sends no Access-Control-Allow-Credentials', async () => {
  await expect(loadProfile()).rejects.toThrow('Failed to fetch');
  expect(browser.console).toContainEqual(expect.stringContaining("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'"));
});
