/**
 * The raw HTTP/1.1 path: bytes undici refuses reach a real loopback server byte for byte, the
 * response parser keeps header lines as sent and frames bodies as a browser does, every fault is
 * the undici path's `net::` error within a bounded time with nothing left open, and the socket
 * transport takes this path only for the requests undici would refuse and a browser sends.
 */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Agent } from 'undici';
import type { NetErrorName, WireRequest } from '@corsim/engine';
import { startScenarioServers } from './http-servers.js';
import type { Scenario } from '../scenario/types.js';
import { isBrowserSendableHeaderValue, rawHttpExchange, type RawHttpOptions } from './raw-http.js';
import { CHROMIUM_FAILURES, CHROMIUM_READS } from './chromium-reads.fixture.js';
import { sendsRawHttp, undiciRefusesHeaderValue, undiciTransport } from './undici.js';
import {
  FAULT_HEAD as HEAD, ioResources, leakedSince, listen, values, wire, type Listening, failOnUnhandledRejections, SOCKET_FAULTS, type SocketFault,
} from './test-helpers.js';

const OPTIONS: RawHttpOptions = { timeoutMs: 2000, maxHeaderSize: 256 * 1024 };
const text = (body: Uint8Array): string => Buffer.from(body).toString('latin1');
const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** A WireRequest whose header values and body are taken byte for byte (Latin-1). */
function rawWire(method: string, url: string, headers: Array<[string, string]>, body: string | null = null): WireRequest {
  return { method, url, headers, body: body === null ? null : latin1(body) };
}

/**
 * A raw server: reads each request on a connection (head and a Content-Length body), records its
 * bytes, and answers with `respond(requestBytes, socket)`; by default 200 with the request's bytes
 * as the body and the connection closed.
 */
