import http from 'node:http';
import { describe, expect, test } from 'vitest';
import Fastify from 'fastify';
import { fastifyTransport, nodeHandlerTransport, type NodeRequestHandler } from './node-handler.js';
import { ioResources, leakedSince, values, wire, failOnUnhandledRejections } from './test-helpers.js';

failOnUnhandledRejections();

/** A plain node:http listener: duplicate ACAO and Set-Cookie lines, and an echo of what it saw. */
const small: NodeRequestHandler = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.setHeader('Access-Control-Allow-Origin', ['https://a.example', 'https://b.example']);
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.setHeader('X-Seen', JSON.stringify({ method: req.method, url: req.url, raw: req.rawHeaders, ua: req.headers['user-agent'] ?? null }));
    res.writeHead(201, 'Made It', { 'Content-Type': 'text/plain' });
    res.end(`body:${Buffer.concat(chunks).toString()}`);
  });
};

function seen(result: Awaited<ReturnType<ReturnType<typeof nodeHandlerTransport>['send']>>): { method: string; url: string; raw: string[]; ua: string | null } {
  return JSON.parse(values(result, 'x-seen')[0] ?? 'null') as { method: string; url: string; raw: string[]; ua: string | null };
}

describe('nodeHandlerTransport', () => {
  test('returns status, reason, header lines in order with duplicates, and the body', async () => {
    const result = await nodeHandlerTransport(small).send(wire('POST', 'https://api.example.test/x?y=1', [['Origin', 'https://app.example']], 'hello'));
    expect(result).toMatchObject({ ok: true, response: { status: 201, statusText: 'Made It' } });
    if (!result.ok) return;
    const names = result.response.headers.map(([n]) => n);
    expect(names).toEqual([
      'Access-Control-Allow-Origin',
      'Access-Control-Allow-Origin',
      'Set-Cookie',
      'Set-Cookie',
      'X-Seen',
      'Content-Type',
      'Date',
      'Connection',
      'Transfer-Encoding',
    ]);
    expect(values(result, 'access-control-allow-origin')).toEqual(['https://a.example', 'https://b.example']);
    expect(values(result, 'set-cookie')).toEqual(['a=1', 'b=2']);
    expect(new TextDecoder().decode(result.response.body)).toBe('body:hello');
  });

  test('the handler sees the request as a socket server would: method as sent, raw header lines with Host and Content-Length framing, no invented user-agent', async () => {
    const result = await nodeHandlerTransport(small).send(
      wire('patch', 'http://api.example.test:8080/p', [['Origin', 'https://app.example'], ['X-Dup', '1'], ['X-Dup', '2']], '{}'),
    );
    expect(seen(result)).toEqual({
      method: 'patch',
      url: '/p',
      raw: ['Host', 'api.example.test:8080', 'Origin', 'https://app.example', 'X-Dup', '1', 'X-Dup', '2', 'Content-Length', '2'],
      ua: null,
    });
  });

  test('HEAD responses carry no body', async () => {
    const result = await nodeHandlerTransport(small).send(wire('HEAD', 'http://api.example.test/'));
    expect(result).toMatchObject({ ok: true, response: { status: 201 } });
    expect(result.ok && result.response.body.byteLength).toBe(0);
  });

  test('a handler that throws before answering → ERR_EMPTY_RESPONSE', async () => {
    const result = await nodeHandlerTransport(() => {
      throw new Error('boom');
    }).send(wire('GET', 'http://api.example.test/'));
    expect(result).toMatchObject({ ok: false, netError: 'ERR_EMPTY_RESPONSE' });
    expect(!result.ok && result.detail).toContain('boom');
  });

  test('an async handler that rejects after sending headers → the framing error the browser would see', async () => {
    const chunked = await nodeHandlerTransport(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('part');
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('late boom');
    }).send(wire('GET', 'http://api.example.test/'));
    expect(chunked).toMatchObject({ ok: false, netError: 'ERR_INCOMPLETE_CHUNKED_ENCODING' });
    const sized = await nodeHandlerTransport(async (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('part');
      await Promise.resolve();
      throw new Error('late boom');
    }).send(wire('GET', 'http://api.example.test/'));
    expect(sized).toMatchObject({ ok: false, netError: 'ERR_CONTENT_LENGTH_MISMATCH' });
  });

  test('a handler that cuts the connection (req.socket.destroy()) mid-body → ERR_INCOMPLETE_CHUNKED_ENCODING, no crash', async () => {
    const result = await nodeHandlerTransport((req, res) => {
      res.writeHead(200);
      res.write('part');
      setImmediate(() => req.socket.destroy());
    }).send(wire('GET', 'http://api.example.test/'));
    expect(result).toMatchObject({ ok: false, netError: 'ERR_INCOMPLETE_CHUNKED_ENCODING' });
  });

  test('a handler that destroys the response → ERR_EMPTY_RESPONSE', async () => {
    const result = await nodeHandlerTransport((_req, res) => void res.destroy()).send(wire('GET', 'http://api.example.test/'));
    expect(result).toMatchObject({ ok: false, netError: 'ERR_EMPTY_RESPONSE' });
  });

  test('a handler that never answers → ERR_TIMED_OUT within the timeout, and the handler sees close', async () => {
    const before = ioResources();
    let closed = false;
    const transport = nodeHandlerTransport((_req, res) => void res.on('close', () => (closed = true)), { timeoutMs: 100 });
    const started = performance.now();
    const result = await transport.send(wire('GET', 'http://api.example.test/'));
    expect(result).toMatchObject({ ok: false, netError: 'ERR_TIMED_OUT' });
    expect(performance.now() - started).toBeLessThan(1000);
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(true);
    expect(await leakedSince(before)).toEqual({});
  });

  test('a non-http URL → ERR_INVALID_ARGUMENT', async () => {
    expect(await nodeHandlerTransport(small).send(wire('GET', 'data:text/plain,hi'))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
  });

  test('a body limit that is not a positive number is refused when the transport is made, as for every transport', () => {
    for (const maxBodyBytes of [0, Number.NaN]) {
      expect(() => nodeHandlerTransport((_req, res) => res.end(), { maxBodyBytes })).toThrow(RangeError);
      expect(() => fastifyTransport(Fastify(), { maxBodyBytes })).toThrow(RangeError);
    }
  });

  test('an http.Server listener works unchanged', async () => {
    const server = http.createServer(small);
    const [listener] = server.listeners('request') as NodeRequestHandler[];
    const result = await nodeHandlerTransport(listener ?? small).send(wire('GET', 'http://api.example.test/'));
    expect(result).toMatchObject({ ok: true, response: { status: 201 } });
  });
});

