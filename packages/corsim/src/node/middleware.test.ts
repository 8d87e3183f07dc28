/**
 * Real CORS middleware stacks answered in process and over loopback sockets: for the same
 * requests both paths must hand the engine the same WireResponse (status, header lines, body),
 * ignoring only Date/Connection/Keep-Alive and header-name case. Along the way, pins down what
 * each middleware answers, which corsim users meet in practice.
 */
import http from 'node:http';
import { describe, expect, test } from 'vitest';
import express from 'express';
import cors from 'cors';
import Fastify from 'fastify';
import fastifyCors from '@fastify/cors';
import Koa from 'koa';
import koaCors from '@koa/cors';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { getRequestListener } from '@hono/node-server';
import type { NetworkResult, Transport, WireRequest } from '@corsim/engine';
import { undiciTransport } from './undici.js';
import { fastifyTransport, nodeHandlerTransport } from './node-handler.js';
import { fetchHandlerTransport } from '../transports/fetch-handler.js';
import { comparable, ioResources, leakedSince, listen, values, wire } from './test-helpers.js';

/** `default`: the middleware with no options; `reflect`: echo the Origin, with credentials; `credentials`: only `credentials: true`. */
type Mode = 'default' | 'reflect' | 'credentials';
const MODES: readonly Mode[] = ['default', 'reflect', 'credentials'];

const APP = 'https://app.example';

interface InProcessPath {
  readonly label: string;
  readonly transport: Transport;
  /** A fetch-handler path: header names sorted and framing decided by no adapter, so compare sorted and without framing headers. */
  readonly fetchStyle: boolean;
}

interface Built {
  readonly port: number;
  readonly inProcess: readonly InProcessPath[];
  close(): Promise<void>;
}

const COOKIES = ['a=1; Path=/', 'b=2; Path=/'];

const stacks: Record<string, (mode: Mode) => Promise<Built>> = {
  async 'express@5 + cors@2'(mode) {
    const app = express();
    app.use(mode === 'default' ? cors() : mode === 'reflect' ? cors({ origin: true, credentials: true }) : cors({ credentials: true }));
    app.use(express.text({ type: '*/*' }));
    app.get('/data', (_req, res) => {
      for (const c of COOKIES) res.append('Set-Cookie', c);
      res.json({ ok: true });
    });
    app.post('/data', (req, res) => void res.type('text/plain').send(`echo:${String(req.body)}`));
    const server = await listen(http.createServer(app));
    return { port: server.port, inProcess: [{ label: 'light-my-request', transport: nodeHandlerTransport(app), fetchStyle: false }], close: () => server.close() };
  },

  async 'fastify@5 + @fastify/cors@11'(mode) {
    const app = Fastify();
    await app.register(fastifyCors, mode === 'default' ? {} : mode === 'reflect' ? { origin: true, credentials: true } : { credentials: true });
    app.get('/data', async (_req, reply) => {
      reply.header('set-cookie', COOKIES);
      return { ok: true };
    });
    app.post('/data', async (req, reply) => reply.type('text/plain').send(`echo:${String(req.body)}`));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return { port, inProcess: [{ label: 'fastify routing', transport: fastifyTransport(app), fetchStyle: false }], close: () => app.close() };
  },

  async 'koa@3 + @koa/cors@5'(mode) {
    const app = new Koa();
    app.use(mode === 'default' ? koaCors() : mode === 'reflect' ? koaCors({ origin: (ctx) => ctx.get('Origin'), credentials: true }) : koaCors({ credentials: true }));
    app.use(async (ctx) => {
      if (ctx.path !== '/data') return;
      if (ctx.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
        ctx.type = 'text/plain';
        ctx.body = `echo:${Buffer.concat(chunks).toString()}`;
        return;
      }
      for (const c of COOKIES) ctx.append('Set-Cookie', c);
      ctx.body = { ok: true };
    });
    const server = await listen(http.createServer(app.callback()));
    return { port: server.port, inProcess: [{ label: 'light-my-request', transport: nodeHandlerTransport(app.callback()), fetchStyle: false }], close: () => server.close() };
  },

  async 'hono@4 cors() (+ @hono/node-server on the socket)'(mode) {
    const app = new Hono();
    app.use('*', mode === 'default' ? honoCors() : mode === 'reflect' ? honoCors({ origin: (origin) => origin, credentials: true }) : honoCors({ credentials: true }));
    app.get('/data', (c) => {
      for (const cookie of COOKIES) c.header('Set-Cookie', cookie, { append: true });
      return c.json({ ok: true });
    });
    app.post('/data', async (c) => c.text(`echo:${await c.req.text()}`));
    const listener = getRequestListener(app.fetch);
    const server = await listen(http.createServer(listener));
    return {
      port: server.port,
      inProcess: [
        { label: 'app.fetch', transport: fetchHandlerTransport(app.fetch), fetchStyle: true },
        { label: 'node-server listener via light-my-request', transport: nodeHandlerTransport(listener), fetchStyle: false },
      ],
      close: () => server.close(),
    };
  },
};

