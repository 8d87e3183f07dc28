/**
 * Driving the engine from properties: an in-test Transport built from generated server answers, the verdict of an
 * outcome as a comparable value, and the CORS check written out again from the spec as an independent oracle.
 */
import {
  chromium, corsFetch, PreflightCache,
  type BrowserProfile, type FetchOutcome, type HeaderPairs, type Transport, type WireRequest, type WireResponse,
} from '@corsim/engine';
import { VirtualClock } from 'corsim';
import { toWireResponse, type ServerAnswer } from 'corsim/arbitraries';

/** A server as the property sees it: the answer for each request (preflight or not). */
export type Server = (request: WireRequest) => WireResponse;

/** A server answering preflights with `preflight` and every other request with `actual`. */
export function twoLegServer(preflight: ServerAnswer, actual: ServerAnswer): Server {
  return (request) => toWireResponse(request.method === 'OPTIONS' && hasHeader(request.headers, 'access-control-request-method') ? preflight : actual, request);
}

/**
 * A server that approves everything a correct browser asks: it reflects `Origin`, allows credentials, echoes
 * `Access-Control-Request-Method` / `-Headers`, and answers 200.
 */
export const echoServer: Server = (request) => {
  const headers: HeaderPairs = [];
  const origin = getAll(request.headers, 'origin');
  if (origin !== null) headers.push(['Access-Control-Allow-Origin', origin]);
  headers.push(['Access-Control-Allow-Credentials', 'true']);
  const acrm = getAll(request.headers, 'access-control-request-method');
  if (acrm !== null) headers.push(['Access-Control-Allow-Methods', acrm]);
  const acrh = getAll(request.headers, 'access-control-request-headers');
  if (acrh !== null) headers.push(['Access-Control-Allow-Headers', acrh]);
  return { status: 200, statusText: 'OK', headers, body: new Uint8Array(0) };
};

/** A transport answering by `server` (asynchronously, as a real one does). */
export function serverTransport(server: Server): Transport {
  return { send: async (request) => ({ ok: true, response: server(request) }) };
}

export interface RunOptions {
  readonly page: string;
  readonly url: string;
  readonly init: Parameters<typeof corsFetch>[1];
  readonly server: Server;
  readonly profile?: BrowserProfile;
  readonly clock?: VirtualClock;
  readonly cache?: PreflightCache;
}

/** One `fetch()` through the engine, from a fresh page unless a clock/cache are shared. */
export function run(options: RunOptions): Promise<FetchOutcome> {
  const profile = options.profile ?? chromium;
  return corsFetch(options.url, options.init, {
    page: new URL(options.page),
    profile,
    transport: serverTransport(options.server),
    clock: options.clock ?? new VirtualClock(),
    cache: options.cache ?? new PreflightCache(profile.preflightCache),
  });
}

/** What a property compares between two runs: allowed or not, why, and what the preflight asked. */
export interface Verdict {
  readonly ok: boolean;
  readonly code: string | null;
  readonly leg: string | null;
  readonly status: number | null;
  readonly preflighted: boolean;
  readonly acrh: string | null;
}

export function verdict(outcome: FetchOutcome): Verdict {
  const preflight = outcome.wire.find((w) => w.leg === 'preflight');
  return {
    ok: outcome.ok,
    code: outcome.ok ? null : outcome.reason.code,
    leg: outcome.ok ? null : outcome.reason.leg,
    status: outcome.ok ? outcome.response.status : null,
    preflighted: preflight !== undefined,
    acrh: preflight ? getAll(preflight.request.headers, 'access-control-request-headers') : null,
  };
}

export function hasHeader(headers: HeaderPairs, name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name);
}

/** All values of `name` (lower case) joined with `, `, or null. */
export function getAll(headers: HeaderPairs, name: string): string | null {
  const values = headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  return values.length ? values.join(', ') : null;
}

const trimTabSpace = (v: string): string => v.replace(/^[\t ]+|[\t ]+$/g, '');

/**
 * The [CORS check](https://fetch.spec.whatwg.org/#concept-cors-check), written again from the spec: the
 * `Access-Control-Allow-Origin` lines (each trimmed of tabs and spaces, as HTTP parsing does) combined with `, ` are
 * `*` without credentials, or byte-equal to the request's serialized origin — and then, with credentials,
 * `Access-Control-Allow-Credentials` combined is exactly `true`.
 */
export function corsCheckOracle(headers: HeaderPairs, requestOrigin: string, credentials: string): boolean {
  const values = headers.filter(([n]) => n.toLowerCase() === 'access-control-allow-origin').map(([, v]) => trimTabSpace(v));
  if (values.length === 0) return false;
  const acao = values.join(', ');
  if (acao === '*' && credentials !== 'include') return true;
  if (acao !== requestOrigin) return false;
  if (credentials !== 'include') return true;
  const acac = headers.filter(([n]) => n.toLowerCase() === 'access-control-allow-credentials').map(([, v]) => trimTabSpace(v));
  return acac.join(', ') === 'true';
}

/** Page origins used by properties: fixed and known, so look-alikes and cookies behave. */
export const PAGE = 'https://app.example.test';
export const API = 'https://api.example.test';
