import Fastify from 'fastify';
import fastifyCors from '@fastify/cors';
import { expect, test } from 'vitest';
import '@corsim/vitest';
import { createBrowser, fastifyTransport } from 'corsim';

const app = Fastify();
await app.register(fastifyCors, { origin: 'https://app.example', methods: ['GET', 'PUT'] });
app.put('/items/1', async () => ({ saved: true }));
const browser = createBrowser({ origin: 'https://app.example', transport: fastifyTransport(app) });

test('a JSON PUT is preflighted and allowed', async () => {
  const put = await browser.outcome('https://api.example/items/1', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(put).toHaveSentPreflight();
  expect(put).toBeAllowedByCors();
});
