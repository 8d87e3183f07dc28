import http from 'node:http';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Agent, MockAgent } from 'undici';
import { undiciTransport, type UndiciTransport } from './undici.js';
import { ioResources, listen, leakedSince, values, wire, type Listening } from './test-helpers.js';

/** A small server: two Access-Control-Allow-Origin lines, two Set-Cookie lines, a body; echoes what it received in headers. */
function smallServer(): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      res.writeHead(201, 'Made It', [
        ['Access-Control-Allow-Origin', 'https://a.example'],
        ['X-Seen-Host', req.headers.host ?? ''],
        ['Set-Cookie', 'a=1; Path=/'],
        ['access-control-allow-origin', 'https://b.example'],
        ['Set-Cookie', 'b=2'],
        ['X-Seen-Raw', JSON.stringify(req.rawHeaders)],
        ['Content-Type', 'text/plain'],
      ]);
      res.end(`${req.method} ${req.url} ${body}`);
    });
  });
}

describe('undiciTransport', () => {
  let server: Listening;
  let transport: UndiciTransport;
  let before: Record<string, number>;
  beforeEach(async () => {
    before = ioResources();
    server = await listen(smallServer());
  });
  afterEach(async () => {
    await transport.close();
    await server.close();
    expect(await leakedSince(before)).toEqual({});
  });

  test('returns status, reason phrase, header lines in order with duplicates, and the body', async () => {
    transport = undiciTransport({ timeoutMs: 2000 });
    const result = await transport.send(wire('PUT', `${server.origin}/things?x=1#frag`, [['Origin', 'https://a.example'], ['X-Dup', '1'], ['x-dup', '2']], 'payload'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.response.status).toBe(201);
    expect(result.response.statusText).toBe('Made It');
    const names = result.response.headers.map(([n]) => n);
    expect(names.slice(0, 7)).toEqual(['Access-Control-Allow-Origin', 'X-Seen-Host', 'Set-Cookie', 'access-control-allow-origin', 'Set-Cookie', 'X-Seen-Raw', 'Content-Type']);
    expect(values(result, 'access-control-allow-origin')).toEqual(['https://a.example', 'https://b.example']);
    expect(values(result, 'set-cookie')).toEqual(['a=1; Path=/', 'b=2']);
    expect(new TextDecoder().decode(result.response.body)).toBe('PUT /things?x=1 payload');
    // what went out: the request's own headers, in order, plus framing only
    const raw = JSON.parse(values(result, 'x-seen-raw')[0] ?? '[]') as string[];
    const sentNames = raw.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(sentNames).toEqual(['host', 'connection', 'origin', 'x-dup', 'x-dup', 'content-length']);
  });

  test.each([
    ['`connectTo`', (): UndiciTransport => undiciTransport({ timeoutMs: 2000, connectTo: () => ({ host: '127.0.0.1', port: server.port }) })],
    ['a caller\'s dispatcher with an interceptor', (): UndiciTransport => undiciTransport({ dispatcher: new Agent().compose((dispatch) => dispatch) })],
  ])('through %s, header lines keep their order and duplicates', async (_, make) => {
    transport = make();
    const result = await transport.send(wire('GET', `${server.origin}/`));
    expect(result.ok && result.response.headers.map(([n]) => n).slice(0, 7)).toEqual(['Access-Control-Allow-Origin', 'X-Seen-Host', 'Set-Cookie', 'access-control-allow-origin', 'Set-Cookie', 'X-Seen-Raw', 'Content-Type']);
    expect(values(result, 'access-control-allow-origin')).toEqual(['https://a.example', 'https://b.example']);
  });

  test('`resolve` connects a host name to 127.0.0.1 while URL and Host keep the name', async () => {
    transport = undiciTransport({ timeoutMs: 2000, resolve: { 'api.example.test': '127.0.0.1' } });
    const result = await transport.send(wire('GET', `http://api.example.test:${server.port}/`));
    expect(values(result, 'x-seen-host')).toEqual([`api.example.test:${server.port}`]);
  });

  test('a resolver function can answer too, and an unknown name fails as ERR_NAME_NOT_RESOLVED', async () => {
    transport = undiciTransport({
      timeoutMs: 2000,
      resolve: (host) => (host.endsWith('.example.test') ? '127.0.0.1' : host === 'bad.test' ? 'not-an-ip' : Promise.reject(new Error('no such host'))),
    });
    expect(values(await transport.send(wire('GET', `http://www.example.test:${server.port}/`)), 'x-seen-host')).toEqual([`www.example.test:${server.port}`]);
    const nx = await transport.send(wire('GET', `http://nowhere.test:${server.port}/`));
    expect(nx).toMatchObject({ ok: false, netError: 'ERR_NAME_NOT_RESOLVED' });
    const bad = await transport.send(wire('GET', `http://bad.test:${server.port}/`));
    expect(bad).toMatchObject({ ok: false, netError: 'ERR_NAME_NOT_RESOLVED' });
  });

  test("a closed map (unlistedHosts: 'refuse') fails every unlisted name, even one the system resolves", async () => {
    const open = undiciTransport({ timeoutMs: 2000, resolve: { 'api.example.test': '127.0.0.1' } });
    expect(await open.send(wire('GET', `http://localhost:${server.port}/`))).toMatchObject({ ok: true });
    await open.close();
    transport = undiciTransport({ timeoutMs: 2000, resolve: { 'api.example.test': '127.0.0.1' }, unlistedHosts: 'refuse' });
    expect(values(await transport.send(wire('GET', `http://api.example.test:${server.port}/`)), 'x-seen-host')).toEqual([`api.example.test:${server.port}`]);
    expect(await transport.send(wire('GET', `http://localhost:${server.port}/`))).toMatchObject({ ok: false, netError: 'ERR_NAME_NOT_RESOLVED' });
    // the raw path (a control byte undici refuses) looks names up the same way
    expect(await transport.send(wire('GET', `http://localhost:${server.port}/`, [['X-C', 'a\x01b']]))).toMatchObject({ ok: false, netError: 'ERR_NAME_NOT_RESOLVED' });
    const fn = undiciTransport({ timeoutMs: 2000, resolve: () => undefined, unlistedHosts: 'refuse' });
    expect(await fn.send(wire('GET', `http://localhost:${server.port}/`))).toMatchObject({ ok: false, netError: 'ERR_NAME_NOT_RESOLVED' });
    await fn.close();
    expect(() => undiciTransport({ unlistedHosts: 'refuse' })).toThrow(TypeError);
  });

  test('HEAD and 204 responses have no body; redirects are returned, not followed', async () => {
    transport = undiciTransport({ timeoutMs: 2000 });
    const head = await transport.send(wire('HEAD', `${server.origin}/`));
    expect(head.ok && head.response.body.byteLength).toBe(0);
    const redirecting = await listen(http.createServer((_req, res) => res.writeHead(302, { Location: '/elsewhere' }).end()));
    const redirect = await transport.send(wire('GET', `${redirecting.origin}/`));
    expect(redirect).toMatchObject({ ok: true, response: { status: 302 } });
    expect(values(redirect, 'location')).toEqual(['/elsewhere']);
    await transport.close();
    await redirecting.close();
  });

  test('requests that cannot be sent resolve to network errors, never throw', async () => {
    transport = undiciTransport({ timeoutMs: 2000 });
    expect(await transport.send(wire('GET', 'ftp://127.0.0.1/'))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
    expect(await transport.send(wire('GET', `${server.origin}/`, [['X-Bad', 'a\r\nInjected: 1']]))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
  });

  test('after close(), sending fails as a network error', async () => {
    transport = undiciTransport({ timeoutMs: 2000 });
    await transport.close();
    expect(await transport.send(wire('GET', `${server.origin}/`))).toMatchObject({ ok: false, netError: 'ERR_FAILED' });
  });
});

describe('undiciTransport with a caller dispatcher', () => {
  test('works through a MockAgent, keeping duplicate header lines', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('https://api.example.test').intercept({ path: '/x', method: 'GET' }).reply(200, 'mocked', {
      headers: { 'Access-Control-Allow-Origin': ['https://a.example', 'https://b.example'], 'Set-Cookie': ['a=1', 'b=2'] },
    });
    const transport = undiciTransport({ dispatcher: mock, timeoutMs: 2000 });
    const result = await transport.send(wire('GET', 'https://api.example.test/x'));
    expect(result).toMatchObject({ ok: true, response: { status: 200 } });
    expect(values(result, 'access-control-allow-origin')).toEqual(['https://a.example', 'https://b.example']);
    expect(values(result, 'set-cookie')).toEqual(['a=1', 'b=2']);
    expect(result.ok && new TextDecoder().decode(result.response.body)).toBe('mocked');
    // an unmatched request with net connect disabled is a network error, not a throw
    expect(await transport.send(wire('GET', 'https://api.example.test/unmatched'))).toMatchObject({ ok: false, netError: 'ERR_FAILED' });
    await transport.close(); // leaves the caller's dispatcher alone
    mock.get('https://api.example.test').intercept({ path: '/y', method: 'GET' }).reply(204, '');
    expect(await transport.send(wire('GET', 'https://api.example.test/y'))).toMatchObject({ ok: true, response: { status: 204 } });
    await mock.close();
  });

  test('`resolve` together with a dispatcher is refused at construction', () => {
    expect(() => undiciTransport({ dispatcher: new MockAgent(), resolve: { a: '127.0.0.1' } })).toThrow(TypeError);
    expect(() => undiciTransport({ timeoutMs: 0 })).toThrow(RangeError);
  });
});
