/**
 * A scenario's servers over real sockets: one server per port that an origin of the scenario
 * uses (the page's origin and every key of `servers`), listening on 127.0.0.1 and answering every
 * request with {@link answerByRules}. Every request that reaches a server is written to a wire log
 * (method, absolute URL with the scenario's host name, all headers lower-cased in arrival order,
 * body) that the caller reads and resets, e.g. once per step.
 *
 * The servers speak HTTP/1.1 over `node:net` with a small parser of their own rather than
 * `node:http`: Node's parser (llhttp) refuses methods outside its fixed list (`FOO`, a lower-case
 * `patch`) and control bytes in header values (`Accept: text/\x01html`), answering 400 before a
 * handler sees the request, while browsers send all of these and real servers take them.
 *
 * A response carries exactly the rule's headers plus the framing Node's `http` server would add:
 * `Date`, `Connection: keep-alive` and `Keep-Alive: timeout=5` (or `Connection: close`), and
 * `Content-Length` (the body's byte length; not for 1xx/204/304, nor when the rule sets
 * `Content-Length` or `Transfer-Encoding` itself). HEAD answers carry the `Content-Length` of the
 * body they would have had, and no body. Idle connections close after 5 s; `close()` destroys
 * every socket at once.
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
import type { HeaderPairs, WireRequest, WireResponse } from '@corsim/engine';
import { answerByRules, statusText } from '../scenario/rules.js';
import type { Scenario } from '../scenario/types.js';

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


/** Longest request head accepted (request line and headers). */
const MAX_HEAD_BYTES = 64 * 1024;
/** How long an idle keep-alive connection stays open, as Node's default `keepAliveTimeout`. */
const KEEP_ALIVE_SECONDS = 5;

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

interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: HeaderPairs;
  readonly receivedAt: number;
}

/**
 * Serves HTTP/1.1 on one connection: requests in order, keep-alive unless the client says
 * `Connection: close` (or speaks HTTP/1.0 without `keep-alive`), bodies framed by
 * `Content-Length` or chunked. The parser takes the request as the client sent it: any method
 * token (`FOO`, lower-case `patch`), and any bytes in header values but CR and LF; Node's own
 * parser refuses both, answering 400 before a handler could see the request.
 */
