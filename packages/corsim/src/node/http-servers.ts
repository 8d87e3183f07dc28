/**
 * A scenario's servers over real sockets: one server per port that an origin of the scenario
 * uses (the page's origin and every key of `servers`), listening on 127.0.0.1 and answering every
 * request with {@link answerByRules}. Every request that reaches a server is written to a wire log
 * (method, absolute URL with the scenario's host name, all headers lower-cased in arrival order,
 * body) that the caller reads and resets, e.g. once per step.
 *
 * The servers speak HTTP/1.1 over `node:net` with corsim's codec (http1.ts) rather than
 * `node:http`: Node's parser (llhttp) refuses methods outside its fixed list (`FOO`, a lower-case
 * `patch`) and control bytes in header values (`Accept: text/\x01html`), answering 400 before a
 * handler sees the request, while browsers send all of these and real servers take them.
 *
 * A response carries exactly the rule's headers plus the framing Node's `http` server would add
 * ({@link withNodeFraming}): `Date`, `Connection: keep-alive` and `Keep-Alive: timeout=5` (or
 * `Connection: close`), and `Content-Length`. HEAD answers carry the `Content-Length` of the body
 * they would have had, and no body. A header that cannot go on the wire (a CR or LF in a value) is
 * never written: the answer is a 500, as a Node server whose `setHeader` throws. Idle connections
 * close after 5 s; `close()` destroys every socket at once.
 *
 * Origins are told apart by the request's `Host` header, so two origins on one port (say
 * `http://api.example.test:47002` and `http://app.example.test:47002`) share one server and each
 * is answered by its own rules. Absolute-form request targets (a client that treats the server
 * as its HTTP proxy) are accepted too.
 *
 * ```ts
 * const servers = await startScenarioServers(scenario);
 * servers.resetLog();
 * // ... let a client make requests ...
 * const wire = servers.takeLog();
 * await servers.close();
 * ```
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import { getHeader, type HeaderPairs, type WireRequest, type WireResponse } from '@corsim/engine';
import { answerByRules, statusText } from '../scenario/rules.js';
import { NODE_KEEP_ALIVE_SECONDS, withNodeFraming } from '../scenario/framing.js';
import type { Scenario } from '../scenario/types.js';
import { Http1Error, RequestReader, requestErrorStatus, serializeHead, type Http1Limits, type RequestHead } from './http1.js';

/** One request as it reached a server. */
export interface LoggedRequest {
  readonly method: string;
  /** Absolute URL as the client addressed it: scenario host name and port (not a remapped port). */
  readonly url: string;
  /** Every header line, names lower-cased, in arrival order, duplicates kept. */
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  /** `Date.now()` when the request head arrived. */
  readonly receivedAt: number;
}

export interface ScenarioServersOptions {
  /** Address to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /**
   * Scenario port → port actually listened on (`0` for any free port). Ports not listed are
   * listened on as they are. URLs in the wire log and template expansion still use the scenario's
   * ports: the client must address the scenario's URLs (its resolver or proxy does the remapping).
   */
  readonly portMap?: Readonly<Record<number, number>>;
  /**
   * Answers a request before the scenario's rules do; return `undefined` to let the rules answer.
   * The request is logged either way. The recorder uses this to seed cookies.
   */
  readonly intercept?: (request: WireRequest) => WireResponse | undefined;
}

export interface ScenarioServers {
  /** The scenario's origins that are served, sorted. */
  readonly origins: readonly string[];
  /** Scenario port → the port actually listened on. */
  readonly ports: ReadonlyMap<number, number>;
  /** The requests received since the last reset, in arrival order. */
  log(): readonly LoggedRequest[];
  /** Returns the requests received since the last reset and resets the log. */
  takeLog(): LoggedRequest[];
  /** Forgets the requests received so far. */
  resetLog(): void;
  /** Resolves once no request is in progress (head received, answer not yet sent), or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops listening and destroys every open socket (keep-alive ones included). */
  close(): Promise<void>;
}