function recordingServer(respond?: (request: Buffer, socket: net.Socket) => void): { server: net.Server; received: Buffer[] } {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(data.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        if (data.length < end + 4 + length) return;
        const request = data.subarray(0, end + 4 + length);
        data = data.subarray(end + 4 + length);
        received.push(request);
        if (respond) respond(request, socket);
        else socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${request.length}\r\n\r\n`), request]));
      }
    });
  });
  return { server, received };
}

/** Answers every connection, once its request has arrived, with `script`. */
function scriptedServer(script: (socket: net.Socket) => void): net.Server {
  return net.createServer((socket) => socket.once('data', () => script(socket)));
}

failOnUnhandledRejections();

describe('rawHttpExchange: the request on the wire', () => {
  let before: Record<string, number>;
  beforeEach(() => {
    before = ioResources();
  });
  afterEach(async () => {
    expect(await leakedSince(before)).toEqual({});
  });

  test('control bytes, DEL and Latin-1 in header values reach the server byte for byte, with Host first and Content-Length last', async () => {
    const { server, received } = recordingServer();
    const s = await listen(server);
    const request = rawWire('POST', `http://api.example.test:47002/p/a%20th?q=1#frag`, [
      ['Accept', 'text/\x01html'],
      ['X-Del', 'a\x7fb'],
      ['X-Tab', 'a\tb'],
      ['x-latin', 'caf\xe9 \xff'],
      ['X-Dup', '1'],
      ['X-Dup', '2'],
    ], 'body \x00\x01\xff');
    const result = await rawHttpExchange(request, { host: '127.0.0.1', port: s.port }, OPTIONS);
    await s.close();
    const expected =
      'POST /p/a%20th?q=1 HTTP/1.1\r\n' +
      'Host: api.example.test:47002\r\n' +
      'Connection: close\r\n' +
      'Accept: text/\x01html\r\n' +
      'X-Del: a\x7fb\r\n' +
      'X-Tab: a\tb\r\n' +
      'x-latin: caf\xe9 \xff\r\n' +
      'X-Dup: 1\r\n' +
      'X-Dup: 2\r\n' +
      'Content-Length: 8\r\n' +
      '\r\n' +
      'body \x00\x01\xff';
    expect(received).toHaveLength(1);
    expect(received[0]?.toString('latin1')).toBe(expected);
    expect(result).toMatchObject({ ok: true, response: { status: 200, statusText: 'OK' } });
    expect(result.ok && text(result.response.body)).toBe(expected);
  });

  test('a Host header of the request is kept as is, and a default port is left out', async () => {
    const { server, received } = recordingServer();
    const s = await listen(server);
    await rawHttpExchange(rawWire('GET', 'http://api.example.test/', [['X-A', '\x01']]), { host: '127.0.0.1', port: s.port }, OPTIONS);
    await rawHttpExchange(rawWire('GET', 'http://api.example.test/', [['X-A', '\x01'], ['Host', 'other.test:1']]), { host: '127.0.0.1', port: s.port }, OPTIONS);
    await s.close();
    expect(received[0]?.toString('latin1')).toBe('GET / HTTP/1.1\r\nHost: api.example.test\r\nConnection: close\r\nX-A: \x01\r\n\r\n');
    expect(received[1]?.toString('latin1')).toBe('GET / HTTP/1.1\r\nX-A: \x01\r\nHost: other.test:1\r\nConnection: close\r\n\r\n');
  });

  test("the scenario servers receive the bytes and answer by the scenario's rules", async () => {
    const scenario: Pick<Scenario, 'page' | 'servers'> = {
      page: 'http://app.example.test:47001/',
      servers: {
        'http://api.example.test:47002': [
          { method: '*', path: '/data', status: 200, headers: [['Access-Control-Allow-Origin', '{{origin}}'], ['X-Dup', 'a'], ['X-Dup', 'b']], body: 'ok' },
        ],
      },
    };
    const servers = await startScenarioServers(scenario, { portMap: { 47001: 0, 47002: 0 } });
    try {
      const request = rawWire('GET', 'http://api.example.test:47002/data', [['Accept', 'text/\x01html'], ['X-Del', '\x7f'], ['Origin', 'http://app.example.test:47001']]);
      const result = await rawHttpExchange(request, { host: '127.0.0.1', port: servers.ports.get(47002) as number }, OPTIONS);
      const [logged, ...more] = servers.takeLog();
      expect(more).toEqual([]);
      expect(logged?.url).toBe('http://api.example.test:47002/data');
      expect(logged?.headers).toEqual([
        ['host', 'api.example.test:47002'],
        ['connection', 'close'],
        ['accept', 'text/\x01html'],
        ['x-del', '\x7f'],
        ['origin', 'http://app.example.test:47001'],
      ]);
      expect(result).toMatchObject({ ok: true, response: { status: 200 } });
      expect(values(result, 'access-control-allow-origin')).toEqual(['http://app.example.test:47001']);
      expect(values(result, 'x-dup')).toEqual(['a', 'b']);
      expect(values(result, 'connection')).toEqual(['close']);
      expect(result.ok && text(result.response.body)).toBe('ok');
    } finally {
      await servers.close();
    }
  });

  test.each([
    ['CR', 'a\rb'],
    ['LF', 'a\nInjected: 1'],
    ['NUL', 'a\0b'],
    ['a code point above U+00FF', 'a\u20acb'],
  ])('a header value with %s is ERR_INVALID_ARGUMENT and nothing is sent', async (_what, value) => {
    const { server, received } = recordingServer();
    const s = await listen(server);
    const result = await rawHttpExchange(rawWire('GET', `${s.origin}/`, [['X-Bad', value]]), { host: '127.0.0.1', port: s.port }, OPTIONS);
    await s.close();
    expect(result).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
    expect(received).toEqual([]);
    expect(s.sockets.size).toBe(0);
  });

  test('other requests that cannot be sent are ERR_INVALID_ARGUMENT without connecting', async () => {
    const target = { host: '127.0.0.1', port: 9 };
    const invalid = { ok: false, netError: 'ERR_INVALID_ARGUMENT' };
    expect(await rawHttpExchange(rawWire('GET', 'https://a.test/', []), target, OPTIONS)).toMatchObject(invalid);
    expect(await rawHttpExchange(rawWire('GET', 'ftp://a.test/', []), target, OPTIONS)).toMatchObject(invalid);
    expect(await rawHttpExchange(rawWire('GET', 'not a url', []), target, OPTIONS)).toMatchObject(invalid);
    expect(await rawHttpExchange(rawWire('GE T', 'http://a.test/', []), target, OPTIONS)).toMatchObject(invalid);
    expect(await rawHttpExchange(rawWire('GET', 'http://a.test/', [['Bad Name', 'x']]), target, OPTIONS)).toMatchObject(invalid);
    expect(await rawHttpExchange(rawWire('GET', 'http://a.test/', []), { host: '127.0.0.1', port: 0 }, OPTIONS)).toMatchObject(invalid);
    expect(await rawHttpExchange(rawWire('GET', 'http://a.test/', []), { host: '', port: 80 }, OPTIONS)).toMatchObject(invalid);
  });

  test('a lookup function decides where a host name connects', async () => {
    const { server, received } = recordingServer();
    const s = await listen(server);
    const lookups: string[] = [];
    const lookup: net.LookupFunction = (hostname, options, callback) => {
      lookups.push(hostname);
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const result = await rawHttpExchange(rawWire('GET', 'http://api.example.test:47002/', []), { host: 'loopback.example.test', port: s.port }, { ...OPTIONS, lookup });
    await s.close();
    expect(result).toMatchObject({ ok: true, response: { status: 200 } });
    expect(lookups).toEqual(['loopback.example.test']);
    expect(received[0]?.toString('latin1')).toContain('\r\nHost: api.example.test:47002\r\n');
  });
});

