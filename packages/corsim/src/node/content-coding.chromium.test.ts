/**
 * The evidence for content-coding.fixture.ts and for the profiles' `Accept-Encoding`: real Chromium
 * fetches each coded body from a raw loopback server. Runs when /usr/bin/chromium is installed.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODED_BODIES } from './content-coding.fixture.js';
import { CHROMIUM_PATH, listen, openProbePage, type Listening, type ProbePage } from './test-helpers.js';


describe.skipIf(!existsSync(CHROMIUM_PATH))('Chromium decodes the fixture bodies as corsim does', () => {
  let server: Listening;
  let probe: ProbePage;
  const acceptEncoding = new Map<string, string>();

  beforeAll(async () => {
    server = await listen(net.createServer((socket) => {
      let head = '';
      socket.on('error', () => {});
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        const lines = head.split('\r\n');
        const path = lines[0]?.split(' ')[1] ?? '/';
        const host = lines.find((l) => /^host:/i.test(l))?.slice(5).trim() ?? '';
        acceptEncoding.set(`${host.split(':')[0]}${path}`, lines.find((l) => /^accept-encoding:/i.test(l))?.slice(16).trim() ?? '');
        const coded = CODED_BODIES[Number(path.slice(1))];
        const body = coded ? coded.body : Buffer.from('<html>');
        const type = coded ? `Content-Encoding: ${coded.contentEncoding}\r\n` : 'Content-Type: text/html\r\n';
        socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\n${type}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`, 'latin1'), body]));
      });
    }));
    probe = await openProbePage(server.port);
  }, 60_000);
  afterAll(async () => {
    await probe?.close();
    await server?.close();
  });

  test('Accept-Encoding: gzip, deflate to a plain http host; gzip, deflate, br, zstd to 127.0.0.1', async () => {
    await probe.page.evaluate((port) => fetch(`http://127.0.0.1:${port}/probe`, { mode: 'no-cors' }).catch(() => null), server.port);
    expect(acceptEncoding.get('app.probe.test/')).toBe('gzip, deflate');
    expect(acceptEncoding.get('127.0.0.1/probe')).toBe('gzip, deflate, br, zstd');
  });

  test.each(CODED_BODIES.map((c, index) => ({ ...c, index })))('$name', async ({ index, expected }) => {
    const seen = await probe.page.evaluate(async (path) => {
      try {
        return { text: await (await fetch(path, { cache: 'no-store' })).text() };
      } catch (error) {
        return { error: String(error) };
      }
    }, `/${index}`);
    if ('text' in expected) expect(seen).toEqual({ text: expected.text });
    else {
      expect(seen).toEqual({ error: 'TypeError: Failed to fetch' });
      expect(probe.failures.get(`/${index}`)).toBe(`net::${expected.netError}`);
    }
  });
});