/** The serialized origins a scenario serves: the page's origin and every key of `servers`. */
export function scenarioOrigins(scenario: Pick<Scenario, 'page' | 'servers'>): string[] {
  const origins = new Set<string>([new URL(scenario.page).origin]);
  for (const key of Object.keys(scenario.servers)) origins.add(new URL(key).origin);
  return [...origins].sort();
}

function defaultPort(u: URL): number {
  if (u.port) return Number(u.port);
  return u.protocol === 'https:' ? 443 : 80;
}

/** What a server reads: heads up to 64 KiB and 2000 lines (Node's `maxHeadersCount`), bodies up to 64 MiB. */
const REQUEST_LIMITS: Http1Limits = { maxHeadBytes: 64 * 1024, maxHeaderCount: 2000, maxBodyBytes: 64 * 1024 * 1024 };

/** Starts the servers of `scenario`. Rejects (and closes what it opened) if a port cannot be listened on. */
export async function startScenarioServers(
  scenario: Pick<Scenario, 'page' | 'servers'>,
  options: ScenarioServersOptions = {},
): Promise<ScenarioServers> {
  const host = options.host ?? '127.0.0.1';
  const origins = scenarioOrigins(scenario);
  for (const o of origins) {
    if (!o.startsWith('http:')) throw new Error(`startScenarioServers: only http: origins are served, not ${o}`);
  }
  // The first origin on each port is the fallback when a request has no usable Host header.
  const byPort = new Map<number, string>();
  for (const o of origins) {
    const p = defaultPort(new URL(o));
    if (!byPort.has(p)) byPort.set(p, o);
  }

  let log: LoggedRequest[] = [];
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const servers: net.Server[] = [];
  const ports = new Map<number, number>();

  const hooks: ConnectionHooks = {
    begin: () => {
      inFlight++;
    },
    end: () => {
      inFlight--;
      if (inFlight === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    },
    answer: (entry) => {
      log.push(entry);
      const request: WireRequest = { method: entry.method, url: entry.url, headers: entry.headers, body: entry.body.length ? entry.body : null };
      try {
        return options.intercept?.(request) ?? answerByRules(scenario, request).response;
      } catch (e) {
        return { status: 500, statusText: 'Internal Server Error', headers: [], body: new TextEncoder().encode(String(e)) };
      }
    },
  };

  try {
    for (const [scenarioPort, origin] of byPort) {
      const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        serveConnection(socket, origin, hooks);
      });
      servers.push(server);
      const listenPort = options.portMap?.[scenarioPort] ?? scenarioPort;
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error): void => reject(new Error(`cannot listen on ${host}:${listenPort} for ${origin}: ${err.message}`));
        server.once('error', onError);
        server.listen(listenPort, host, () => {
          server.off('error', onError);
          resolve();
        });
      });
      ports.set(scenarioPort, (server.address() as AddressInfo).port);
    }
  } catch (e) {
    await closeAll(servers, sockets);
    throw e;
  }

  let closed: Promise<void> | null = null;
  return {
    origins,
    ports,
    log: () => log.slice(),
    takeLog: () => {
      const taken = log;
      log = [];
      return taken;
    },
    resetLog: () => {
      log = [];
    },
    idle: (timeoutMs = 2000) =>
      inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const t = setTimeout(resolve, timeoutMs);
            idleWaiters.push(() => {
              clearTimeout(t);
              resolve();
            });
          }),
    close: () => (closed ??= closeAll(servers, sockets)),
  };
}

interface ConnectionHooks {
  /** A request head arrived. */
  begin(): void;
  /** The request that `begin` announced is answered (or its connection is gone). */
  end(): void;
  /** Logs a complete request and returns the answer to send. */
  answer(entry: LoggedRequest): WireResponse;
}

/**
 * Serves HTTP/1.1 on one connection: requests in order, keep-alive unless the client says
 * `Connection: close` (or speaks HTTP/1.0 without `keep-alive`), bodies framed by
 * `Content-Length` or chunked. A request the codec refuses is answered 400 (431 for a head too
 * big, 413 for a body too big) and the connection closed.
 */