/** Sends one GET (or `method`) to a server that answers with `response` and keeps the connection open. */
async function exchangeWith(response: string | Buffer | ((socket: net.Socket) => void), method = 'GET'): Promise<Awaited<ReturnType<typeof rawHttpExchange>>> {
  const server = await listen(scriptedServer(typeof response === 'function' ? response : (s) => s.write(typeof response === 'string' ? Buffer.from(response, 'latin1') : response)));
  try {
    return await rawHttpExchange(rawWire(method, `${server.origin}/`, [['Accept', '\x01']]), { host: '127.0.0.1', port: server.port }, OPTIONS);
  } finally {
    await server.close();
  }
}

describe('rawHttpExchange: the response parser', () => {
  let before: Record<string, number>;
  beforeEach(() => {
    before = ioResources();
  });
  afterEach(async () => {
    expect(await leakedSince(before)).toEqual({});
  });

  test('header lines in order with names as sent, duplicates kept, values trimmed, reason phrase kept', async () => {
    const result = await exchangeWith(
      'HTTP/1.1 201 Made  It\r\n' +
        'Access-Control-Allow-Origin: https://a.example\r\n' +
        'Set-Cookie: a=1; Path=/\r\n' +
        'access-control-allow-origin:https://b.example  \r\n' +
        'Set-Cookie:\t b=2\r\n' +
        'X-Empty:\r\n' +
        'X-Latin: caf\xe9\x01\r\n' +
        'X-Folded: one\r\n  two\r\n' +
        'Content-Length: 2\r\n\r\nok',
    );
    expect(result).toMatchObject({ ok: true, response: { status: 201, statusText: 'Made  It' } });
    expect(result.ok && result.response.headers).toEqual([
      ['Access-Control-Allow-Origin', 'https://a.example'],
      ['Set-Cookie', 'a=1; Path=/'],
      ['access-control-allow-origin', 'https://b.example'],
      ['Set-Cookie', 'b=2'],
      ['X-Empty', ''],
      ['X-Latin', 'caf\xe9\x01'],
      ['X-Folded', 'one two'],
      ['Content-Length', '2'],
    ]);
    expect(result.ok && text(result.response.body)).toBe('ok');
  });

  test('a status line without a reason phrase', async () => {
    expect(await exchangeWith('HTTP/1.1 299\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ ok: true, response: { status: 299, statusText: '' } });
    expect(await exchangeWith('HTTP/1.0 200 \r\nContent-Length: 0\r\n\r\n')).toMatchObject({ ok: true, response: { status: 200, statusText: '' } });
  });

  test('a Content-Length body, split over many writes, without waiting for the connection to close', async () => {
    const result = await exchangeWith((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Le');
      setTimeout(() => s.write('ngth: 11\r\n\r\nhello'), 20);
      setTimeout(() => s.write(' world and bytes past the body'), 40);
    });
    expect(result.ok && text(result.response.body)).toBe('hello world');
  });

  test('a chunked body: extensions, a chunk split across writes, trailers', async () => {
    const result = await exchangeWith((s) => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n');
      setTimeout(() => s.write('B\r\n wor'), 20);
      setTimeout(() => s.write('ld, all\r\n0\r\nX-Trailer: 1\r\n\r\n'), 40);
    });
    expect(result).toMatchObject({ ok: true, response: { status: 200 } });
    expect(result.ok && text(result.response.body)).toBe('hello world, all');
  });

  test('Transfer-Encoding: chunked wins over Content-Length', async () => {
    const result = await exchangeWith('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n');
    expect(result.ok && text(result.response.body)).toBe('ok');
  });

  test('a body without framing runs to the close of the connection', async () => {
    const result = await exchangeWith((s) => {
      s.write('HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nfirst ');
      setTimeout(() => s.end('second'), 20);
    });
    expect(result.ok && text(result.response.body)).toBe('first second');
  });

  test('HEAD, 204 and 304 responses have no body whatever they announce, and end without the close', async () => {
    const head = await exchangeWith('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', 'HEAD');
    expect(head).toMatchObject({ ok: true, response: { status: 200 } });
    expect(values(head, 'content-length')).toEqual(['10']);
    expect(head.ok && head.response.body.byteLength).toBe(0);
    const headChunked = await exchangeWith('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', 'HEAD');
    expect(headChunked.ok && headChunked.response.body.byteLength).toBe(0);
    const noContent = await exchangeWith('HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\n\r\n');
    expect(noContent).toMatchObject({ ok: true, response: { status: 204 } });
    expect(noContent.ok && noContent.response.body.byteLength).toBe(0);
    const notModified = await exchangeWith('HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n');
    expect(notModified).toMatchObject({ ok: true, response: { status: 304 } });
    expect(notModified.ok && notModified.response.body.byteLength).toBe(0);
  });

  test('interim 1xx responses are skipped', async () => {
    const result = await exchangeWith('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    expect(result).toMatchObject({ ok: true, response: { status: 200, headers: [['Content-Length', '2']] } });
    expect(result.ok && text(result.response.body)).toBe('ok');
  });

  test('identical repeated Content-Length values are one length', async () => {
    const result = await exchangeWith('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok');
    expect(result.ok && text(result.response.body)).toBe('ok');
  });
});

describe("rawHttpExchange reads odd responses as Chromium does", () => {
  test.each(CHROMIUM_READS)('$name', async ({ bytes, status, statusText, body, header }) => {
    const result = await exchangeWith((s) => s.end(Buffer.from(bytes, 'latin1')));
    expect(result).toMatchObject({ ok: true, response: { status, statusText } });
    if (!result.ok) return;
    expect(text(result.response.body)).toBe(body);
    if (header) expect(result.response.headers).toContainEqual(header);
  });

  test.each(CHROMIUM_FAILURES)('$name → $netError', async ({ bytes, netError }) => {
    expect(await exchangeWith((s) => s.end(Buffer.from(bytes, 'latin1')))).toMatchObject({ ok: false, netError });
  });
});

/** Faults of the raw path beyond those every socket path shares. */
const faults: SocketFault[] = [
  { name: 'server closes after an interim response', script: (s) => s.end('HTTP/1.1 100 Continue\r\n\r\n'), expected: 'ERR_EMPTY_RESPONSE' },
  {
    name: 'server resets in a close-delimited body',
    script: (s) => {
      s.write(`${HEAD}\r\npartial`);
      setTimeout(() => s.resetAndDestroy(), 30);
    },
    expected: 'ERR_CONNECTION_RESET',
  },
  { name: 'chunked body cut in a chunk', script: (s) => s.end(`${HEAD}Transfer-Encoding: chunked\r\n\r\n5\r\nhel`), expected: 'ERR_INCOMPLETE_CHUNKED_ENCODING' },
  { name: 'invalid chunk size', script: (s) => s.write(`${HEAD}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n`), expected: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'chunk longer than its size', script: (s) => s.write(`${HEAD}Transfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n`), expected: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'not HTTP at all, then silence', script: (s) => s.write('<html>'), expected: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'NUL in a header value', script: (s) => s.write(`${HEAD}X-A: a\0b\r\nContent-Length: 0\r\n\r\n`), expected: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'conflicting Content-Length values', script: (s) => s.write(`${HEAD}Content-Length: 2\r\nContent-Length: 3\r\n\r\nabc`), expected: 'ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH' },
  { name: 'an interim response with a body', script: (s) => s.end('HTTP/1.1 102 Processing\r\nContent-Length: 2\r\n\r\nok'), expected: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'a body over maxBodyBytes', script: (s) => s.write(`${HEAD}Content-Length: 100\r\n\r\n${'x'.repeat(100)}`), expected: 'ERR_INSUFFICIENT_RESOURCES', options: { maxBodyBytes: 10 } },
  { name: 'a close-delimited body growing past maxBodyBytes', script: (s) => s.write(`${HEAD}\r\n${'x'.repeat(100)}`), expected: 'ERR_INSUFFICIENT_RESOURCES', options: { maxBodyBytes: 10 } },
  { name: 'a chunked body growing past maxBodyBytes', script: (s) => s.write(`${HEAD}Transfer-Encoding: chunked\r\n\r\n${'8\r\nxxxxxxxx\r\n'.repeat(3)}`), expected: 'ERR_INSUFFICIENT_RESOURCES', options: { maxBodyBytes: 10 } },
  { name: '101 without an upgrade request', script: (s) => s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'), expected: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'headers growing past the limit without an end', script: (s) => s.write(`${HEAD}X-Big: ${'a'.repeat(2048)}`), expected: 'ERR_RESPONSE_HEADERS_TOO_BIG', options: { maxHeaderSize: 1024 } },
  { name: 'server stalls in the headers', script: (s) => s.write('HTTP/1.1 200 OK\r\n'), expected: 'ERR_TIMED_OUT', options: { timeoutMs: 300 } },
  { name: 'server stalls in a close-delimited body', script: (s) => s.write(`${HEAD}\r\nab`), expected: 'ERR_TIMED_OUT', options: { timeoutMs: 300 } },
];

describe('rawHttpExchange over misbehaving loopback servers', () => {
  test.each([...SOCKET_FAULTS, ...faults])('$name → $expected', async ({ script, expected, options }) => {
    const before = ioResources();
    const server = await listen(scriptedServer(script));
    const started = performance.now();
    const result = await rawHttpExchange(
      rawWire('GET', `${server.origin}/`, [['Origin', 'https://app.example'], ['Accept', 'text/\x01html']]),
      { host: '127.0.0.1', port: server.port },
      { ...OPTIONS, ...options },
    );
    const elapsed = performance.now() - started;

    expect(result).toMatchObject({ ok: false, netError: expected });
    expect(result.ok === false && result.detail.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan((options?.totalTimeoutMs ?? options?.timeoutMs ?? 0) + 1000);

    // The client side is gone already: the server sees its connection closed without being told to.
    await expect.poll(() => [...server.sockets].every((socket) => socket.destroyed || socket.readableEnded), { timeout: 1000 }).toBe(true);
    await server.close();
    expect(server.sockets.size).toBeGreaterThan(0);
    expect(await leakedSince(before)).toEqual({});
  });

  test('connection refused → ERR_CONNECTION_REFUSED', async () => {
    const before = ioResources();
    const server = await listen(net.createServer());
    await server.close(); // the port is now free: nothing listens there
    const started = performance.now();
    const result = await rawHttpExchange(rawWire('GET', `${server.origin}/`, []), { host: '127.0.0.1', port: server.port }, OPTIONS);
    expect(result).toMatchObject({ ok: false, netError: 'ERR_CONNECTION_REFUSED' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await leakedSince(before)).toEqual({});
  });

  test('a name that does not resolve → ERR_NAME_NOT_RESOLVED', async () => {
    const before = ioResources();
    const lookup: net.LookupFunction = (hostname, _options, callback) => {
      const error: NodeJS.ErrnoException = new Error(`no such host ${hostname}`);
      error.code = 'ENOTFOUND';
      callback(error, '');
    };
    const result = await rawHttpExchange(rawWire('GET', 'http://nowhere.test/', []), { host: 'nowhere.test', port: 80 }, { ...OPTIONS, lookup });
    expect(result).toMatchObject({ ok: false, netError: 'ERR_NAME_NOT_RESOLVED' });
    expect(await leakedSince(before)).toEqual({});
  });
});

/** A server that answers every request with the bytes it received (Content-Length framed) and keeps connections open. */
function echoServer(): net.Server {
  return recordingServer((request, socket) => {
    socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nX-Dup: 1\r\nX-Dup: 2\r\nContent-Length: ${request.length}\r\n\r\n`), request]));
  }).server;
}

describe('undiciTransport and the raw path', () => {
  let server: Listening;
  let before: Record<string, number>;
  beforeEach(async () => {
    before = ioResources();
    server = await listen(echoServer());
  });
  afterEach(async () => {
    await server.close();
    expect(await leakedSince(before)).toEqual({});
  });

  const received = (result: Awaited<ReturnType<typeof rawHttpExchange>>): string => (result.ok ? text(result.response.body) : `(${result.netError})`);

  test('the predicates: undici refuses control bytes and DEL; the raw path takes them unless NUL, CR or LF', () => {
    expect(undiciRefusesHeaderValue('text/\x01html')).toBe(true);
    expect(undiciRefusesHeaderValue('\x7f')).toBe(true);
    expect(undiciRefusesHeaderValue('\x1f')).toBe(true);
    expect(undiciRefusesHeaderValue('a\tb c\x80\xff')).toBe(false);
    expect(isBrowserSendableHeaderValue('text/\x01html\x7f\xff')).toBe(true);
    for (const bad of ['\0', '\r', '\n', '\u0100']) expect(isBrowserSendableHeaderValue(bad)).toBe(false);

    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['Accept', 'text/\x01html']]))).toBe(true);
    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['X-A', 'plain'], ['X-B', '\x7f']]))).toBe(true);
    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['Accept', 'text/html'], ['X-Latin', '\xe9']]))).toBe(false);
    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['X-A', '\x01'], ['X-B', 'a\r\nb']]))).toBe(false);
    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['X-A', '\x01\0']]))).toBe(false);
    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['X-A', '\x01\u20ac']]))).toBe(false);
    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['X A', '\x01']]))).toBe(false);
    expect(sendsRawHttp(wire('GET', 'http://a.test/', [['X-A', '\x01'], ['Expect', '100-continue']]))).toBe(false);
    expect(sendsRawHttp(wire('GET', 'https://a.test/', [['X-A', '\x01']]))).toBe(false);
  });

  test('only requests with such bytes take the raw path; the others go through undici', async () => {
    const transport = undiciTransport({ timeoutMs: 2000 });
    try {
      const plain = await transport.send(wire('GET', `${server.origin}/plain`, [['Accept', 'text/html']]));
      expect(received(plain)).toBe(`GET /plain HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nconnection: keep-alive\r\nAccept: text/html\r\n\r\n`);
      const raw = await transport.send(wire('GET', `${server.origin}/raw`, [['Accept', 'text/\x01html'], ['X-Del', '\x7f']]));
      expect(received(raw)).toBe(`GET /raw HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nAccept: text/\x01html\r\nX-Del: \x7f\r\n\r\n`);
      expect(values(raw, 'x-dup')).toEqual(['1', '2']);
      // A value a browser does not send either still fails as undici refuses it.
      expect(await transport.send(wire('GET', `${server.origin}/`, [['X-A', '\x01'], ['X-B', 'a\r\nInjected: 1']]))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
      expect(await transport.send(wire('GET', `${server.origin}/`, [['X-A', '\x01\0']]))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
    } finally {
      await transport.close();
    }
  });

  test("the transport's timeouts and header limit apply to the raw path", async () => {
    const silent = await listen(scriptedServer(() => {}));
    const transport = undiciTransport({ timeoutMs: 300 });
    try {
      const started = performance.now();
      expect(await transport.send(wire('GET', `${silent.origin}/`, [['X-A', '\x01']]))).toMatchObject({ ok: false, netError: 'ERR_TIMED_OUT' });
      expect(performance.now() - started).toBeLessThan(1300);
    } finally {
      await transport.close();
      await silent.close();
    }
    const big = await listen(scriptedServer((s) => s.end(`${HEAD}X-Big: ${'a'.repeat(2048)}\r\nContent-Length: 0\r\n\r\n`)));
    const small = undiciTransport({ timeoutMs: 2000, maxHeaderSize: 1024 });
    try {
      expect(await small.send(wire('GET', `${big.origin}/`, [['X-A', '\x01']]))).toMatchObject({ ok: false, netError: 'ERR_RESPONSE_HEADERS_TOO_BIG' });
    } finally {
      await small.close();
      await big.close();
    }
  });

  test('with a caller dispatcher the raw path is never taken', async () => {
    const agent = new Agent();
    const transport = undiciTransport({ dispatcher: agent, timeoutMs: 2000 });
    try {
      expect(await transport.send(wire('GET', `${server.origin}/`, [['Accept', 'text/\x01html']]))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
      expect(server.sockets.size).toBe(0);
    } finally {
      await transport.close();
      await agent.close();
    }
  });

  test('`connectTo` sends both paths to its target while URL and Host keep the name and port', async () => {
    const asked: string[] = [];
    const transport = undiciTransport({
      timeoutMs: 2000,
      connectTo: (url) => {
        asked.push(url.href);
        return url.hostname === 'api.example.test' ? { host: '127.0.0.1', port: server.port } : undefined;
      },
    });
    try {
      const viaUndici = await transport.send(wire('GET', 'http://api.example.test:47002/u?x=1', [['Accept', 'a']]));
      expect(received(viaUndici)).toBe('GET /u?x=1 HTTP/1.1\r\nhost: api.example.test:47002\r\nconnection: keep-alive\r\nAccept: a\r\n\r\n');
      const viaRaw = await transport.send(wire('GET', 'http://api.example.test:47002/r?x=1', [['Accept', '\x01']]));
      expect(received(viaRaw)).toBe('GET /r?x=1 HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\nAccept: \x01\r\n\r\n');
      expect(asked).toEqual(['http://api.example.test:47002/u?x=1', 'http://api.example.test:47002/r?x=1']);
      // `undefined`: where the URL says.
      expect(received(await transport.send(wire('GET', `${server.origin}/own`, [['X-A', '\x01']])))).toContain(`Host: 127.0.0.1:${server.port}\r\n`);
      expect(received(await transport.send(wire('GET', `${server.origin}/own`)))).toContain(`host: 127.0.0.1:${server.port}\r\n`);
    } finally {
      await transport.close();
    }
    expect(() => undiciTransport({ dispatcher: new Agent(), connectTo: () => undefined })).toThrow(TypeError);
  });

  test('`resolve` applies to the raw path too', async () => {
    const transport = undiciTransport({ timeoutMs: 2000, resolve: (host) => (host === 'api.example.test' ? '127.0.0.1' : 'not-an-ip') });
    try {
      const result = await transport.send(wire('GET', `http://api.example.test:${server.port}/`, [['X-A', '\x01']]));
      expect(received(result)).toContain(`\r\nHost: api.example.test:${server.port}\r\nConnection: close\r\n`);
      const unresolved = await transport.send(wire('GET', `http://nowhere.test:${server.port}/`, [['X-A', '\x01']]));
      expect(unresolved).toMatchObject({ ok: false, netError: 'ERR_NAME_NOT_RESOLVED' });
    } finally {
      await transport.close();
    }
  });

  test('close() waits for raw exchanges in flight; afterwards the raw path fails as ERR_FAILED', async () => {
    const slow = await listen(scriptedServer((s) => setTimeout(() => s.end(`${HEAD}Content-Length: 2\r\n\r\nok`), 100)));
    const transport = undiciTransport({ timeoutMs: 2000 });
    const inFlight = transport.send(wire('GET', `${slow.origin}/`, [['X-A', '\x01']]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await transport.close();
    expect(await inFlight).toMatchObject({ ok: true, response: { status: 200 } });
    expect(await transport.send(wire('GET', `${slow.origin}/`, [['X-A', '\x01']]))).toMatchObject({ ok: false, netError: 'ERR_FAILED' });
    await slow.close();
  });
});
