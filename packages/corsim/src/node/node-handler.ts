/**
 * In-process transports for Node `(req, res)` handlers — express apps, koa's `app.callback()`,
 * plain `node:http` listeners, fastify — through light-my-request: no sockets, yet the response
 * head is the exact header block Node would have written to one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type inject from 'light-my-request';
import { hasHeader, type HeaderPairs, type NetworkResult, type Transport } from '@corsim/engine';
import { Exchange, exchangeLimits, exchangeTransport } from '../transports/exchange.js';
import { zlibContentDecoders } from './zlib-decoders.js';

/** A Node request listener, as `http.createServer` takes it. Its return value is ignored unless it is a promise that rejects. */
export type NodeRequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Options of the in-process Node transports. */
export interface InProcessOptions {
  /** How long the handler may take to finish its response, in milliseconds; then `ERR_TIMED_OUT`. Default 30 000. */
  readonly timeoutMs?: number;
  /** The client address the handler sees on `req.socket.remoteAddress`. Default `127.0.0.1`. */
  readonly remoteAddress?: string;
  /**
   * Largest response body in bytes, as written and once decoded by its `Content-Encoding`; beyond it
   * `ERR_INSUFFICIENT_RESOURCES` and the response is destroyed. Default 32 MiB.
   */
  readonly maxBodyBytes?: number;
}

/**
 * What {@link fastifyTransport} needs of a fastify instance: `ready()` and `routing`, the
 * `(req, res)` handler that `fastify.inject` itself dispatches to once the instance is ready.
 */
export interface FastifyLike {
  ready(): PromiseLike<unknown>;
  routing(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * A transport that answers with a Node `(req, res)` handler in process.
 *
 * The handler sees the request's headers as a Node server would (`req.rawHeaders` in order with
 * original case, `req.headers` combined the Node way) plus `Host` and `Content-Length` framing;
 * light-my-request's default `user-agent` is removed. The response's headers are read back from
 * the header block Node serialized (so `Date`, `Connection` and `Transfer-Encoding: chunked`
 * appear as on a socket), the body de-chunked.
 *
 * Failures: the handler throwing (or its promise rejecting) or destroying the response before
 * the headers gives `ERR_EMPTY_RESPONSE`; after the headers, `ERR_CONTENT_LENGTH_MISMATCH` or
 * `ERR_INCOMPLETE_CHUNKED_ENCODING` by the announced framing; no finished response within
 * `timeoutMs` gives `ERR_TIMED_OUT` and destroys the request and response so the handler sees `close`.
 */
export function nodeHandlerTransport(handler: NodeRequestHandler, options: InProcessOptions = {}): Transport {
  const remoteAddress = options.remoteAddress ?? '127.0.0.1';
  return exchangeTransport(exchangeLimits(options), zlibContentDecoders, (exchange) => serve(handler, exchange, remoteAddress));
}

/**
 * A transport that answers with a fastify instance in process: waits for `app.ready()` once, then
 * dispatches through `app.routing` exactly as `app.inject()` does, with the framing and failure
 * rules of {@link nodeHandlerTransport}. A `ready()` failure (a plugin that throws) gives `ERR_FAILED`.
 */
export function fastifyTransport(app: FastifyLike, options: InProcessOptions = {}): Transport {
  let ready: Promise<unknown> | null = null;
  const remoteAddress = options.remoteAddress ?? '127.0.0.1';
  const routing: NodeRequestHandler = (req, res) => app.routing(req, res);
  return exchangeTransport(exchangeLimits(options), zlibContentDecoders, async (exchange) => {
    try {
      ready ??= Promise.resolve(app.ready());
      await ready;
    } catch (error) {
      return exchange.fail('ERR_FAILED', 'fastify did not become ready', error);
    }
    return serve(routing, exchange, remoteAddress);
  });
}

function serve(handler: NodeRequestHandler, exchange: Exchange, remoteAddress: string): Promise<NetworkResult> {
  const { request, limits } = exchange;
  const framed = exchange.framedHeaders();
  return new Promise<NetworkResult>((resolve) => {
    let settled = false;
    let captured: { req: IncomingMessage; res: ServerResponse } | null = null;
    const finish = (result: NetworkResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const abandon = (result: NetworkResult): void => {
      finish(result);
      captured?.res.destroy();
      captured?.req.destroy();
    };
    /** The failure once the handler or the response broke: an empty response before the headers, a cut body after them. */
    const broken = (detail: string, error: unknown): NetworkResult => {
      const res = captured?.res;
      return res?.headersSent ? exchange.cutShort(headersOf(res), detail, error) : exchange.fail('ERR_EMPTY_RESPONSE', detail, error);
    };
    const failFromHandler = (error: unknown): void => abandon(broken('the handler failed', error));
    const timer = setTimeout(() => abandon(exchange.fail('ERR_TIMED_OUT', `the handler did not finish its response within ${limits.timeoutMs} ms`)), limits.timeoutMs);

    const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
      captured = { req, res };
      pinOwnMethods(req);
      pinOwnMethods(res);
      presentAsNodeWould(req, request.method, framed);
      giveSocketDestroy(req, res);
      boundBody(res, limits.maxBodyBytes, () => abandon(exchange.tooLarge()));
      try {
        const returned = handler(req, res);
        if (isThenable(returned)) returned.then(undefined, failFromHandler);
      } catch (error) {
        failFromHandler(error);
      }
    };

    const injected: inject.CallbackFunc = (error, response) => {
      if (error || !response) return finish(broken('the response was destroyed', error));
      finish(exchange.received(response.statusCode, response.statusMessage ?? '', headersOf(response.raw.res), new Uint8Array(response.rawPayload)));
    };
    try {
      loadInject()(
        dispatch,
        {
          // light-my-request's types list the common methods; Node (and so the handler) accepts any token.
          method: request.method as NonNullable<inject.InjectOptions['method']>,
          url: exchange.target,
          headers: nodeHeaders(framed),
          remoteAddress,
          ...(request.body !== null ? { payload: Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength) } : {}),
        },
        injected,
      );
    } catch (error) {
      finish(exchange.fail('ERR_FAILED', 'light-my-request refused the request', error));
    }
  });
}

