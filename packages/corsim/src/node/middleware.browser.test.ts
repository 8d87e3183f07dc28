/**
 * Real CORS middleware, as a browser page meets it: the same fetch() calls through the in-process and the
 * socket transports give the same verdicts, and the verdicts are those real Chromium gives for the same
 * answers (the engine's agreement with recorded Chromium covers each rule involved: wildcard with
 * credentials, reflection, missing methods, a 500 without CORS headers).
 */
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import express from 'express';
import cors from 'cors';
import Fastify from 'fastify';
import fastifyCors from '@fastify/cors';
import Koa from 'koa';
import koaCors from '@koa/cors';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { FetchOutcome, Transport } from '@corsim/engine';
import { createBrowser } from '../browser.js';
import { fastifyTransport, nodeHandlerTransport } from './node-handler.js';
import { fetchHandlerTransport } from '../transports/fetch-handler.js';
import { undiciTransport } from './undici.js';
import { listen } from './test-helpers.js';
import { getRequestListener } from '@hono/node-server';

const PAGE = 'http://app.example.test:47001';

type Config = 'default' | 'credentials-only' | 'reflect-with-credentials' | 'failing-origin-callback';

interface Stack {
  readonly inProcess: Transport;
  readonly port: number;
  close(): Promise<void>;
}

const stacks: Record<string, (config: Config) => Promise<Stack>> = {
  async express(config) {
    const app = express();
    app.set('env', 'test'); // express's final handler prints error stacks unless the env is 'test'
    app.use(config === 'default' ? cors()
      : config === 'credentials-only' ? cors({ credentials: true })
      : config === 'reflect-with-credentials' ? cors({ origin: true, credentials: true })
      : cors({ origin: (_o, cb) => cb(new Error('origin lookup failed')) }));
    app.all('/data', (_req, res) => {
      res.append('Set-Cookie', 'sid=1; Path=/');
      res.type('text/plain').send('data');
    });
    const server = await listen(http.createServer(app));
    return { inProcess: nodeHandlerTransport(app), port: server.port, close: () => server.close() };
  },
  async fastify(config) {
    const app = Fastify();
    await app.register(fastifyCors, config === 'default' ? {} : config === 'credentials-only' ? { credentials: true }
      : config === 'reflect-with-credentials' ? { origin: true, credentials: true }
      : { origin: (_o: string | undefined, cb: (e: Error | null, allow: boolean) => void) => cb(new Error('origin lookup failed'), false) });
    app.all('/data', async (_req, reply) => reply.header('set-cookie', 'sid=1; Path=/').type('text/plain').send('data'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return { inProcess: fastifyTransport(app), port, close: () => app.close() };
  },
  async koa(config) {
    const app = new Koa();
    app.use(config === 'default' ? koaCors() : config === 'credentials-only' ? koaCors({ credentials: true })
      : config === 'reflect-with-credentials' ? koaCors({ origin: (ctx) => ctx.get('Origin'), credentials: true })
      : koaCors({ origin: () => { throw new Error('origin lookup failed'); }, keepHeadersOnError: false }));
    app.use((ctx) => {
      if (ctx.path !== '/data') return;
      ctx.append('Set-Cookie', 'sid=1; Path=/');
      ctx.type = 'text/plain';
      ctx.body = 'data';
    });
    app.silent = true;
    const server = await listen(http.createServer(app.callback()));
    return { inProcess: nodeHandlerTransport(app.callback()), port: server.port, close: () => server.close() };
  },
  async hono(config) {
    const app = new Hono();
    app.onError((_err, c) => c.text('Internal Server Error', 500)); // quiet: hono's default handler logs
    app.use('*', config === 'default' ? honoCors() : config === 'credentials-only' ? honoCors({ credentials: true })
      : config === 'reflect-with-credentials' ? honoCors({ origin: (o) => o, credentials: true })
      : honoCors({ origin: () => { throw new Error('origin lookup failed'); } }));
    app.all('/data', (c) => {
      c.header('Set-Cookie', 'sid=1; Path=/');
      return c.text('data');
    });
    const server = await listen(http.createServer(getRequestListener(app.fetch)));
    return { inProcess: fetchHandlerTransport(app.fetch), port: server.port, close: () => server.close() };
  },
};

interface Call {
  readonly desc: string;
  readonly config: Config;
  readonly init: RequestInit;
  /** Expected verdict per stack: 'allowed' or the CorsError code. */
  readonly expect: Record<keyof typeof stacks, string>;
}

const calls: Call[] = [
  { desc: 'default config, simple GET: ACAO * lets any page read it', config: 'default', init: {},
    expect: { express: 'allowed', fastify: 'allowed', koa: 'allowed', hono: 'allowed' } },
  { desc: "default config, credentials 'include': ACAO * is refused with credentials", config: 'default', init: { credentials: 'include' },
    expect: { express: 'WildcardOriginNotAllowed', fastify: 'WildcardOriginNotAllowed', koa: 'WildcardOriginNotAllowed', hono: 'WildcardOriginNotAllowed' } },
  { desc: "credentials: true with the default origin: '*' plus ACAC true is still refused (expressjs/cors #119); koa reflects instead",
    config: 'credentials-only', init: { credentials: 'include' },
    expect: { express: 'WildcardOriginNotAllowed', fastify: 'WildcardOriginNotAllowed', koa: 'allowed', hono: 'WildcardOriginNotAllowed' } },
  { desc: 'origin reflection with credentials: allowed (and the cookie is stored)', config: 'reflect-with-credentials', init: { credentials: 'include' },
    expect: { express: 'allowed', fastify: 'allowed', koa: 'allowed', hono: 'allowed' } },
  { desc: "default config, PUT with a custom header: @fastify/cors allows only GET,HEAD,POST by default", config: 'default',
    init: { method: 'PUT', headers: { 'X-Custom': '1' }, body: 'x' },
    expect: { express: 'allowed', fastify: 'MethodDisallowedByPreflightResponse', koa: 'allowed', hono: 'allowed' } },
  { desc: 'an origin callback that fails: a 500 without CORS headers, which the page sees only as a CORS error', config: 'failing-origin-callback', init: {},
    expect: { express: 'MissingAllowOriginHeader', fastify: 'MissingAllowOriginHeader', koa: 'MissingAllowOriginHeader', hono: 'MissingAllowOriginHeader' } },
];

const verdict = (o: FetchOutcome): string => (o.ok ? 'allowed' : o.reason.code);
const open: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(open.map((close) => close()));
});