describe('fastifyTransport', () => {
  test('answers through fastify without listening, duplicate headers intact', async () => {
    const app = Fastify();
    app.get('/x', async (_req, reply) => {
      reply.header('set-cookie', ['a=1', 'b=2']);
      reply.header('access-control-allow-origin', 'https://app.example');
      return { ok: true };
    });
    const result = await fastifyTransport(app).send(wire('GET', 'http://api.example.test/x', [['Origin', 'https://app.example']]));
    expect(result).toMatchObject({ ok: true, response: { status: 200, statusText: 'OK' } });
    expect(values(result, 'set-cookie')).toEqual(['a=1', 'b=2']);
    expect(result.ok && new TextDecoder().decode(result.response.body)).toBe('{"ok":true}');
    expect(app.server.listening).toBe(false);
    await app.close();
  });

  test('a route that throws is fastify\'s own 500, not a network error', async () => {
    const app = Fastify();
    app.get('/x', async () => {
      throw new Error('route boom');
    });
    const result = await fastifyTransport(app).send(wire('GET', 'http://api.example.test/x'));
    expect(result).toMatchObject({ ok: true, response: { status: 500 } });
    await app.close();
  });

  test('a plugin that fails to load → ERR_FAILED', async () => {
    const app = Fastify();
    app.register(async () => {
      throw new Error('plugin boom');
    });
    const result = await fastifyTransport(app).send(wire('GET', 'http://api.example.test/x'));
    expect(result).toMatchObject({ ok: false, netError: 'ERR_FAILED' });
    expect(!result.ok && result.detail).toContain('plugin boom');
  });
});
