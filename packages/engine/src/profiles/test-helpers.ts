/**
 * A tiny browser for the profile tests: one page, a server written as a function, a virtual clock and a
 * preflight cache, all around the real engine (corsFetch). Not part of the engine's API.
 */
import type { CookieStore, HeaderPairs, Transport, WireRequest } from '../ports.js';
import type { BrowserProfile } from './profile.js';
import type { FetchInit } from '../request.js';
import { corsFetch, type FetchOutcome } from '../fetch.js';
import { PreflightCache } from '../preflight-cache.js';
import { getHeader } from '../headers.js';

/** The page of every recording: http://app.example.test:47001/. */
export const PAGE = new URL('http://app.example.test:47001/');
export const PAGE_ORIGIN = 'http://app.example.test:47001';
/** The same-site cross-origin server of the recordings. */
export const API = 'http://api.example.test:47002';
/** The cross-site server of the recordings. */
export const OTHER = 'http://other.test:47003';

export interface Answer {
  readonly status?: number;
  readonly headers?: HeaderPairs;
  readonly body?: string;
}
export type Server = (request: WireRequest) => Answer;

/** A request header's value, `''` when absent (what the scenarios' `{{origin}}`, `{{acrm}}`, `{{acrh}}` give). */
export function value(request: WireRequest, name: string): string {
  return getHeader(request.headers, name) ?? '';
}

/** A server that approves everything it is asked, reflecting the origin, method and headers (a common real setup). */
export const reflectingServer: Server = (request) => request.method === 'OPTIONS'
  ? {
    status: 204,
    headers: [
      ['Access-Control-Allow-Origin', value(request, 'Origin')],
      ['Access-Control-Allow-Methods', value(request, 'Access-Control-Request-Method')],
      ['Access-Control-Allow-Headers', value(request, 'Access-Control-Request-Headers')],
    ],
  }
  : { headers: [['Access-Control-Allow-Origin', value(request, 'Origin')], ['Content-Type', 'text/plain']], body: 'ok' };

const encoder = new TextEncoder();

/** A browser running `profile` on the page, talking to `server`; `advance` moves the virtual clock. */
export function browserWith(profile: BrowserProfile, server: Server, cookies?: CookieStore): {
  fetch: (url: string, init?: FetchInit) => Promise<FetchOutcome>;
  advance: (ms: number) => void;
} {
  let now = 0;
  const cache = new PreflightCache(profile.preflightCache);
  const transport: Transport = {
    send(request) {
      const a = server(request);
      const response = { status: a.status ?? 200, statusText: '', headers: a.headers ?? [], body: encoder.encode(a.body ?? '') };
      return Promise.resolve({ ok: true, response });
    },
  };
  return {
    fetch: (url, init = {}) => corsFetch(url, init, { page: PAGE, profile, transport, clock: { now: () => now }, cache, cookies }),
    advance: (ms) => { now += ms; },
  };
}

/** `METHOD url` of each request that went out. */
export function requests(outcome: FetchOutcome): string[] {
  return outcome.wire.map((x) => `${x.request.method} ${x.request.url}`);
}

/** A header of the n-th request that went out (`null` when absent). */
export function sent(outcome: FetchOutcome, index: number, name: string): string | null {
  const exchange = outcome.wire[index];
  if (!exchange) throw new Error(`no request #${index} went out (${requests(outcome).join(', ')})`);
  return getHeader(exchange.request.headers, name);
}

/** The first console line, as the result's `error.message` records it. */
export function message(outcome: FetchOutcome): string | undefined {
  return outcome.console[0];
}
