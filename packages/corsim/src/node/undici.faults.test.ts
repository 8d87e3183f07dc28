/**
 * Faults over real loopback sockets: each misbehaving server makes the socket transport resolve
 * (never reject) to the network error a browser reports, within a bounded time, leaving no
 * socket, server, lookup or timer behind.
 */
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { undiciTransport } from './undici.js';
import { FAULT_HEAD as HEAD, ioResources, leakedSince, listen, wire, failOnUnhandledRejections, SOCKET_FAULTS, type SocketFault } from './test-helpers.js';

/** Answers every connection, once its request has arrived, with `script`. */
function rawServer(script: (socket: net.Socket) => void): net.Server {
  return net.createServer((socket) => {
    socket.once('data', () => script(socket));
  });
}

failOnUnhandledRejections();

/** Faults undici reports in its own way; Chromium reads both as a 200 (the raw path's tests, chromium-reads.fixture.ts). */
const undiciFaults: SocketFault[] = [
  { name: 'server closes in the middle of the headers', script: (s) => s.end('HTTP/1.1 200 OK\r\nX-A: 1\r\n'), expected: 'ERR_EMPTY_RESPONSE' },
  { name: 'malformed status line', script: (s) => s.end('HTTP/1.1 OK 200\r\n\r\n'), expected: 'ERR_INVALID_HTTP_RESPONSE' },
];

describe('undiciTransport over misbehaving loopback servers', () => {
  test.each([...SOCKET_FAULTS, ...undiciFaults])('$name → $expected', async ({ script, expected, options }) => {
    const before = ioResources();
    const server = await listen(rawServer(script));
    const transport = undiciTransport({ timeoutMs: 2000, ...options });
    const started = performance.now();
    const result = await transport.send(wire('GET', `${server.origin}/`, [['Origin', 'https://app.example']]));
    const elapsed = performance.now() - started;

    expect(result).toMatchObject({ ok: false, netError: expected });
    expect(result.ok === false && result.detail.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan((options?.totalTimeoutMs ?? options?.timeoutMs ?? 0) + 1500);

    await transport.close();
    await server.close();
    expect(server.sockets.size).toBeGreaterThan(0);
    for (const socket of server.sockets) expect(socket.destroyed).toBe(true);
    expect(await leakedSince(before)).toEqual({});
  });

  test('headers of 100 KiB are accepted, as in Chromium (its limit is 256 KiB)', async () => {
    const server = await listen(rawServer((s) => s.end(`${HEAD}X-Big: ${'a'.repeat(100 * 1024)}\r\nContent-Length: 2\r\n\r\nok`)));
    const transport = undiciTransport({ timeoutMs: 2000 });
    const result = await transport.send(wire('GET', `${server.origin}/`));
    expect(result).toMatchObject({ ok: true, response: { status: 200 } });
    await transport.close();
    await server.close();
  });

  test('connection refused → ERR_CONNECTION_REFUSED', async () => {
    const before = ioResources();
    const server = await listen(net.createServer());
    await server.close(); // the port is now free: nothing listens there
    const transport = undiciTransport({ timeoutMs: 2000 });
    const started = performance.now();
    const result = await transport.send(wire('GET', `${server.origin}/`));
    expect(result).toMatchObject({ ok: false, netError: 'ERR_CONNECTION_REFUSED' });
    expect(performance.now() - started).toBeLessThan(2000);
    await transport.close();
    expect(await leakedSince(before)).toEqual({});
  });

  test('exchanges in flight together each meet their own deadline, and an idle transport holds no timer', async () => {
    const server = await listen(
      rawServer((s) => {
        if (!s.destroyed && s.bytesRead > 0) s.end(`${HEAD}Content-Length: 2\r\n\r\nok`);
      }),
    );
    const stalled = await listen(rawServer(() => {}));
    const transport = undiciTransport({ timeoutMs: 300 });
    const [slow, fast] = await Promise.all([
      transport.send(wire('GET', `${stalled.origin}/`)),
      transport.send(wire('GET', `${server.origin}/`)),
    ]);
    expect(slow).toMatchObject({ ok: false, netError: 'ERR_TIMED_OUT' });
    expect(fast).toMatchObject({ ok: true, response: { status: 200 } });
    const idle = ioResources();
    expect(await transport.send(wire('GET', `${server.origin}/`))).toMatchObject({ ok: true, response: { status: 200 } });
    // Kept-alive connections may stay open; a timer that keeps the process alive may not, not even until it fires.
    expect(ioResources().Timeout ?? 0).toBeLessThanOrEqual(idle.Timeout ?? 0);
    await transport.close();
    await server.close();
    await stalled.close();
  });

  test('a transport left open after faults still answers the next request on a fresh connection', async () => {
    let first = true;
    const server = await listen(
      rawServer((s) => {
        if (first) {
          first = false;
          s.end();
        } else s.end(`${HEAD}Content-Length: 2\r\n\r\nok`);
      }),
    );
    const transport = undiciTransport({ timeoutMs: 2000 });
    expect(await transport.send(wire('GET', `${server.origin}/`))).toMatchObject({ ok: false, netError: 'ERR_EMPTY_RESPONSE' });
    expect(await transport.send(wire('GET', `${server.origin}/`))).toMatchObject({ ok: true, response: { status: 200 } });
    await transport.close();
    await server.close();
  });
});
