import { describe, expect, test } from 'vitest';
import { fetchHandlerTransport } from './fetch-handler.js';
import { values, wire } from '../node/test-helpers.js';

/** A fetch handler with duplicate Set-Cookie and duplicate Access-Control-Allow-Origin lines, echoing what it saw. */
async function small(request: Request): Promise<Response> {
  const headers = new Headers();
  headers.append('Access-Control-Allow-Origin', 'https://a.example');
  headers.append('Set-Cookie', 'a=1');
  headers.append('Access-Control-Allow-Origin', 'https://b.example');
  headers.append('Set-Cookie', 'b=2');
  headers.append('X-Seen', JSON.stringify({ method: request.method, url: request.url, headers: [...request.headers] }));
  return new Response(`body:${await request.text()}`, { status: 201, headers });
}

describe('fetchHandlerTransport', () => {
  test('returns status, headers (Set-Cookie lines separate, other duplicates combined) and the body', async () => {
    const result = await fetchHandlerTransport(small).send(wire('POST', 'https://api.example.test/x?y=1', [['Origin', 'https://app.example']], 'hello'));
    expect(result).toMatchObject({ ok: true, response: { status: 201, statusText: 'Created' } });
    if (!result.ok) return;
    expect(result.response.headers.map(([n]) => n)).toEqual(['access-control-allow-origin', 'content-type', 'set-cookie', 'set-cookie', 'x-seen']);
    expect(values(result, 'set-cookie')).toEqual(['a=1', 'b=2']);
    // the documented limitation: what a browser's headers.get() would also return
    expect(values(result, 'access-control-allow-origin')).toEqual(['https://a.example, https://b.example']);
    expect(new TextDecoder().decode(result.response.body)).toBe('body:hello');
  });

  test('the handler gets a standard Request with the URL, method and headers plus Host and Content-Length', async () => {
    const result = await fetchHandlerTransport(small).send(wire('PUT', 'http://api.example.test:8080/p', [['Origin', 'https://app.example']], '{}'));
    expect(JSON.parse(values(result, 'x-seen')[0] ?? 'null')).toEqual({
      method: 'PUT',
      url: 'http://api.example.test:8080/p',
      headers: [['content-length', '2'], ['host', 'api.example.test:8080'], ['origin', 'https://app.example']],
    });
  });

  test('HEAD and 204 answers carry no body', async () => {
    const head = await fetchHandlerTransport(small).send(wire('HEAD', 'http://api.example.test/'));
    expect(head.ok && head.response.body.byteLength).toBe(0);
  });

  test('a handler that throws or rejects → ERR_EMPTY_RESPONSE; a non-Response → ERR_EMPTY_RESPONSE; Response.error() → ERR_FAILED', async () => {
    const thrower = fetchHandlerTransport(() => {
      throw new Error('boom');
    });
    expect(await thrower.send(wire('GET', 'http://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_EMPTY_RESPONSE' });
    const rejecter = fetchHandlerTransport(() => Promise.reject(new Error('async boom')));
    expect(await rejecter.send(wire('GET', 'http://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_EMPTY_RESPONSE' });
    const notAResponse = fetchHandlerTransport(() => ({ status: 200 }) as unknown as Response);
    expect(await notAResponse.send(wire('GET', 'http://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_EMPTY_RESPONSE' });
    expect(await fetchHandlerTransport(() => Response.error()).send(wire('GET', 'http://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_FAILED' });
  });

  test('a body stream that errors → the framing error a server adapter would cause', async () => {
    const failing = (): ReadableStream<Uint8Array> =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('part'));
          controller.error(new Error('stream boom'));
        },
      });
    const chunked = await fetchHandlerTransport(() => new Response(failing())).send(wire('GET', 'http://api.example.test/'));
    expect(chunked).toMatchObject({ ok: false, netError: 'ERR_INCOMPLETE_CHUNKED_ENCODING' });
    const sized = await fetchHandlerTransport(() => new Response(failing(), { headers: { 'Content-Length': '100' } })).send(wire('GET', 'http://api.example.test/'));
    expect(sized).toMatchObject({ ok: false, netError: 'ERR_CONTENT_LENGTH_MISMATCH' });
  });

  test('a handler that never answers → ERR_TIMED_OUT within the timeout, and its request signal aborts', async () => {
    let signal: AbortSignal | null = null;
    const transport = fetchHandlerTransport(
      (request) => {
        signal = request.signal;
        return new Promise<Response>(() => {});
      },
      { timeoutMs: 100 },
    );
    const started = performance.now();
    expect(await transport.send(wire('GET', 'http://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_TIMED_OUT' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect((signal as AbortSignal | null)?.aborted).toBe(true);
  });

  test('a handler that reads its request signal only after the timeout finds it aborted', async () => {
    let late: Promise<boolean> = Promise.resolve(false);
    const transport = fetchHandlerTransport(
      (request) => {
        late = new Promise((resolve) => setTimeout(() => resolve(request.signal.aborted), 200));
        return new Promise<Response>(() => {});
      },
      { timeoutMs: 50 },
    );
    expect(await transport.send(wire('GET', 'http://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_TIMED_OUT' });
    expect(await late).toBe(true);
  });

  test('the request is a standard Request whose signal stays quiet while the handler answers in time', async () => {
    const seen: unknown[] = [];
    const transport = fetchHandlerTransport(async (request) => {
      const copy = request.clone();
      seen.push(request instanceof Request, request.signal.aborted, await copy.text(), request.headers.get('origin'));
      return new Response('ok');
    });
    expect(await transport.send(wire('POST', 'http://api.example.test/', [['Origin', 'https://app.example']], 'sent'))).toMatchObject({ ok: true });
    expect(seen).toEqual([true, false, 'sent', 'https://app.example']);
  });

  test('a body limit that is not a positive number is refused when the transport is made', () => {
    for (const maxBodyBytes of [0, -1, Number.NaN]) expect(() => fetchHandlerTransport(small, { maxBodyBytes })).toThrow(RangeError);
    expect(() => fetchHandlerTransport(small, { timeoutMs: 0 })).toThrow(RangeError);
  });

  test('a body that never ends → ERR_TIMED_OUT', async () => {
    const transport = fetchHandlerTransport(() => new Response(new ReadableStream({ pull: () => new Promise(() => {}) })), { timeoutMs: 100 });
    expect(await transport.send(wire('GET', 'http://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_TIMED_OUT' });
  });

  test('the handler reads the request body as sent, also when it lies in shared memory, and a later change to the bytes does not reach it', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    shared.set(new TextEncoder().encode('data'));
    const transport = fetchHandlerTransport(async (request) => new Response(await request.text()));
    const fromShared = await transport.send({ method: 'POST', url: 'http://api.example.test/', headers: [], body: shared });
    expect(fromShared.ok && new TextDecoder().decode(fromShared.response.body)).toBe('data');

    const bytes = new TextEncoder().encode('sent');
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const late = fetchHandlerTransport(async (request) => {
      await gate;
      return new Response(await request.text());
    }).send({ method: 'POST', url: 'http://api.example.test/', headers: [], body: bytes });
    bytes.fill(0);
    release();
    const result = await late;
    expect(result.ok && new TextDecoder().decode(result.response.body)).toBe('sent');
  });

  test('requests a fetch Request cannot express → ERR_INVALID_ARGUMENT', async () => {
    const transport = fetchHandlerTransport(small);
    expect(await transport.send(wire('GET', 'http://api.example.test/', [], 'a GET with a body'))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
    expect(await transport.send(wire('GET', 'ftp://api.example.test/'))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
  });
});
