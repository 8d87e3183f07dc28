import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startScenarioServers, scenarioOrigins, type ScenarioServers } from './http-servers.js';
import { PAGE_DOCUMENT } from '../scenario/rules.js';
import type { Scenario } from '../scenario/types.js';

const PAGE = 'http://app.example.test:47001/';
const API = 'http://api.example.test:47002';

const scenario: Scenario = {
  format: 'cors-scenario/1',
  id: 'http-servers-test',
  description: '',
  page: PAGE,
  cookies: [],
  servers: {
    [API]: [
      {
        method: 'OPTIONS',
        path: '/data',
        status: 204,
        headers: [
          ['Access-Control-Allow-Origin', '{{origin}}'],
          ['Access-Control-Allow-Methods', '{{acrm}}'],
          ['Access-Control-Allow-Headers', '{{acrh}}'],
        ],
        body: 'never sent',
      },
      {
        method: '*',
        path: '/data',
        status: 200,
        headers: [
          ['Access-Control-Allow-Origin', '{{origin}}'],
          ['X-Dup', 'a'],
          ['Content-Type', 'text/plain'],
          ['X-Dup', 'b'],
        ],
        body: 'héllo',
      },
      { method: 'GET', path: '/created', status: 299, headers: [], body: 'odd' },
    ],
    // A second origin on the API's port: told apart by the Host header.
    'http://app.example.test:47002': [{ method: '*', path: '*', status: 200, headers: [['X-Which', 'app-on-47002']], body: 'other' }],
  },
  steps: [],
};

/** Every server on a free port: tests never collide with recordings or other tests on 47001–47003. */
const anyPorts = { portMap: { 47001: 0, 47002: 0 } };

interface ParsedResponse {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Parses consecutive HTTP/1.1 responses (Content-Length framed, or none for HEAD/204/304). */
function parseResponses(data: Buffer, methods: string[]): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  let rest = data;
  for (const method of methods) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(statusLine!);
    if (!m) throw new Error(`bad status line ${statusLine}`);
    const headers = lines.map((l): [string, string] => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]);
    const status = Number(m[1]);
    const cl = headers.find(([n]) => n.toLowerCase() === 'content-length');
    const len = method === 'HEAD' || status === 204 || status === 304 ? 0 : Number(cl?.[1] ?? 0);
    out.push({ status, reason: m[2]!, headers, body: rest.subarray(end + 4, end + 4 + len) });
    rest = rest.subarray(end + 4 + len);
  }
  return out;
}

/** Sends raw bytes, reads until the server closes the connection. */
function exchange(port: number, raw: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

async function request(port: number, raw: string, method = raw.slice(0, raw.indexOf(' '))): Promise<ParsedResponse> {
  const [r] = parseResponses(await exchange(port, raw), [method]);
  if (!r) throw new Error('no response');
  return r;
}

const header = (r: ParsedResponse, name: string): string[] => r.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);

let servers: ScenarioServers | undefined;
afterEach(async () => {
  await servers?.close();
  servers = undefined;
});

