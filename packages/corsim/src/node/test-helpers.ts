/**
 * Test-only helpers for the transport tests: loopback servers that can be closed for sure,
 * request builders and the normalisation used to compare transports. Not exported by the package.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import type { HeaderPairs, NetErrorName, NetworkResult, WireRequest } from '@corsim/engine';

/** Builds a WireRequest; `body` as text. */
export function wire(method: string, url: string, headers: HeaderPairs = [], body: string | null = null): WireRequest {
  return { method, url, headers, body: body === null ? null : new TextEncoder().encode(body) };
}

/** A listening loopback server with its open connections tracked. */
export interface Listening {
  readonly port: number;
  readonly origin: string;
  /** Every connection the server accepted. */
  readonly sockets: ReadonlySet<Socket>;
  /** Destroys open connections, closes the server, and resolves once every connection has closed. */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1, port 0. */
export async function listen(server: NetServer | HttpServer): Promise<Listening> {
  const sockets = new Set<Socket>();
  const closed: Array<Promise<void>> = [];
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    sockets,
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
      await Promise.all(closed);
    },
  };
}

/** Counts of the kinds of active resources that a leaked socket, server or lookup would show. */
export function ioResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (/TCP|Pipe|GetAddrInfo|Timeout/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * The kinds of I/O resource that are more numerous now than in `before` (a leak), waiting up to
 * `ms` for closing handles to go; `{}` when nothing grew.
 */
export async function leakedSince(before: Record<string, number>, ms = 2000): Promise<Record<string, number>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const grown: Record<string, number> = {};
    for (const [kind, count] of Object.entries(ioResources())) {
      if (count > (before[kind] ?? 0)) grown[kind] = count - (before[kind] ?? 0);
    }
    if (Object.keys(grown).length === 0 || Date.now() >= deadline) return grown;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A misbehaving server: what it does on a connection once the request has arrived, and the error a browser reports. */
export interface SocketFault {
  readonly name: string;
  readonly script: (socket: Socket) => void;
  readonly expected: NetErrorName;
  readonly options?: { readonly timeoutMs?: number; readonly totalTimeoutMs?: number; readonly maxBodyBytes?: number; readonly maxHeaderSize?: number };
}

/** A response head a fault script goes on from. */
export const FAULT_HEAD = 'HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n';

/** The faults that every socket path (undici and the raw path) reports alike. */
export const SOCKET_FAULTS: readonly SocketFault[] = [
  { name: 'server closes before answering', script: (s) => s.end(), expected: 'ERR_EMPTY_RESPONSE' },
  { name: 'server resets before answering', script: (s) => s.resetAndDestroy(), expected: 'ERR_CONNECTION_RESET' },
  {
    name: 'server resets in the middle of the body',
    script: (s) => {
      s.write(`${FAULT_HEAD}Content-Length: 100\r\n\r\npartial`);
      setTimeout(() => s.resetAndDestroy(), 30);
    },
    expected: 'ERR_CONNECTION_RESET',
  },
  { name: 'body shorter than Content-Length', script: (s) => s.end(`${FAULT_HEAD}Content-Length: 100\r\n\r\nonly this`), expected: 'ERR_CONTENT_LENGTH_MISMATCH' },
  { name: 'chunked body cut short', script: (s) => s.end(`${FAULT_HEAD}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n`), expected: 'ERR_INCOMPLETE_CHUNKED_ENCODING' },
  { name: 'not HTTP at all', script: (s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'), expected: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'headers over 256 KiB', script: (s) => s.end(`${FAULT_HEAD}X-Big: ${'a'.repeat(300 * 1024)}\r\nContent-Length: 0\r\n\r\n`), expected: 'ERR_RESPONSE_HEADERS_TOO_BIG' },
  { name: 'server never answers', script: () => {}, expected: 'ERR_TIMED_OUT', options: { timeoutMs: 300 } },
  { name: 'server stalls in the body', script: (s) => s.write(`${FAULT_HEAD}Content-Length: 10\r\n\r\nab`), expected: 'ERR_TIMED_OUT', options: { timeoutMs: 300 } },
  {
    name: 'server trickles the body past the total deadline',
    script: (s) => {
      s.write(`${FAULT_HEAD}Content-Length: 1000\r\n\r\n`);
      const tick = setInterval(() => (s.destroyed ? clearInterval(tick) : s.write('x')), 50);
      s.once('close', () => clearInterval(tick));
    },
    expected: 'ERR_TIMED_OUT',
    options: { timeoutMs: 300, totalTimeoutMs: 600 },
  },
];

/** Header names that depend on the connection or the clock rather than the application. */
const VOLATILE = new Set(['date', 'connection', 'keep-alive']);

/** What the comparison between transports looks at: status, header pairs (lower-case names, volatile ones dropped), body text. */
export interface Comparable {
  readonly status: number;
  readonly headers: HeaderPairs;
  readonly body: string;
}

/** `result` as a {@link Comparable}; `sorted` also sorts the header pairs (for comparisons with a fetch handler). */
export function comparable(result: NetworkResult, sorted = false): Comparable | { readonly netError: string } {
  if (!result.ok) return { netError: result.netError };
  const headers: HeaderPairs = result.response.headers
    .map(([n, v]): [string, string] => [n.toLowerCase(), v])
    .filter(([n]) => !VOLATILE.has(n));
  if (sorted) headers.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { status: result.response.status, headers, body: new TextDecoder().decode(result.response.body) };
}

/** The values of header `name` in `result`, in order (case-insensitive). */
export function values(result: NetworkResult, name: string): string[] {
  if (!result.ok) return [];
  return result.response.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/** Where real Chromium is installed for the tests that check corsim against it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A Chromium page at http://app.probe.test:<port>/ (every `*.test` name mapped to 127.0.0.1), and the `net::` error of each failed path. */
export interface ProbePage {
  readonly page: import('playwright-core').Page;
  readonly failures: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/** Opens a {@link ProbePage} in a new headless Chromium. */
export async function openProbePage(port: number): Promise<ProbePage> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP *.test 127.0.0.1'] });
  const page = await browser.newPage();
  const failures = new Map<string, string>();
  page.on('requestfailed', (r) => failures.set(new URL(r.url()).pathname, r.failure()?.errorText ?? ''));
  await page.goto(`http://app.probe.test:${port}/`);
  return { page, failures, close: () => browser.close() };
}

/** Fails the file when any promise rejection went unhandled while its tests ran (a transport must never leak one). */
export function failOnUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
}
