/**
 * The evidence for the raw client's leniency: real Chromium fetches every response of
 * chromium-reads.fixture.ts from a raw loopback server and must see what the fixture says (the raw
 * client's own tests assert that corsim sees the same). Runs when /usr/bin/chromium is installed.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_FAILURES, CHROMIUM_READS } from './chromium-reads.fixture.js';
import { listen, type Listening } from './test-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
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

describe.skipIf(!existsSync(CHROMIUM))('Chromium reads the fixture responses as the raw client does', () => {
  const all = [...CHROMIUM_READS.map((r) => r.bytes), ...CHROMIUM_FAILURES.map((f) => f.bytes)];
  let server: Listening;
  let browser: Browser;
  let page: Page;
  const failures = new Map<string, string>();

  beforeAll(async () => {
    server = await listen(rawServer(all));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP *.test 127.0.0.1'] });
    page = await browser.newPage();
    page.on('requestfailed', (r) => failures.set(new URL(r.url()).pathname, r.failure()?.errorText ?? ''));
    await page.goto(`http://app.probe.test:${server.port}/`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const fetchInPage = (index: number): Promise<Seen> =>
    page.evaluate(async (path) => {
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
    expect(failures.get(`/${index}`)).toBe(`net::${netError}`);
  });
});