function requests(origin: string): Record<string, WireRequest> {
  return {
    preflight: wire('OPTIONS', `${origin}/data`, [['Origin', APP], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'x-custom,content-type']]),
    'simple GET with Origin and Cookie': wire('GET', `${origin}/data`, [['Origin', APP], ['Cookie', 'sid=1']]),
    'GET without Origin': wire('GET', `${origin}/data`),
    'POST with a body': wire('POST', `${origin}/data`, [['Origin', APP], ['Content-Type', 'text/plain;charset=UTF-8']], 'hello'),
    'GET of a missing path': wire('GET', `${origin}/missing`, [['Origin', APP]]),
  };
}

const FRAMING = new Set(['content-length', 'transfer-encoding']);

function sameAs(result: NetworkResult, fetchStyle: boolean): unknown {
  const c = comparable(result, fetchStyle);
  if (!fetchStyle || !('headers' in c)) return c;
  return { ...c, headers: c.headers.filter(([n]) => !FRAMING.has(n)) };
}

/** Socket results by stack, mode and request name, for the behaviour assertions below. */
const observed = new Map<string, NetworkResult>();
const key = (stack: string, mode: Mode, request: string): string => `${stack} | ${mode} | ${request}`;

describe.each(Object.keys(stacks))('%s', (stackName) => {
  test.each(MODES)('in-process and socket transports answer alike (%s options)', async (mode) => {
    const before = ioResources();
    const built = await stacks[stackName]!(mode);
    const origin = `http://api.example.test:${built.port}`;
    const socket = undiciTransport({ timeoutMs: 5000, resolve: { 'api.example.test': '127.0.0.1' } });
    try {
      for (const [name, request] of Object.entries(requests(origin))) {
        const overSocket = await socket.send(request);
        expect(overSocket.ok, `${name} over the socket`).toBe(true);
        observed.set(key(stackName, mode, name), overSocket);
        for (const path of built.inProcess) {
          const inProcess = await path.transport.send(request);
          expect(sameAs(inProcess, path.fetchStyle), `${name} via ${path.label}`).toEqual(sameAs(overSocket, path.fetchStyle));
        }
      }
    } finally {
      await socket.close();
      await built.close();
    }
    expect(await leakedSince(before)).toEqual({});
  });
});

test('an express route failing after its headers are out: both paths report the cut body alike', async () => {
  const before = ioResources();
  const app = express();
  app.use(cors());
  app.get('/fail', (_req, res, next) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('partial');
    setImmediate(() => next(new Error('late failure')));
  });
  const server = await listen(http.createServer(app));
  const socket = undiciTransport({ timeoutMs: 5000 });
  const request = wire('GET', `${server.origin}/fail`, [['Origin', APP]]);
  const overSocket = await socket.send(request);
  const inProcess = await nodeHandlerTransport(app).send(request);
  expect(overSocket).toMatchObject({ ok: false, netError: 'ERR_INCOMPLETE_CHUNKED_ENCODING' });
  expect(inProcess).toMatchObject({ ok: false, netError: 'ERR_INCOMPLETE_CHUNKED_ENCODING' });
  await socket.close();
  await server.close();
  expect(await leakedSince(before)).toEqual({});
});

