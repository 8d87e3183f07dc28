/**
 * The shared workload: one set of cross-origin requests and the server answers they meet, served the same way to
 * corsim and to each peer (over loopback by `server.ts`, in process as a Node handler or as Mentoss routes).
 * `browser` is what Chromium does with the request (the verdict every simulator is compared with).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const PAGE_ORIGIN = 'http://app.example';

type Pairs = Record<string, string>;
interface Answer { status: number; headers: Pairs }
export interface WorkloadCase {
  name: string;
  path: string;
  init: { method?: string; headers?: Pairs; body?: string; credentials?: 'include' | 'omit' | 'same-origin' };
  preflight?: Answer;
  actual: Answer;
  browser: 'allowed' | 'blocked';
}

const ACAO_PAGE = { 'access-control-allow-origin': PAGE_ORIGIN };
const PREFLIGHT_PUT = { status: 204, headers: { ...ACAO_PAGE, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-token', 'access-control-max-age': '600' } };

export const WORKLOAD: readonly WorkloadCase[] = [
  { name: 'simple GET, ACAO *', path: '/star', init: {}, actual: { status: 200, headers: { 'access-control-allow-origin': '*' } }, browser: 'allowed' },
  { name: 'simple GET, no ACAO', path: '/none', init: {}, actual: { status: 200, headers: {} }, browser: 'blocked' },
  { name: 'GET with credentials, ACAO * + ACAC', path: '/star-cred', init: { credentials: 'include' },
    actual: { status: 200, headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' } }, browser: 'blocked' },
  { name: 'GET with credentials, ACAO page + ACAC', path: '/cred', init: { credentials: 'include' },
    actual: { status: 200, headers: { ...ACAO_PAGE, 'access-control-allow-credentials': 'true' } }, browser: 'allowed' },
  { name: 'GET, ACAO with two origins', path: '/two', init: {}, actual: { status: 200, headers: { 'access-control-allow-origin': `${PAGE_ORIGIN}, http://other.example` } }, browser: 'blocked' },
  { name: 'POST text/plain;charset=UTF-8 (no preflight)', path: '/post', init: { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: 'x' },
    actual: { status: 200, headers: ACAO_PAGE }, browser: 'allowed' },
  { name: 'PUT + X-Token, preflight allows both', path: '/put', init: { method: 'PUT', headers: { 'x-token': '1' }, body: 'x' },
    preflight: PREFLIGHT_PUT, actual: { status: 200, headers: ACAO_PAGE }, browser: 'allowed' },
  { name: 'PUT + X-Token, preflight without ACAH', path: '/put-no-acah', init: { method: 'PUT', headers: { 'x-token': '1' }, body: 'x' },
    preflight: { status: 204, headers: { ...ACAO_PAGE, 'access-control-allow-methods': 'PUT' } }, actual: { status: 200, headers: ACAO_PAGE }, browser: 'blocked' },
  { name: 'PUT, preflight without ACAM', path: '/put-no-acam', init: { method: 'PUT', body: 'x' },
    preflight: { status: 204, headers: ACAO_PAGE }, actual: { status: 200, headers: ACAO_PAGE }, browser: 'blocked' },
  { name: 'DELETE, preflight 500', path: '/delete-500', init: { method: 'DELETE' },
    preflight: { status: 500, headers: { ...ACAO_PAGE, 'access-control-allow-methods': 'DELETE' } }, actual: { status: 200, headers: ACAO_PAGE }, browser: 'blocked' },
  { name: 'PUT with credentials, preflight ACAO *', path: '/put-star-cred', init: { method: 'PUT', credentials: 'include', body: 'x' },
    preflight: { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-allow-credentials': 'true' } },
    actual: { status: 200, headers: { 'access-control-allow-origin': '*' } }, browser: 'blocked' },
];

const NOT_FOUND: Answer = { status: 404, headers: {} };

/** What the workload's server answers to `method path`. */
export function answer(method: string, path: string): Answer {
  const c = WORKLOAD.find((w) => w.path === path);
  if (!c) return NOT_FOUND;
  if (method === 'OPTIONS') return c.preflight ?? NOT_FOUND;
  return c.actual;
}

/** The workload as a Node `(req, res)` handler. */
export function handler(req: IncomingMessage, res: ServerResponse): void {
  const { status, headers } = answer(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname);
  req.resume();
  req.on('end', () => {
    res.writeHead(status, { ...headers, 'content-type': 'text/plain' });
    res.end(status === 204 ? undefined : 'ok');
  });
}