/** The request headers for light-my-request: lower-case names, repeated headers as arrays, no default user-agent. */
function nodeHeaders(headers: HeaderPairs): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const prior = out[key];
    out[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  if (!hasHeader(headers, 'user-agent')) out['user-agent'] = undefined;
  return out;
}

/** Makes `req` look as if parsed off a socket: the method as sent, raw header lines in order with their case, no phantom user-agent. */
function presentAsNodeWould(req: IncomingMessage, method: string, headers: HeaderPairs): void {
  req.method = method; // light-my-request upper-cases every method; a socket server sees it as sent
  if (!hasHeader(headers, 'user-agent')) delete req.headers['user-agent'];
  req.rawHeaders = headers.flat();
}

/**
 * Counts the body bytes the handler writes (light-my-request keeps them all in memory) and calls
 * `over` once they pass `max`; the writes after that are dropped.
 */
function boundBody(res: ServerResponse, max: number, over: () => void): void {
  let written = 0;
  const counted = <A extends unknown[]>(original: (chunk: unknown, ...rest: A) => unknown) =>
    function (this: ServerResponse, chunk: unknown, ...rest: A): unknown {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
        written += typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8') : chunk.byteLength;
        if (written > max) {
          over();
          return false;
        }
      }
      return original.call(this, chunk, ...rest);
    };
  const target = res as unknown as { write: (chunk: unknown, ...rest: unknown[]) => unknown; end: (chunk: unknown, ...rest: unknown[]) => unknown };
  target.write = counted(target.write);
  target.end = counted(target.end);
}

/**
 * light-my-request's fake socket has no `destroy()`, yet servers call it to cut a connection
 * (express's final handler does after an error once headers are out); without it that throws
 * out of a timer and crashes the process. Here it destroys the response, as cutting the socket
 * would, which the exchange reports as the browser would see it.
 */
function giveSocketDestroy(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket as unknown as Record<string, unknown> | null | undefined;
  if (socket && typeof socket['destroy'] !== 'function') {
    socket['destroy'] = (error?: Error): void => void res.destroy(error);
  }
}

/**
 * The response header lines in the order Node serialized them, parsed from the header block it
 * built for the socket; from `getRawHeaderNames()` when there is none.
 */
function headersOf(res: ServerResponse): HeaderPairs {
  const head = (res as unknown as { _header?: unknown })._header;
  if (typeof head === 'string' && head.length > 0) {
    const pairs: HeaderPairs = [];
    for (const line of head.split('\r\n').slice(1)) {
      if (line === '') break;
      const colon = line.indexOf(':');
      if (colon > 0) pairs.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
    return pairs;
  }
  const pairs: HeaderPairs = [];
  const raw = res as unknown as { getRawHeaderNames?: () => string[] };
  for (const name of raw.getRawHeaderNames?.() ?? res.getHeaderNames()) {
    const value = res.getHeader(name);
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, String(v)]);
  }
  return pairs;
}

/**
 * Copies light-my-request's own methods (`write`, `end`, `writeHead`, `destroy`, …) from the
 * object's prototype onto the object itself. Frameworks that swap the prototype of `req`/`res`
 * (express does, `Object.setPrototypeOf(res, app.response)`) would otherwise bypass them and the
 * body would be lost. light-my-request's own remedy for express patches express's shared
 * prototypes for the whole process, which breaks every express app later served on a real
 * socket; pinning per instance touches nothing else.
 */
function pinOwnMethods(target: object): void {
  const proto: unknown = Object.getPrototypeOf(target);
  if (typeof proto !== 'object' || proto === null) return;
  for (const name of methodNames(proto)) {
    const value = (proto as Record<string, unknown>)[name]; // read each time: a prototype's method may be patched later
    if (!Object.hasOwn(target, name)) Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  }
}

const ownMethodNames = new WeakMap<object, readonly string[]>();

/** The names of the methods `proto` itself defines as plain values (not `constructor`), listed once per prototype. */
function methodNames(proto: object): readonly string[] {
  let names = ownMethodNames.get(proto);
  if (!names) {
    names = Object.getOwnPropertyNames(proto).filter((name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function');
    ownMethodNames.set(proto, names);
  }
  return names;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

let injectModule: typeof inject | undefined;

/** light-my-request, loaded on the first exchange, so that importing corsim does not load it. */
function loadInject(): typeof inject {
  return (injectModule ??= createRequire(import.meta.url)('light-my-request') as typeof inject);
}
