/**
 * The evidence for the raw client's leniency: real Chromium fetches every response of
 * chromium-reads.fixture.ts from a raw loopback server and must see what the fixture says (the raw
 * client's own tests assert that corsim sees the same). Runs when /usr/bin/chromium is installed.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_FAILURES, CHROMIUM_READS } from './chromium-reads.fixture.js';
import { CHROMIUM_PATH, listen, openProbePage, type Listening, type ProbePage } from './test-helpers.js';

const PAGE_HTML = 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\nConnection: close\r\n\r\n<html>';

/** Answers `/` with a page and `/<n>` with `responses[n]`, then closes the connection. */
function rawServer(responses: readonly string[]): net.Server {
  return net.createServer((socket) => {
    let head = '';
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const path = head.slice(0, head.indexOf('\r\n')).split(' ')[1] ?? '/';
      const bytes = path === '/' ? PAGE_HTML : (responses[Number(path.slice(1))] ?? 'HTTP/1.1 404 X\r\nContent-Length: 0\r\n\r\n');
      socket.end(Buffer.from(bytes, 'latin1'));
    });
  });
}

type Seen = { status: number; statusText: string; headers: Array<[string, string]>; body: string } | { error: string };

describe.skipIf(!existsSync(CHROMIUM_PATH))('Chromium reads the fixture responses as the raw client does', () => {
  const all = [...CHROMIUM_READS.map((r) => r.bytes), ...CHROMIUM_FAILURES.map((f) => f.bytes)];
  let server: Listening;
  let probe: ProbePage;

  beforeAll(async () => {
    server = await listen(rawServer(all));
    probe = await openProbePage(server.port);
  }, 60_000);
  afterAll(async () => {
    await probe?.close();
    await server?.close();
  });

  const fetchInPage = (index: number): Promise<Seen> =>
    probe.page.evaluate(async (path) => {
      try {
        const res = await fetch(path, { cache: 'no-store' });
        return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: await res.text() };
      } catch (error) {
        return { error: String(error) };
      }
    }, `/${index}`);

  test.each(CHROMIUM_READS.map((r, i) => ({ ...r, index: i })))('$name', async ({ index, status, statusText, body, header }) => {
    const seen = await fetchInPage(index);
    expect(seen).toMatchObject({ status, statusText, body });
    if (header && 'headers' in seen) expect(seen.headers).toContainEqual([header[0].toLowerCase(), header[1]]);
  });

  test.each(CHROMIUM_FAILURES.map((f, i) => ({ ...f, index: CHROMIUM_READS.length + i })))('$name → $netError', async ({ index, netError }) => {
    expect(await fetchInPage(index)).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(probe.failures.get(`/${index}`)).toBe(`net::${netError}`);
  });
});