function serveConnection(socket: Socket, fallbackOrigin: string, hooks: ConnectionHooks): void {
  let buffer: Buffer = Buffer.alloc(0);
  let head: RequestHead | null = null;
  let bodyChunks: Buffer[] = [];
  /** Remaining body bytes (Content-Length framing), or -1 when the body is chunked. */
  let remaining = 0;
  let open = true;

  socket.setNoDelay(true);
  socket.setTimeout(KEEP_ALIVE_SECONDS * 1000, () => socket.destroy());
  socket.on('error', () => undefined);
  socket.on('close', () => {
    open = false;
    if (head) {
      head = null;
      hooks.end();
    }
  });
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    try {
      pump();
    } catch (e) {
      fail(e instanceof HttpError ? e.status : 400);
    }
  });

  const fail = (status: number): void => {
    if (head) {
      head = null;
      hooks.end();
    }
    if (open) {
      open = false;
      socket.end(`HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
  };

  const pump = (): void => {
    while (open) {
      if (!head) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffer.length > MAX_HEAD_BYTES) throw new HttpError(431);
          return;
        }
        if (end > MAX_HEAD_BYTES) throw new HttpError(431);
        const text = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 4);
        if (text.length === 0) continue; // stray CRLFs between requests
        head = parseHead(text);
        hooks.begin();
        bodyChunks = [];
        const te = headerList(head.headers, 'transfer-encoding');
        if (te.some((v) => /(^|,)\s*chunked\s*$/i.test(v))) remaining = -1;
        else {
          const cl = headerList(head.headers, 'content-length');
          const n = cl.length ? Number(cl[0]) : 0;
          if (!Number.isSafeInteger(n) || n < 0 || cl.some((v) => v.trim() !== cl[0]!.trim())) throw new HttpError(400);
          remaining = n;
        }
        if (headerList(head.headers, 'expect').some((v) => v.toLowerCase() === '100-continue')) socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      }
      if (remaining >= 0) {
        if (buffer.length < remaining) {
          bodyChunks.push(buffer);
          remaining -= buffer.length;
          buffer = Buffer.alloc(0);
          return;
        }
        bodyChunks.push(buffer.subarray(0, remaining));
        buffer = buffer.subarray(remaining);
        remaining = 0;
      } else {
        // Chunked: size line, data, CRLF; a zero size line ends it (trailers are skipped).
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return;
        const size = parseInt(buffer.subarray(0, lineEnd).toString('latin1').split(';')[0]!.trim(), 16);
        if (!Number.isSafeInteger(size) || size < 0) throw new HttpError(400);
        if (size === 0) {
          const trailerEnd = buffer.indexOf('\r\n\r\n', lineEnd);
          const simpleEnd = buffer.subarray(lineEnd, lineEnd + 4).toString('latin1') === '\r\n\r\n';
          if (!simpleEnd && trailerEnd < 0) return;
          buffer = buffer.subarray((simpleEnd ? lineEnd : trailerEnd) + 4);
        } else {
          if (buffer.length < lineEnd + 2 + size + 2) return;
          bodyChunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
          buffer = buffer.subarray(lineEnd + 2 + size + 2);
          continue;
        }
      }
      // The request is complete.
      const h = head;
      head = null;
      const entry: LoggedRequest = {
        method: h.method,
        url: requestUrl(h, fallbackOrigin),
        headers: h.headers.map(([n, v]) => [n.toLowerCase(), v]),
        body: new Uint8Array(Buffer.concat(bodyChunks)),
        receivedAt: h.receivedAt,
      };
      bodyChunks = [];
      const response = hooks.answer(entry);
      const keepAlive = wantsKeepAlive(h);
      socket.write(serializeResponse(h.method, response, keepAlive));
      hooks.end();
      if (!keepAlive) {
        open = false;
        socket.end();
      }
    }
  };
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function parseHead(text: string): RequestHead {
  const receivedAt = Date.now();
  const lines = text.split('\r\n');
  const requestLine = lines.shift() ?? '';
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) (HTTP\/1\.[01])$/.exec(requestLine);
  if (!m) throw new HttpError(400);
  const headers: HeaderPairs = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length) {
      // obs-fold: a continuation of the previous value.
      const last = headers[headers.length - 1]!;
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpError(400);
    const name = line.slice(0, colon);
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new HttpError(400);
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { method: m[1]!, target: m[2]!, version: m[3]!, headers, receivedAt };
}

function headerList(headers: HeaderPairs, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

function wantsKeepAlive(h: RequestHead): boolean {
  const tokens = headerList(h.headers, 'connection').flatMap((v) => v.toLowerCase().split(',').map((t) => t.trim()));
  if (tokens.includes('close')) return false;
  return h.version === 'HTTP/1.1' || tokens.includes('keep-alive');
}

function requestUrl(h: RequestHead, fallbackOrigin: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(h.target)) return h.target; // absolute-form (proxy request)
  const hostHeader = headerList(h.headers, 'host')[0];
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

/** A header string as bytes: Latin-1 when it fits (what Node writes), UTF-8 otherwise. */
function headerBytes(s: string): Buffer {
  return /^[\u0000-\u00ff]*$/.test(s) ? Buffer.from(s, 'latin1') : Buffer.from(s, 'utf8');
}

/**
 * The response on the wire: status line, the rule's headers exactly, then the framing Node's
 * `http` server adds (`Date`, `Connection`, `Keep-Alive`, `Content-Length`), then the body.
 */
function serializeResponse(method: string, response: WireResponse, keepAlive: boolean): Buffer {
  const { status, headers, body } = response;
  const noBody = (status >= 100 && status < 200) || status === 204 || status === 304;
  const lines: string[] = [`HTTP/1.1 ${status} ${response.statusText}`];
  for (const [n, v] of headers) lines.push(`${n}: ${v}`);
  if (!hasHeader(headers, 'date')) lines.push(`Date: ${new Date().toUTCString()}`);
  if (!hasHeader(headers, 'connection')) {
    if (keepAlive) lines.push('Connection: keep-alive', `Keep-Alive: timeout=${KEEP_ALIVE_SECONDS}`);
    else lines.push('Connection: close');
  }
  if (!noBody && !hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
    lines.push(`Content-Length: ${body.byteLength}`);
  }
  const headBytes = headerBytes(`${lines.join('\r\n')}\r\n\r\n`);
  if (noBody || method === 'HEAD') return headBytes;
  return Buffer.concat([headBytes, Buffer.from(body)]);
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