describe('what the middlewares answer (observed over sockets above)', () => {
  const get = (stack: string, mode: Mode, request: string): NetworkResult => {
    const result = observed.get(key(stack, mode, request));
    if (!result) throw new Error(`no observation for ${key(stack, mode, request)}`);
    return result;
  };
  const one = (result: NetworkResult, name: string): string | undefined => {
    const v = values(result, name);
    return v.length === 0 ? undefined : v.join(', ');
  };
  const preflight = (result: NetworkResult) => ({
    status: result.ok ? result.response.status : 0,
    allowOrigin: one(result, 'access-control-allow-origin'),
    allowCredentials: one(result, 'access-control-allow-credentials'),
    allowMethods: one(result, 'access-control-allow-methods'),
    allowHeaders: one(result, 'access-control-allow-headers'),
    maxAge: one(result, 'access-control-max-age'),
  });

  const [EXPRESS, FASTIFY, KOA, HONO] = Object.keys(stacks) as [string, string, string, string];

  test('default preflight: 204, any origin, ACRH reflected, no max-age; the allowed methods differ', () => {
    const common = { status: 204, allowOrigin: '*', allowCredentials: undefined, allowHeaders: 'x-custom,content-type', maxAge: undefined };
    expect(preflight(get(EXPRESS, 'default', 'preflight'))).toEqual({ ...common, allowMethods: 'GET,HEAD,PUT,PATCH,POST,DELETE' });
    // @fastify/cors@11 allows only the CORS-safelisted methods by default: a PUT preflight fails in the browser
    expect(preflight(get(FASTIFY, 'default', 'preflight'))).toEqual({ ...common, allowMethods: 'GET,HEAD,POST' });
    expect(preflight(get(KOA, 'default', 'preflight'))).toEqual({ ...common, allowMethods: 'GET,HEAD,PUT,POST,DELETE,PATCH' });
    expect(preflight(get(HONO, 'default', 'preflight'))).toEqual({ ...common, allowMethods: 'GET,HEAD,PUT,POST,DELETE,PATCH,QUERY' });
  });

  test('reflect + credentials: every stack echoes the Origin and allows credentials', () => {
    for (const stack of [EXPRESS, FASTIFY, KOA, HONO]) {
      const p = preflight(get(stack, 'reflect', 'preflight'));
      expect({ allowOrigin: p.allowOrigin, allowCredentials: p.allowCredentials }, stack).toEqual({ allowOrigin: APP, allowCredentials: 'true' });
      const actual = get(stack, 'reflect', 'simple GET with Origin and Cookie');
      expect(one(actual, 'access-control-allow-origin'), stack).toBe(APP);
      expect(values(actual, 'set-cookie'), stack).toEqual(COOKIES);
    }
  });

  test('`credentials: true` alone: express, fastify and hono send `*` with credentials (browsers refuse that for credentialed requests); koa reflects the Origin', () => {
    for (const stack of [EXPRESS, FASTIFY, HONO]) {
      const actual = get(stack, 'credentials', 'simple GET with Origin and Cookie');
      expect([one(actual, 'access-control-allow-origin'), one(actual, 'access-control-allow-credentials')], stack).toEqual(['*', 'true']);
    }
    const koa = get(KOA, 'credentials', 'simple GET with Origin and Cookie');
    expect([one(koa, 'access-control-allow-origin'), one(koa, 'access-control-allow-credentials')]).toEqual([APP, 'true']);
  });

  test('without an Origin header: koa with `credentials: true` sends an empty Access-Control-Allow-Origin; the others send none when reflecting', () => {
    expect(values(get(KOA, 'credentials', 'GET without Origin'), 'access-control-allow-origin')).toEqual(['']);
    for (const stack of [EXPRESS, FASTIFY, HONO]) {
      expect(values(get(stack, 'reflect', 'GET without Origin'), 'access-control-allow-origin'), stack).toEqual([]);
    }
    // and by default, all four answer `*` even when no Origin was sent
    for (const stack of [EXPRESS, FASTIFY, KOA, HONO]) {
      expect(values(get(stack, 'default', 'GET without Origin'), 'access-control-allow-origin'), stack).toEqual(['*']);
    }
  });

  test('Vary: koa always varies on Origin; the others only when the answer depends on it', () => {
    expect(one(get(KOA, 'default', 'simple GET with Origin and Cookie'), 'vary')).toBe('Origin');
    for (const stack of [EXPRESS, FASTIFY, HONO]) {
      expect(one(get(stack, 'default', 'simple GET with Origin and Cookie'), 'vary'), stack).toBeUndefined();
      expect(one(get(stack, 'reflect', 'simple GET with Origin and Cookie'), 'vary'), stack).toBe('Origin');
    }
  });

  test('request bodies reach every app intact (both paths compared equal above)', () => {
    for (const stack of [EXPRESS, FASTIFY, KOA, HONO]) {
      for (const mode of MODES) {
        const echoed = get(stack, mode, 'POST with a body');
        expect(echoed.ok && new TextDecoder().decode(echoed.response.body), `${stack} ${mode}`).toBe('echo:hello');
      }
    }
  });

  test('404s keep the CORS headers, so the browser lets script read the 404', () => {
    for (const stack of [EXPRESS, FASTIFY, KOA, HONO]) {
      const missing = get(stack, 'default', 'GET of a missing path');
      expect(missing.ok && missing.response.status, stack).toBe(404);
      expect(one(missing, 'access-control-allow-origin'), stack).toBe('*');
    }
  });
});
