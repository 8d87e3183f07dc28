/**
 * What a Node `http` server adds to a response on the wire, in Node's order after the handler's own
 * headers: `Date`, `Connection` (with `Keep-Alive: timeout=5` on a kept-alive connection) and
 * `Content-Length` (not for 1xx, 204, 304, nor when the response names `Content-Length` or
 * `Transfer-Encoding`). In-process answers get it so that they look like the ones a loopback server
 * sends; the scenario socket servers put exactly this on the wire.
 */
import { type HeaderPairs, type WireRequest, type WireResponse } from '@corsim/engine';

export interface NodeFramingOptions {
  /** Whether the connection stays open after this response. Default true. */
  readonly keepAlive?: boolean;
  /** The `Date` header's time in ms since the epoch. Default 2026-01-01, so in-process answers are reproducible. */
  readonly dateMs?: number;
}

/** How long an idle kept-alive connection stays open, as Node's default `keepAliveTimeout` (seconds). */
export const NODE_KEEP_ALIVE_SECONDS = 5;

/** The framing headers a response already names, found in one pass. */
function framingNamed(headers: HeaderPairs): { date: boolean; connection: boolean; length: boolean } {
  const named = { date: false, connection: false, length: false };
  for (const [raw] of headers) {
    // Only names of these lengths can be one of them: most names are not lower-cased at all.
    if (raw.length !== 4 && raw.length !== 10 && raw.length !== 14 && raw.length !== 17) continue;
    const name = raw.toLowerCase();
    if (name === 'date') named.date = true;
    else if (name === 'connection') named.connection = true;
    else if (name === 'content-length' || name === 'transfer-encoding') named.length = true;
  }
  return named;
}

/** The `Date` of every in-process answer, formatted once. */
const DEFAULT_DATE = new Date(Date.UTC(2026, 0, 1)).toUTCString();

export function withNodeFraming(response: WireResponse, request: Pick<WireRequest, 'method'>, options: NodeFramingOptions = {}): WireResponse {
  const headers: HeaderPairs = [...response.headers];
  const named = framingNamed(headers);
  const bodiless = response.status < 200 || response.status === 204 || response.status === 304;
  if (!named.date) headers.push(['Date', options.dateMs === undefined ? DEFAULT_DATE : new Date(options.dateMs).toUTCString()]);
  if (!named.connection) {
    if (options.keepAlive ?? true) headers.push(['Connection', 'keep-alive'], ['Keep-Alive', `timeout=${NODE_KEEP_ALIVE_SECONDS}`]);
    else headers.push(['Connection', 'close']);
  }
  if (!bodiless && !named.length) headers.push(['Content-Length', String(response.body.byteLength)]);
  const noBody = bodiless || request.method === 'HEAD';
  return { ...response, headers, body: noBody ? new Uint8Array(0) : response.body };
}
