/**
 * A scenario's servers over real sockets: one `node:http` server per port that an origin of the
 * scenario uses (the page's origin and every key of `servers`), listening on 127.0.0.1 and
 * answering every request with {@link answerByRules}. Every request that reaches a server is
 * written to a wire log (method, absolute URL with the scenario's host name, all headers
 * lower-cased in arrival order, body) that the caller reads and resets, e.g. once per step.
 *
 * A response carries exactly the rule's headers plus framing: `Content-Length` (the body's byte
 * length; not for 1xx/204/304, nor when the rule sets `Content-Length` or `Transfer-Encoding`
 * itself), and the `Date`, `Connection` and `Keep-Alive` headers that Node adds. HEAD answers
 * carry the `Content-Length` of the body they would have had, and no body.
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
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HeaderPairs, WireRequest, WireResponse } from '@corsim/engine';
import { answerByRules } from './rules.js';
import type { Scenario } from './types.js';

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

function hasHeader(headers: HeaderPairs, name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name);
}

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
  const servers: http.Server[] = [];
  const ports = new Map<number, number>();

  const settle = (): void => {
    inFlight--;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const handler = (fallbackOrigin: string) => (req: http.IncomingMessage, res: http.ServerResponse): void => {
    inFlight++;
    const receivedAt = Date.now();
    const headers: HeaderPairs = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!.toLowerCase(), req.rawHeaders[i + 1]!]);
    const url = requestUrl(req, fallbackOrigin);
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      settle();
    };
    res.on('close', finish);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', finish);
    req.on('end', () => {
      const body = new Uint8Array(Buffer.concat(chunks));
      const wireRequest: WireRequest = { method, url, headers, body: body.length ? body : null };
      log.push({ method, url, headers, body, receivedAt });
      let response: WireResponse;
      try {
        response = options.intercept?.(wireRequest) ?? answerByRules(scenario, wireRequest).response;
      } catch (e) {
        response = { status: 500, statusText: 'Internal Server Error', headers: [], body: new TextEncoder().encode(String(e)) };
      }
      writeResponse(req, res, response);
      finish();
    });
  };

  try {
    for (const [scenarioPort, origin] of byPort) {
      const server = http.createServer(handler(origin));
      server.on('connection', (s: Socket) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
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

function requestUrl(req: http.IncomingMessage, fallbackOrigin: string): string {
  const target = req.url ?? '/';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target; // absolute-form (proxy request)
  const hostHeader = req.headers.host;
  if (hostHeader) {
    try {
      const u = new URL(`http://${hostHeader}`);
      if (u.pathname === '/' && !u.search && !u.username) return `${u.origin}${target}`;
    } catch {
      /* fall back below */
    }
  }
  return `${fallbackOrigin}${target}`;
}

function writeResponse(req: http.IncomingMessage, res: http.ServerResponse, response: WireResponse): void {
  const { status, headers, body } = response;
  const noBody = (status >= 100 && status < 200) || status === 204 || status === 304;
  const flat: string[] = [];
  for (const [n, v] of headers) flat.push(n, v);
  if (!noBody && !hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
    flat.push('Content-Length', String(body.byteLength));
  }
  try {
    res.writeHead(status, response.statusText, flat);
  } catch {
    // Node refused a header name or value (e.g. a byte it does not allow): write the head raw.
    writeRaw(req, res, response, flat, noBody);
    return;
  }
  res.end(noBody || req.method === 'HEAD' ? undefined : Buffer.from(body));
}

function writeRaw(req: http.IncomingMessage, res: http.ServerResponse, response: WireResponse, flat: string[], noBody: boolean): void {
  const socket = res.socket;
  if (!socket) return;
  let head = `HTTP/1.1 ${response.status} ${response.statusText}\r\n`;
  for (let i = 0; i + 1 < flat.length; i += 2) head += `${flat[i]}: ${flat[i + 1]}\r\n`;
  head += `Date: ${new Date().toUTCString()}\r\nConnection: close\r\n\r\n`;
  socket.write(Buffer.from(head, 'latin1'));
  if (!noBody && req.method !== 'HEAD') socket.write(Buffer.from(response.body));
  socket.end();
}

async function closeAll(servers: http.Server[], sockets: Set<Socket>): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s.listening) return resolve();
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
  for (const s of sockets) s.destroy();
  sockets.clear();
}
