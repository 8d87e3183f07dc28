/**
 * Content codings and body limits, the same on every transport: the socket paths (undici and raw),
 * the in-process Node handler and the fetch-style handler decode as Chromium does
 * (content-coding.fixture.ts), keep the server's headers, and end a body past `maxBodyBytes`
 * (as sent, or decoded: a zip bomb) as ERR_INSUFFICIENT_RESOURCES without reading it all.
 */
import net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import type { NetworkResult, Transport } from '@corsim/engine';
import { CODED_BODIES } from './content-coding.fixture.js';
import { undiciTransport, type UndiciTransport } from './undici.js';
import { nodeHandlerTransport } from './node-handler.js';
import { fetchHandlerTransport } from '../transports/fetch-handler.js';
import { rulesTransport } from '../transports/rules.js';
import { decodeContent, webContentDecoders } from '../transports/content-coding.js';
import { zlibContentDecoders } from './zlib-decoders.js';
import { listen, values, wire, type Listening } from './test-helpers.js';

const OFFER = [['Accept-Encoding', 'gzip, deflate']] as Array<[string, string]>;
const text = (r: NetworkResult): string | null => (r.ok ? new TextDecoder().decode(r.response.body) : null);

/** A raw server answering `/<n>` with CODED_BODIES[n]. */
function codedServer(): net.Server {
  return net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (chunk: Buffer) => {
      const path = chunk.toString('latin1').split(' ')[1] ?? '/';
      const coded = CODED_BODIES[Number(path.slice(1))];
      if (!coded) return socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coded.contentEncoding}\r\nContent-Length: ${coded.body.length}\r\n\r\n`), coded.body]));
    });
  });
}

const cases = CODED_BODIES.map((c, index) => ({ ...c, index }));

function expectAsChromium(result: NetworkResult, expected: (typeof CODED_BODIES)[number]['expected']): void {
  if ('text' in expected) expect(text(result)).toBe(expected.text);
  else expect(result).toMatchObject({ ok: false, netError: expected.netError });
}

describe('content codings on every transport', () => {
  let server: Listening | undefined;
  let transport: UndiciTransport | undefined;
  afterEach(async () => {
    await transport?.close();
    await server?.close();
    transport = undefined;
    server = undefined;
  });

  test.each(cases)('undici and the raw path: $name', async ({ index, expected }) => {
    server = await listen(codedServer());
    transport = undiciTransport({ timeoutMs: 2000 });
    expectAsChromium(await transport.send(wire('GET', `${server.origin}/${index}`, OFFER)), expected);
    expectAsChromium(await transport.send(wire('GET', `${server.origin}/${index}`, [...OFFER, ['X-Raw', 'a\x01b']])), expected);
  });

  test.each(cases)('a Node handler: $name', async ({ contentEncoding, body, expected }) => {
    const t = nodeHandlerTransport((_req, res) => res.writeHead(200, { 'Content-Encoding': contentEncoding }).end(body));
    expectAsChromium(await t.send(wire('GET', 'http://api.example.test/', OFFER)), expected);
  });

  test.each(cases)('a fetch handler with zlib: $name', async ({ contentEncoding, body, expected }) => {
    const t = fetchHandlerTransport(() => new Response(new Uint8Array(body), { headers: { 'Content-Encoding': contentEncoding } }), { contentDecoders: zlibContentDecoders });
    expectAsChromium(await t.send(wire('GET', 'http://api.example.test/', OFFER)), expected);
  });

  test('script sees the decoded body with the headers as the server sent them', async () => {
    server = await listen(codedServer());
    transport = undiciTransport({ timeoutMs: 2000 });
    const result = await transport.send(wire('GET', `${server.origin}/0`, OFFER));
    expect(values(result, 'content-encoding')).toEqual(['gzip']);
    expect(values(result, 'content-length')).toEqual([String(CODED_BODIES[0]?.body.length)]);
    expect(text(result)).toBe('hello gzip');
  });

  test("the web's DecompressionStream decodes gzip and deflate by default (fetch handlers, rules)", async () => {
    const gz = new Uint8Array(zlib.gzipSync(Buffer.from('web gzip')));
    const t = fetchHandlerTransport(() => new Response(gz, { headers: { 'Content-Encoding': 'gzip' } }));
    expect(text(await t.send(wire('GET', 'http://api.example.test/', OFFER)))).toBe('web gzip');
    const br = fetchHandlerTransport(() => new Response(new Uint8Array(zlib.brotliCompressSync(Buffer.from('x'))), { headers: { 'Content-Encoding': 'br' } }));
    expect(await br.send(wire('GET', 'https://api.example.test/', [['Accept-Encoding', 'gzip, deflate, br']]))).toMatchObject({ ok: false, netError: 'ERR_CONTENT_DECODING_FAILED' });
    const rules = rulesTransport({ page: 'http://app.example.test/', servers: { 'http://api.example.test': [{ method: '*', path: '*', status: 200, headers: [['Content-Encoding', 'gzip']], body: 'not gzip' }] } });
    expect(await rules.send(wire('GET', 'http://api.example.test/', OFFER))).toMatchObject({ ok: false, netError: 'ERR_CONTENT_DECODING_FAILED' });
  });

  test('br is decoded where the request offered it', async () => {
    const body = zlib.brotliCompressSync(Buffer.from('hello br'));
    const response = { status: 200, statusText: 'OK', headers: [['Content-Encoding', 'br']] as Array<[string, string]>, body: new Uint8Array(body) };
    const offered = await decodeContent(wire('GET', 'https://a.example/', [['Accept-Encoding', 'gzip, deflate, br']]), response, zlibContentDecoders, 1000);
    expect(text(offered)).toBe('hello br');
    expect(await decodeContent(wire('GET', 'https://a.example/', [['Accept-Encoding', 'gzip, deflate, br']]), response, webContentDecoders, 1000)).toMatchObject({ ok: false, netError: 'ERR_CONTENT_DECODING_FAILED' });
  });

  test('HEAD, 204 and 304 answers are not decoded', async () => {
    const response = { status: 200, statusText: 'OK', headers: [['Content-Encoding', 'gzip']] as Array<[string, string]>, body: new Uint8Array(0) };
    expect(await decodeContent(wire('HEAD', 'http://a.example/', OFFER), response, zlibContentDecoders, 10)).toEqual({ ok: true, response });
  });
});

describe('bounded memory', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KiB

  test.each<[string, (max: number) => Transport, string]>([
    ['a Node handler', (max) => nodeHandlerTransport((_q, r) => r.writeHead(200, { 'Content-Encoding': 'gzip' }).end(bomb), { maxBodyBytes: max }), 'http://a.example.test/'],
    ['a fetch handler', (max) => fetchHandlerTransport(() => new Response(new Uint8Array(bomb), { headers: { 'Content-Encoding': 'gzip' } }), { maxBodyBytes: max, contentDecoders: zlibContentDecoders }), 'http://a.example.test/'],
  ])('a zip bomb through %s is ERR_INSUFFICIENT_RESOURCES', async (_name, make, url) => {
    expect(await make(1024 * 1024).send(wire('GET', url, OFFER))).toMatchObject({ ok: false, netError: 'ERR_INSUFFICIENT_RESOURCES' });
  });

  test('a zip bomb over a socket, on both paths', async () => {
    const server = await listen(net.createServer((s) => {
      s.on('error', () => {});
      s.once('data', () => s.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`), bomb])));
    }));
    const transport = undiciTransport({ timeoutMs: 5000, maxBodyBytes: 1024 * 1024 });
    try {
      expect(await transport.send(wire('GET', `${server.origin}/`, OFFER))).toMatchObject({ ok: false, netError: 'ERR_INSUFFICIENT_RESOURCES' });
      expect(await transport.send(wire('GET', `${server.origin}/`, [...OFFER, ['X-Raw', '\x01']]))).toMatchObject({ ok: false, netError: 'ERR_INSUFFICIENT_RESOURCES' });
    } finally {
      await transport.close();
      await server.close();
    }
  });

  test.each([['undici', []], ['the raw path', [['X-Raw', '\x01']]]] as Array<[string, Array<[string, string]>]>)(
    'a body streamed past the limit over %s ends the exchange before the server has sent it all',
    async (_path, extra) => {
      const total = 256 * 1024 * 1024;
      let sent = 0;
      const server = await listen(net.createServer((s) => {
        s.on('error', () => {});
        s.once('data', async () => {
          s.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n'); // close-delimited
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          while (sent < total && !s.destroyed) {
            sent += chunk.length;
            if (!s.write(chunk)) await new Promise((resolve) => { s.once('drain', resolve); s.once('close', resolve); });
          }
          s.end();
        });
      }));
      const transport = undiciTransport({ timeoutMs: 10_000, maxBodyBytes: 4 * 1024 * 1024 });
      try {
        expect(await transport.send(wire('GET', `${server.origin}/`, extra))).toMatchObject({ ok: false, netError: 'ERR_INSUFFICIENT_RESOURCES' });
        expect(sent).toBeLessThan(total);
      } finally {
        await transport.close();
        await server.close();
      }
    },
  );
});
