/**
 * The audit against real middleware servers on loopback sockets: misconfigured ones where every finding class
 * must be reported with its severity, and safe ones where nothing is.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import express from 'express';
import cors from 'cors';
import Fastify from 'fastify';
import fastifyCors from '@fastify/cors';
import Koa from 'koa';
import koaCors from '@koa/cors';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { getRequestListener } from '@hono/node-server';
import { listen, type Listening } from '../node/test-helpers.js';
import { undiciTransport } from '../node/undici.js';
import { main } from '../cli/main.js';
import type { CliIo } from '../cli/io.js';
import { audit, findingsAtLeast, hostileOrigins, type AuditReport, type FindingClass } from './index.js';

const APP = 'https://app.example.com';

type ServerName = 'express-defaults' | 'express-reflect-credentials' | 'express-unanchored-regexp' | 'koa-credentials' | 'fastify-safe'
  | 'fastify-defaults' | 'hono-defaults' | 'hono-endswith' | 'reflector' | 'host-only' | 'includes-check' | 'express-safe';

function data(_req: unknown, res: express.Response): void {
  res.json({ secret: 42 });
}

/** A hand-written answer: `acao(origin)` decides the Access-Control-Allow-Origin, the rest is fixed. */
function handWritten(acao: (origin: string) => string | undefined, extra: Record<string, string> = {}, preflightExtra: Record<string, string> = {}): http.Server {
  return http.createServer((req, res) => {
    const origin = req.headers.origin ?? '';
    const allowed = acao(origin);
    const cors: Record<string, string> = allowed === undefined ? {} : { 'Access-Control-Allow-Origin': allowed, 'Access-Control-Allow-Credentials': 'true', ...extra };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST, PUT', 'Access-Control-Allow-Headers': 'content-type', ...preflightExtra }).end();
      return;
    }
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json', 'X-Total': '1' }).end('{"secret":42}');
  });
}

const hostOf = (origin: string): string => {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
};

