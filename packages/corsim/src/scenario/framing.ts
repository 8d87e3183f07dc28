/**
 * What a Node `http` server adds to a response on the wire, so that in-process answers look like the ones a
 * loopback server sends: `Content-Length` (not for 1xx, 204, 304), `Date`, `Connection` and `Keep-Alive`.
 */
import type { HeaderPairs, WireRequest, WireResponse } from '@corsim/engine';

const HTTP_DATE = (ms: number): string => new Date(ms).toUTCString();

export function withNodeFraming(response: WireResponse, request: Pick<WireRequest, 'method'>, dateMs = Date.UTC(2026, 0, 1)): WireResponse {
  const has = (name: string): boolean => response.headers.some(([n]) => n.toLowerCase() === name);
  const headers: HeaderPairs = [...response.headers];
  const bodiless = response.status < 200 || response.status === 204 || response.status === 304;
  if (!bodiless && !has('content-length') && !has('transfer-encoding')) headers.push(['Content-Length', String(response.body.byteLength)]);
  if (!has('date')) headers.push(['Date', HTTP_DATE(dateMs)]);
  if (!has('connection')) headers.push(['Connection', 'keep-alive']);
  if (!has('keep-alive')) headers.push(['Keep-Alive', 'timeout=5']);
  const noBody = bodiless || request.method === 'HEAD';
  return { ...response, headers, body: noBody ? new Uint8Array(0) : response.body };
}
