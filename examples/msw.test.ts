import { getResponse, http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import '@corsim/vitest';
import { createBrowser, fetchHandlerTransport } from 'corsim';

const APP = 'https://app.example';
const handlers = [
  http.options('https://api.example/todos', () => new HttpResponse(null, {
    status: 204,
    headers: { 'Access-Control-Allow-Origin': APP, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'content-type' },
  })),
  http.post('https://api.example/todos', () => HttpResponse.json({ id: 1 }, { headers: { 'Access-Control-Allow-Origin': APP } })),
  http.get('https://api.example/me', () => HttpResponse.json({ name: 'Ada' })),
];
// A request no handler matches fails as an unreachable server would.
const browser = createBrowser({
  origin: APP,
  transport: fetchHandlerTransport(async (request) => (await getResponse(handlers, request)) ?? Response.error()),
});

test('the mocked JSON POST would work in a browser', async () => {
  const post = await browser.outcome('https://api.example/todos', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(post).toHaveSentPreflight();
  expect(post).toBeAllowedByCors();
});

test('the mocked GET would not: it has no Access-Control-Allow-Origin', async () => {
  expect(await browser.outcome('https://api.example/me')).toBeBlockedByCors('MissingAllowOriginHeader');
});
