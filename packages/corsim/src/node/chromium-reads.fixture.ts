/**
 * Test data: odd responses and what Chromium 156 makes of them, each checked by fetching from a raw
 * loopback server in real Chromium (raw-http.chromium.test.ts does it again whenever Chromium is
 * installed). The raw client's tests assert that corsim reads them the same way.
 */
import type { NetErrorName } from '@corsim/engine';

/** A response Chromium reads: what script sees. `header` is one header line it keeps (name as sent). */
export interface ChromiumRead {
  readonly name: string;
  /** The bytes the server writes (Latin-1) before it closes the connection. */
  readonly bytes: string;
  readonly status: number;
  readonly statusText: string;
  readonly body: string;
  readonly header?: [string, string];
}

/** A response Chromium refuses: the `net::` error it reports. */
export interface ChromiumFailure {
  readonly name: string;
  readonly bytes: string;
  readonly netError: NetErrorName;
}

export const CHROMIUM_READS: readonly ChromiumRead[] = [
  { name: 'LF-only line endings', bytes: 'HTTP/1.1 200 OK\nX-A: 1\nContent-Length: 2\n\nok', status: 200, statusText: 'OK', body: 'ok', header: ['X-A', '1'] },
  { name: 'CRLF and LF mixed', bytes: 'HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 2\r\n\nok', status: 200, statusText: 'OK', body: 'ok', header: ['X-A', '1'] },
  { name: 'five 100 Continue and a 103 before the response', bytes: `${'HTTP/1.1 100 Continue\r\n\r\n'.repeat(5)}HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok`, status: 200, statusText: 'OK', body: 'ok' },
  { name: 'a 4-digit status', bytes: 'HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok', status: 2000, statusText: 'OK', body: 'ok' },
  { name: 'a 5-digit status past 16 bits', bytes: 'HTTP/1.1 70000 X\r\nContent-Length: 2\r\n\r\nok', status: 4464, statusText: 'X', body: 'ok' },
  { name: 'a status past 2^31', bytes: 'HTTP/1.1 99999999999 X\r\nContent-Length: 2\r\n\r\nok', status: 65535, statusText: 'X', body: 'ok' },
  { name: 'a 2-digit status', bytes: 'HTTP/1.1 20 X\r\nContent-Length: 2\r\n\r\nok', status: 20, statusText: 'X', body: 'ok' },
  { name: 'no status digits (200 assumed)', bytes: 'HTTP/1.1 OK 200\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: '', body: 'ok' },
  { name: 'letters right after the digits', bytes: 'HTTP/1.1 200x OK\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'x OK', body: 'ok' },
  { name: 'an unparsable version', bytes: 'HTTP/x.1 200 OK\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'OK', body: 'ok' },
  { name: 'HTTP/2 in an HTTP/1 status line', bytes: 'HTTP/2 200\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: '', body: 'ok' },
  { name: 'a lower-case http', bytes: 'http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'OK', body: 'ok' },
  { name: 'two bytes of junk before HTTP', bytes: 'xyHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'OK', body: 'ok' },
  { name: 'a header line without a colon is skipped', bytes: 'HTTP/1.1 200 OK\r\nBogus line\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'OK', body: 'ok', header: ['X-A', '1'] },
  { name: 'space before the colon is trimmed', bytes: 'HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'OK', body: 'ok', header: ['X-A', '1'] },
  { name: 'a continuation line is joined', bytes: 'HTTP/1.1 200 OK\r\nX-A: a\r\n  b\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'OK', body: 'ok', header: ['X-A', 'a b'] },
  { name: 'a control byte in a value is kept', bytes: 'HTTP/1.1 200 OK\r\nX-A: a\x01b\r\nContent-Length: 2\r\n\r\nok', status: 200, statusText: 'OK', body: 'ok', header: ['X-A', 'a\x01b'] },
  { name: 'an unparsable Content-Length is ignored (body to the close)', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nabc', status: 200, statusText: 'OK', body: 'abc' },
  { name: 'a head cut short by the close', bytes: 'HTTP/1.1 200 OK\r\nX-A: 1\r\n', status: 200, statusText: 'OK', body: '', header: ['X-A', '1'] },
  { name: 'a status line cut short by the close', bytes: 'HTTP/1.1 2x', status: 2, statusText: 'x', body: '' },
  { name: 'chunked framing with bare LF', bytes: 'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n', status: 200, statusText: 'OK', body: 'ok' },
];


export const CHROMIUM_FAILURES: readonly ChromiumFailure[] = [
  { name: 'a 1xx as the final response', bytes: 'HTTP/1.1 100 Continue\r\n\r\n', netError: 'ERR_EMPTY_RESPONSE' },
  { name: 'an interim response with a body', bytes: 'HTTP/1.1 102 Processing\r\nContent-Length: 2\r\n\r\nok', netError: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: '101 without an upgrade request', bytes: 'HTTP/1.1 101 Switching\r\nContent-Length: 2\r\n\r\nok', netError: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'differing Content-Length lines', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc', netError: 'ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH' },
  { name: 'NUL in a header value', bytes: 'HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 2\r\n\r\nok', netError: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'not HTTP at all', bytes: 'SSH-2.0-OpenSSH_9.6\r\n', netError: 'ERR_INVALID_HTTP_RESPONSE' },
  { name: 'nothing at all', bytes: '', netError: 'ERR_EMPTY_RESPONSE' },
];