const builders: Record<ServerName, () => Promise<{ url: string; close(): Promise<void> }>> = {
  async 'express-defaults'() {
    const app = express().use(cors()).get('/data', data);
    const s = await listen(http.createServer(app));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'express-reflect-credentials'() {
    const app = express().use(cors({ origin: true, credentials: true })).get('/data', data);
    const s = await listen(http.createServer(app));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'express-unanchored-regexp'() {
    // Meant to allow https://app.example.com: neither anchored nor escaped.
    const app = express().use(cors({ origin: /https:\/\/app.example.com/, credentials: true })).get('/data', data);
    const s = await listen(http.createServer(app));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'express-safe'() {
    const app = express().use(cors({ origin: [APP], credentials: true })).get('/data', data);
    const s = await listen(http.createServer(app));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'koa-credentials'() {
    // @koa/cors reflects the request's Origin when no origin option is given.
    const app = new Koa().use(koaCors({ credentials: true })).use(async (ctx) => {
      if (ctx.path === '/data') ctx.body = { secret: 42 };
    });
    const s = await listen(http.createServer(app.callback()));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'fastify-safe'() {
    const app = Fastify();
    await app.register(fastifyCors, { origin: [APP], credentials: true, methods: ['GET', 'POST'] });
    app.get('/data', async () => ({ secret: 42 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/data`, close: () => app.close() };
  },
  async 'fastify-defaults'() {
    const app = Fastify();
    await app.register(fastifyCors, {});
    app.get('/data', async () => ({ secret: 42 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/data`, close: () => app.close() };
  },
  async 'hono-defaults'() {
    const app = new Hono();
    app.use('*', honoCors());
    app.get('/data', (c) => c.json({ secret: 42 }));
    const s = await listen(http.createServer(getRequestListener(app.fetch)));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'hono-endswith'() {
    // Meant to allow the company's subdomains: `endsWith` without the dot.
    const app = new Hono();
    app.use('*', honoCors({ origin: (o) => (o.endsWith('example.com') ? o : null), credentials: true }));
    app.get('/data', (c) => c.json({ secret: 42 }));
    const s = await listen(http.createServer(getRequestListener(app.fetch)));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async reflector() {
    // Echoes any Origin with credentials, forgets Vary, caches preflights for a day, and has a "public" path
    // that says * with credentials.
    const server = http.createServer((req, res) => {
      const origin = req.headers.origin ?? '';
      const publicPath = req.url?.startsWith('/public');
      const base = { 'Access-Control-Allow-Origin': publicPath ? '*' : origin, 'Access-Control-Allow-Credentials': 'true' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...base, 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'content-type', 'Access-Control-Max-Age': '86400' }).end();
        return;
      }
      res.writeHead(200, { ...base, 'Content-Type': 'application/json' }).end('{"secret":42}');
    });
    const s = await listen(server);
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'host-only'() {
    // Compares the host name only: the http: twin passes.
    const s = await listen(handWritten((o) => (hostOf(o) === 'app.example.com' ? o : undefined), { Vary: 'Origin' }));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
  async 'includes-check'() {
    // `ALLOWED.includes(host)`: tails of the allowed host pass.
    const s = await listen(handWritten((o) => (hostOf(o) !== '' && 'app.example.com'.includes(hostOf(o)) ? o : undefined), { Vary: 'Origin' }));
    return { url: `${s.origin}/data`, close: () => s.close() };
  },
};

const reports = new Map<ServerName, AuditReport>();
const servers: Array<{ close(): Promise<void> }> = [];
const urls = new Map<ServerName, string>();

beforeAll(async () => {
  const transport = undiciTransport({ timeoutMs: 5000 });
  try {
    for (const [name, build] of Object.entries(builders) as Array<[ServerName, () => Promise<{ url: string; close(): Promise<void> }>]>) {
      const s = await build();
      servers.push(s);
      urls.set(name, s.url);
      const paths = name === 'reflector' ? ['/data', '/public'] : ['/data'];
      reports.set(name, await audit(transport, { url: s.url, allow: [APP], paths, methods: ['GET', 'PUT'] }));
    }
  } finally {
    await transport.close();
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const classes = (name: ServerName): Array<[FindingClass, string]> => (reports.get(name)?.findings ?? []).map((f) => [f.class, f.severity]);

describe('audit against real middleware', () => {
  test('express + cors() defaults: a medium wildcard finding (uncredentialed read from anywhere), nothing with --allow *', async () => {
    expect(classes('express-defaults')).toEqual([['wildcard-origin', 'medium']]);
    const f = reports.get('express-defaults')?.findings[0];
    expect(f?.read).toMatchObject({ method: 'GET', status: 200, bodyBytes: 13 });
    expect(f?.why).toContain('without cookies');
    const transport = undiciTransport();
    try {
      const open = await audit(transport, { url: urls.get('express-defaults') as string, allow: ['*'] });
      expect(open.findings).toEqual([]);
    } finally {
      await transport.close();
    }
  });

  test('express + cors({ origin: true, credentials: true }): any origin and null read with cookies (high)', () => {
    expect(classes('express-reflect-credentials')).toEqual([['reflects-any-origin', 'high'], ['null-origin-allowed', 'high']]);
    const f = reports.get('express-reflect-credentials')?.findings[0];
    expect(f?.credentialed).toBe(true);
    expect(f?.why).toContain("with the user's cookies");
    expect(f?.fix.summary).toContain(`exact list (${APP})`);
  });

  test('express + cors with an unanchored, unescaped RegExp: suffix and unescaped-dot look-alikes read with cookies', () => {
    expect(new Set(classes('express-unanchored-regexp').map(([c]) => c))).toEqual(new Set(['unanchored-suffix', 'unescaped-dot']));
    expect(classes('express-unanchored-regexp').every(([, s]) => s === 'high')).toBe(true);
    const dots = reports.get('express-unanchored-regexp')?.findings.find((f) => f.class === 'unescaped-dot');
    expect(dots?.origins).toEqual(['https://appxexample.com', 'https://app.examplexcom']);
  });

  test('koa + @koa/cors with credentials: it reflects any origin (high)', () => {
    expect(classes('koa-credentials')).toEqual([['reflects-any-origin', 'high'], ['null-origin-allowed', 'high']]);
  });

  test('hono cors() with an endsWith check: prefix, unescaped-dot, substring, http: twin and subdomain look-alikes (high)', () => {
    expect(new Set(classes('hono-endswith').map(([c]) => c))).toEqual(new Set(['unanchored-prefix', 'unescaped-dot', 'substring-match', 'insecure-scheme-trusted', 'any-subdomain-trusted']));
    expect(classes('hono-endswith').every(([, s]) => s === 'high')).toBe(true);
  });

  test('fastify and hono defaults (*) are medium; fastify with an exact list reports nothing, its strictPreflight 400 included', () => {
    expect(classes('fastify-defaults')).toEqual([['wildcard-origin', 'medium']]);
    expect(classes('hono-defaults')).toEqual([['wildcard-origin', 'medium']]);
    expect(reports.get('fastify-safe')?.findings).toEqual([]);
    expect(reports.get('fastify-safe')?.allowedBlocked).toEqual([]);
    expect(reports.get('express-safe')?.findings).toEqual([]);
  });

  test('a hand-written reflector: high reads, and the low hygiene findings (Vary, Max-Age, * with credentials)', () => {
    const found = classes('reflector');
    expect(found).toEqual(expect.arrayContaining([
      ['reflects-any-origin', 'high'], ['null-origin-allowed', 'high'], ['wildcard-origin', 'medium'],
      ['missing-vary-origin', 'low'], ['max-age-over-browser-cap', 'low'], ['wildcard-with-credentials', 'low'],
    ]));
    const maxAge = reports.get('reflector')?.findings.find((f) => f.class === 'max-age-over-browser-cap');
    expect(maxAge?.why).toMatch(/chromium keeps it \(7200 s\).*webkit keeps it \(600 s\)/);
    expect(maxAge?.fix.headers).toEqual([['Access-Control-Max-Age', '600']]);
    expect(found.map(([, s]) => s)).toEqual([...found.map(([, s]) => s)].sort((a, b) => ['high', 'medium', 'low'].indexOf(a) - ['high', 'medium', 'low'].indexOf(b)));
  });

  test('a host-name-only check trusts the http: twin; an includes check on the host also trusts its tails', () => {
    expect(classes('host-only')).toEqual([['insecure-scheme-trusted', 'high']]);
    expect(classes('includes-check')).toEqual([['substring-match', 'high'], ['insecure-scheme-trusted', 'high']]);
  });

  test('every finding class is reported by one of the misconfigured servers', () => {
    const all = new Set([...reports.values()].flatMap((r) => r.findings.map((f) => f.class)));
    expect([...all].sort()).toEqual([
      'any-subdomain-trusted', 'insecure-scheme-trusted', 'max-age-over-browser-cap', 'missing-vary-origin', 'null-origin-allowed', 'reflects-any-origin',
      'substring-match', 'unanchored-prefix', 'unanchored-suffix', 'unescaped-dot', 'wildcard-origin', 'wildcard-with-credentials',
    ]);
  });

  test('findingsAtLeast filters by severity', () => {
    const r = reports.get('reflector') as AuditReport;
    expect(findingsAtLeast(r, 'high').every((f) => f.severity === 'high')).toBe(true);
    expect(findingsAtLeast(r, 'low')).toHaveLength(r.findings.length);
  });
});

describe('hostile origins', () => {
  test('are deterministic look-alikes of each allowed origin, never an allowed one', () => {
    const origins = hostileOrigins([APP, 'http://localhost:3000']).map((c) => c.origin);
    expect(origins).toEqual(hostileOrigins([APP, 'http://localhost:3000']).map((c) => c.origin));
    expect(origins).toEqual(expect.arrayContaining([
      'https://attacker.example', 'null', 'https://app.example.com.attacker.test', 'https://attackerapp.example.com', 'https://appxexample.com',
      'https://pp.example.com', 'http://app.example.com', 'https://attacker.app.example.com', 'http://localhost.attacker.test:3000',
    ]));
    expect(origins).not.toContain(APP);
    expect(hostileOrigins(['http://app.example.com', 'https://app.example.com']).map((c) => c.origin)).not.toContain('http://app.example.com');
  });

  test('bad options are a TypeError', async () => {
    const transport = undiciTransport();
    try {
      await expect(audit(transport, { url: 'http://127.0.0.1:9/', allow: [] })).rejects.toThrow(TypeError);
      await expect(audit(transport, { url: 'http://127.0.0.1:9/', allow: ['app.example.com'] })).rejects.toThrow(/not an origin/);
      await expect(audit(transport, { url: 'http://127.0.0.1:9/', allow: [`${APP}/path`] })).rejects.toThrow(/serialized origin/);
    } finally {
      await transport.close();
    }
  });
});

async function cli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), cwd: process.cwd(), colour: false };
  return { code: await main(argv, io), out, err };
}

describe('corsim audit', () => {
  test('findings exit 1, with progress lines, the class, the severity and the fix', async () => {
    const r = await cli(['audit', urls.get('express-reflect-credentials') as string, '--allow', APP]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^audit: https:\/\/app\.example\.com \(1\/\d+ probes\)…/m);
    expect(r.out).toContain('HIGH reflects-any-origin');
    expect(r.out).toContain('fix: compare the request\'s Origin with an exact list');
  });

  test('--fail-on sets the threshold; a safe server exits 0', async () => {
    expect((await cli(['audit', urls.get('express-defaults') as string, '--allow', APP, '--fail-on', 'high', '-q'])).code).toBe(0);
    expect((await cli(['audit', urls.get('express-defaults') as string, '--allow', APP, '--fail-on', 'medium', '-q'])).code).toBe(1);
    const safe = await cli(['audit', urls.get('fastify-safe') as string, '--allow', APP]);
    expect(safe.code).toBe(0);
    expect(safe.out).toContain('no findings');
  });

  test('--json prints one object per finding', async () => {
    const r = await cli(['audit', urls.get('reflector') as string, '--allow', APP, '--path', '/data', '--path', '/public', '--json', '-q']);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { class: string; severity: string; fix: { summary: string } });
    expect(lines.length).toBe(reports.get('reflector')?.findings.length);
    for (const l of lines) expect(l.fix.summary.length).toBeGreaterThan(0);
  });

  test('usage errors exit 2 and a down server exits 3', async () => {
    expect((await cli(['audit', 'http://127.0.0.1:9/'])).code).toBe(2);
    expect((await cli(['audit', '127.0.0.1:9/', '--allow', APP])).code).toBe(2);
    expect((await cli(['audit', 'http://127.0.0.1:9/', '--allow', 'app.example.com'])).code).toBe(2);
    expect((await cli(['audit', 'http://127.0.0.1:9/', '--allow', APP, '--fail-on', 'critical'])).code).toBe(2);
    const down = await cli(['audit', 'http://127.0.0.1:9/', '--allow', APP, '-q']);
    expect(down.code).toBe(3);
    expect(down.err).toContain('failed on the network');
  });
});

describe('corsim check against the same middleware', () => {
  const cases: ReadonlyArray<[ServerName, readonly string[], number, string]> = [
    ['fastify-safe', ['--credentials', 'include'], 0, 'ALLOWED'],
    ['fastify-safe', ['-X', 'DELETE'], 1, 'add `DELETE` to `Access-Control-Allow-Methods`'],
    ['fastify-defaults', ['--credentials', 'include'], 1, "don't send `*` with credentials"],
    ['koa-credentials', ['-X', 'PUT', '-H', 'Content-Type: application/json', '--data', '{}', '--credentials', 'include'], 0, 'Preflight needed: PUT is not a CORS-safelisted method'],
    ['hono-defaults', ['-H', 'Content-Type: application/json'], 0, 'CORS-unsafe request-header names: content-type'],
    ['express-safe', [], 0, 'ALLOWED'],
  ];
  for (const [name, extra, code, says] of cases) {
    test(`${name} ${extra.join(' ')} → exit ${code}`, async () => {
      const r = await cli(['check', urls.get(name) as string, '--origin', APP, ...extra]);
      expect(r.code).toBe(code);
      expect(r.out).toContain(says);
    });
  }
});