describe.each(Object.keys(stacks))('%s as a browser page meets it', (name) => {
  it.each(calls)('$desc', async (call) => {
    const stack = await (stacks[name] as (c: Config) => Promise<Stack>)(call.config);
    open.push(() => stack.close());
    const url = `http://api.example.test:${stack.port}/data`;
    const sockets = undiciTransport({ resolve: { 'api.example.test': '127.0.0.1' }, timeoutMs: 5000 });
    open.push(() => sockets.close());
    const outcomes: FetchOutcome[] = [];
    for (const transport of [stack.inProcess, sockets]) {
      const browser = createBrowser({ origin: PAGE, transport });
      const outcome = await browser.outcome(url, call.init as never);
      outcomes.push(outcome);
      if (outcome.ok && call.init.credentials === 'include') {
        expect(browser.cookies.getCookieHeader(url, { pageUrl: PAGE, sameSite: 'strict', crossSite: false })).toBe('sid=1');
      }
    }
    const [inProcess, overSockets] = outcomes as [FetchOutcome, FetchOutcome];
    expect(verdict(inProcess)).toBe(call.expect[name]);
    expect(verdict(overSockets)).toBe(verdict(inProcess));
    expect(overSockets.wire.map((x) => `${x.request.method} ${x.response?.status}`)).toEqual(inProcess.wire.map((x) => `${x.request.method} ${x.response?.status}`));
    if (call.config === 'failing-origin-callback') {
      // The trace says what the page cannot: the server answered 500.
      expect(inProcess.trace.some((e) => e.facts.what === 'response-received' && e.facts.status === 500)).toBe(true);
    }
  });
});
