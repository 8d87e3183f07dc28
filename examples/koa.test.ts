import Koa from 'koa';
import koaCors from '@koa/cors';
import { expect, test } from 'vitest';
import '@corsim/vitest';
import { createBrowser, nodeHandlerTransport } from 'corsim';

const app = new Koa()
  .use(koaCors({ origin: 'https://app.example', exposeHeaders: ['X-Request-Id'] }))
  .use((ctx) => { ctx.set('X-Request-Id', '42'); ctx.body = 'ok'; });
const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app.callback()) });

test('script can read the exposed header', async () => {
  expect(await browser.outcome('https://api.example/')).toExposeHeader('X-Request-Id');
});