function serveConnection(socket: Socket, fallbackOrigin: string, hooks: ConnectionHooks): void {
  const reader = new RequestReader(REQUEST_LIMITS);
  let begun = false;
  let open = true;
  let headAt = 0;
  const settle = (): void => {
    if (begun) hooks.end();
    begun = false;
  };
  const close = (bytes: Buffer): void => {
    settle();
    if (!open) return;
    open = false;
    socket.end(bytes);
  };

  socket.setNoDelay(true);
  socket.setTimeout(NODE_KEEP_ALIVE_SECONDS * 1000, () => socket.destroy());
  socket.on('error', () => undefined);
  socket.on('close', () => {
    open = false;
    settle();
  });
  socket.on('data', (chunk: Buffer) => {
    if (!open) return;
    try {
      for (const event of reader.push(chunk)) {
        if (!open) return;
        if (event.kind === 'head') {
          begun = true;
          headAt = Date.now();
          hooks.begin();
          if (getHeader(event.head.headers, 'expect')?.toLowerCase() === '100-continue') socket.write('HTTP/1.1 100 Continue\r\n\r\n');
          continue;
        }
        const keepAlive = wantsKeepAlive(event.head);
        const bytes = answer({ ...event, receivedAt: headAt }, fallbackOrigin, hooks, keepAlive);
        if (keepAlive) {
          socket.write(bytes);
          settle();
        } else close(bytes);
      }
    } catch (e) {
      const status = e instanceof Http1Error ? requestErrorStatus(e.failure) : 400;
      close(Buffer.from(`HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, 'latin1'));
    }
  });
}

/** Logs one complete request, asks the hooks for the answer and returns its bytes. */
function answer(request: { head: RequestHead; body: Buffer; receivedAt: number }, fallbackOrigin: string, hooks: ConnectionHooks, keepAlive: boolean): Buffer {
  const { head, body, receivedAt } = request;
  const entry: LoggedRequest = {
    method: head.method,
    url: requestUrl(head, fallbackOrigin),
    headers: head.headers.map(([n, v]) => [n.toLowerCase(), v]),
    body: new Uint8Array(body),
    receivedAt,
  };
  return serializeResponse(head.method, hooks.answer(entry), keepAlive);
}

function wantsKeepAlive(h: RequestHead): boolean {
  const tokens = (getHeader(h.headers, 'connection') ?? '').toLowerCase().split(',').map((t) => t.trim());
  if (tokens.includes('close')) return false;
  return h.version === 'HTTP/1.1' || tokens.includes('keep-alive');
}

function requestUrl(h: RequestHead, fallbackOrigin: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(h.target)) return h.target; // absolute-form (proxy request)
  const hostHeader = getHeader(h.headers, 'host');
  if (hostHeader) {
    try {
      const u = new URL(`http://${hostHeader}`);
      if (u.pathname === '/' && !u.search && !u.username) return `${u.origin}${h.target}`;
    } catch {
      /* fall back below */
    }
  }
  return `${fallbackOrigin}${h.target}`;
}

/**
 * The response on the wire: status line, the answer's headers exactly, then the framing Node's
 * `http` server adds, then the body. An answer whose head cannot be written (a CR or LF in a
 * value, a name that is not a token) becomes a 500 without its headers.
 */
function serializeResponse(method: string, response: WireResponse, keepAlive: boolean): Buffer {
  const framed = withNodeFraming(response, { method }, { keepAlive, dateMs: Date.now() });
  let head: Buffer;
  try {
    head = serializeHead(`HTTP/1.1 ${response.status} ${response.statusText}`, framed.headers);
  } catch (error) {
    const body = Buffer.from(`corsim: the answer's head cannot be written: ${(error as Error).message}`, 'latin1');
    const failed: WireResponse = { status: 500, statusText: statusText(500), headers: [['Content-Type', 'text/plain']], body };
    return serializeResponse(method, failed, keepAlive);
  }
  return framed.body.byteLength ? Buffer.concat([head, framed.body]) : head;
}

async function closeAll(servers: net.Server[], sockets: Set<Socket>): Promise<void> {
  const closing = servers.map(
    (s) =>
      new Promise<void>((resolve) => {
        if (!s.listening) return resolve();
        s.close(() => resolve());
      }),
  );
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(closing);
}