describe('startScenarioServers', () => {
  it('serves the page origin and every server origin, one listener per port', async () => {
    expect(scenarioOrigins(scenario)).toEqual(['http://api.example.test:47002', 'http://app.example.test:47001', 'http://app.example.test:47002']);
    servers = await startScenarioServers(scenario, anyPorts);
    expect([...servers.ports.keys()].sort()).toEqual([47001, 47002]);
    for (const p of servers.ports.values()) expect(p).toBeGreaterThan(0);
  });

  it('answers by the rules, expanding {{origin}}, {{acrm}} and {{acrh}}, with framing only', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const port = servers.ports.get(47002)!;
    const pre = await request(
      port,
      'OPTIONS /data HTTP/1.1\r\nHost: api.example.test:47002\r\nOrigin: http://app.example.test:47001\r\n' +
        'Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: x-a,x-b\r\nConnection: close\r\n\r\n',
    );
    expect(pre.status).toBe(204);
    expect(pre.reason).toBe('No Content');
    expect(pre.headers.map(([n]) => n)).toEqual(['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Date', 'Connection']);
    expect(header(pre, 'access-control-allow-origin')).toEqual(['http://app.example.test:47001']);
    expect(header(pre, 'access-control-allow-methods')).toEqual(['PUT']);
    expect(header(pre, 'access-control-allow-headers')).toEqual(['x-a,x-b']);
    expect(header(pre, 'content-length')).toEqual([]); // 204: no body, no length

    const get = await request(port, 'GET /data?q=1 HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\n\r\n');
    expect(get.status).toBe(200);
    // {{origin}} is empty when the request has no Origin; duplicates stay separate lines, in order.
    expect(get.headers.map(([n, v]) => `${n}: ${v}`).filter((l) => !l.startsWith('Date'))).toEqual([
      'Access-Control-Allow-Origin: ',
      'X-Dup: a',
      'Content-Type: text/plain',
      'X-Dup: b',
      'Connection: close',
      'Content-Length: 6',
    ]);
    expect(get.body.toString('utf8')).toBe('héllo');
    expect(new Date(header(get, 'date')[0]!).getTime()).toBeGreaterThan(0);
  });

  it('sends keep-alive framing and serves several requests on one connection', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const port = servers.ports.get(47002)!;
    const data = await exchange(
      port,
      'GET /data HTTP/1.1\r\nHost: api.example.test:47002\r\n\r\n' +
        'HEAD /data HTTP/1.1\r\nHost: api.example.test:47002\r\n\r\n' +
        'GET /nothing HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\n\r\n',
    );
    const [a, b, c] = parseResponses(data, ['GET', 'HEAD', 'GET']);
    expect(header(a!, 'connection')).toEqual(['keep-alive']);
    expect(header(a!, 'keep-alive')).toEqual(['timeout=5']);
    expect(a!.body.toString()).toBe('héllo');
    // HEAD: the length of the body it would have had, and no body.
    expect(b!.status).toBe(200);
    expect(header(b!, 'content-length')).toEqual(['6']);
    expect(b!.body.length).toBe(0);
    // No rule matches: 404, no headers but framing, empty body.
    expect(c!.status).toBe(404);
    expect(c!.headers.map(([n]) => n)).toEqual(['Date', 'Connection', 'Content-Length']);
    expect(header(c!, 'content-length')).toEqual(['0']);
    expect(servers.log().map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://api.example.test:47002/data',
      'HEAD http://api.example.test:47002/data',
      'GET http://api.example.test:47002/nothing',
    ]);
  });

  it('serves the page document on the page origin and tells origins on one port apart by Host', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const page = await request(servers.ports.get(47001)!, 'GET / HTTP/1.1\r\nHost: app.example.test:47001\r\nConnection: close\r\n\r\n');
    expect(page.status).toBe(200);
    expect(header(page, 'content-type')).toEqual(['text/html; charset=utf-8']);
    expect(page.body.toString()).toBe(PAGE_DOCUMENT);
    const other = await request(servers.ports.get(47002)!, 'GET /data HTTP/1.1\r\nHost: app.example.test:47002\r\nConnection: close\r\n\r\n');
    expect(header(other, 'x-which')).toEqual(['app-on-47002']);
    expect(servers.takeLog().map((r) => r.url)).toEqual(['http://app.example.test:47001/', 'http://app.example.test:47002/data']);
  });

  it('logs method, absolute URL, all headers lower-cased in arrival order, and the body; takeLog resets', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const port = servers.ports.get(47002)!;
    await request(
      port,
      'PUT /data HTTP/1.1\r\nHost: api.example.test:47002\r\nX-Custom: 1\r\nORIGIN: http://app.example.test:47001\r\n' +
        'x-custom:  2  \r\nContent-Length: 7\r\nConnection: close\r\n\r\npayload',
    );
    const [entry] = servers.takeLog();
    expect(entry).toMatchObject({
      method: 'PUT',
      url: 'http://api.example.test:47002/data',
      headers: [
        ['host', 'api.example.test:47002'],
        ['x-custom', '1'],
        ['origin', 'http://app.example.test:47001'],
        ['x-custom', '2'],
        ['content-length', '7'],
        ['connection', 'close'],
      ],
    });
    expect(Buffer.from(entry!.body).toString()).toBe('payload');
    expect(servers.log()).toEqual([]);
    await request(port, 'GET /data HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\n\r\n');
    expect(servers.log()).toHaveLength(1);
    servers.resetLog();
    expect(servers.log()).toHaveLength(0);
  });

  it('takes what browsers send and node:http refuses: any method token, control bytes in values, chunked bodies', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const port = servers.ports.get(47002)!;
    const foo = await request(port, 'FOO /data HTTP/1.1\r\nHost: api.example.test:47002\r\nContent-Length: 1\r\nConnection: close\r\n\r\nb');
    expect(foo.status).toBe(200);
    const patch = await request(port, 'patch /data HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\n\r\n');
    expect(patch.status).toBe(200);
    const ctl = await request(port, 'GET /data HTTP/1.1\r\nHost: api.example.test:47002\r\nAccept: text/\x01html\x7f\r\nConnection: close\r\n\r\n');
    expect(ctl.status).toBe(200);
    const chunked = await request(
      port,
      'POST /data HTTP/1.1\r\nHost: api.example.test:47002\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n',
    );
    expect(chunked.status).toBe(200);
    const log = servers.takeLog();
    expect(log.map((r) => r.method)).toEqual(['FOO', 'patch', 'GET', 'POST']);
    expect(log[2]!.headers).toContainEqual(['accept', 'text/\x01html\x7f']);
    expect(Buffer.from(log[3]!.body).toString()).toBe('abcde');
  });

  it('keeps the rule status line as given (unknown codes have an empty reason)', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const raw = await exchange(servers.ports.get(47002)!, 'GET /created HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\n\r\n');
    expect(raw.toString('latin1').split('\r\n')[0]).toBe('HTTP/1.1 299 ');
  });

  it('never writes a rule header with CR or LF: the answer is a 500 without the rule headers', async () => {
    const injecting: Scenario = {
      ...scenario,
      servers: { [API]: [{ method: '*', path: '/x', status: 200, headers: [['X-A', 'a\r\nAccess-Control-Allow-Origin: *'], ['X-B', 'b']], body: 'secret' }] },
    };
    servers = await startScenarioServers(injecting, anyPorts);
    const r = await request(servers.ports.get(47002)!, 'GET /x HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(500);
    expect(header(r, 'access-control-allow-origin')).toEqual([]);
    expect(header(r, 'x-b')).toEqual([]);
    expect(r.body.toString('latin1')).not.toContain('secret');
  });

  it('answers an oversized request head with 431', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const r = await request(servers.ports.get(47002)!, `GET /data HTTP/1.1\r\nHost: api.example.test:47002\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`, 'GET');
    expect(r.status).toBe(431);
  });

  it('answers a malformed request with 400 and closes, without logging it', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const r = await request(servers.ports.get(47002)!, 'NOT A REQUEST\r\n\r\n', 'GET');
    expect(r.status).toBe(400);
    expect(servers.log()).toEqual([]);
  });

  it('lets intercept answer first, and still logs the request', async () => {
    servers = await startScenarioServers(scenario, {
      ...anyPorts,
      intercept: (req) =>
        req.url.endsWith('/seed') ? { status: 200, statusText: 'OK', headers: [['Set-Cookie', 'a=1; Path=/']], body: new Uint8Array(0) } : undefined,
    });
    const r = await request(servers.ports.get(47002)!, 'GET /seed HTTP/1.1\r\nHost: api.example.test:47002\r\nConnection: close\r\n\r\n');
    expect(header(r, 'set-cookie')).toEqual(['a=1; Path=/']);
    expect(servers.log().map((e) => e.url)).toEqual(['http://api.example.test:47002/seed']);
  });

  it('waits for requests in progress with idle()', async () => {
    servers = await startScenarioServers(scenario, anyPorts);
    const socket = net.connect(servers.ports.get(47002)!, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write('POST /data HTTP/1.1\r\nHost: api.example.test:47002\r\nContent-Length: 4\r\n\r\nab');
    await new Promise((r) => setTimeout(r, 50));
    let idle = false;
    const waiting = servers.idle(2000).then(() => {
      idle = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(idle).toBe(false);
    socket.write('cd');
    await waiting;
    expect(idle).toBe(true);
    expect(Buffer.from(servers.log()[0]!.body).toString()).toBe('abcd');
    socket.destroy();
  });

  it('close() ends keep-alive connections at once and leaves no open handles', async () => {
    const tcpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    await new Promise((r) => setTimeout(r, 50)); // let earlier tests' sockets finish closing
    const before = tcpHandles();
    servers = await startScenarioServers(scenario, anyPorts);
    expect(tcpHandles()).toBe(before + 2); // two listeners
    const port = servers.ports.get(47002)!;
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => undefined);
    socket.write('GET /data HTTP/1.1\r\nHost: api.example.test:47002\r\n\r\n');
    await new Promise<void>((r) => socket.once('data', () => r()));
    const t = Date.now();
    await servers.close();
    await closed;
    expect(Date.now() - t).toBeLessThan(1000);
    servers = undefined;
    await new Promise((r) => setTimeout(r, 20));
    expect(tcpHandles()).toBe(before);
    // The port is free again.
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((r) => again.close(() => r()));
  });

  it('rejects with a clear error when a port is taken, closing what it opened', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startScenarioServers(scenario, { portMap: { 47001: 0, 47002: taken } })).rejects.toThrow(
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${taken} for http://api\\.example\\.test:47002`),
      );
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
