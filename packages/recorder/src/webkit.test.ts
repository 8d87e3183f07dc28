/**
 * The WebKit recorder against real WebKitGTK: records a few corpus scenarios and compares them
 * with what WebKitGTK 2.50.6 did (spec-tests/corpus/webkit). Skips, saying what is missing and how
 * to install it, without WebKitWebDriver, Xvfb or WebKitGTK for Python. The scenarios are moved
 * from ports 47001–47003 to 29631–29633 (URLs in the expected results too), so that the test never
 * meets a recording; below the kernel's ephemeral range, so that no port-0 socket of another test
 * holds one (see record.test.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultStep, ScenarioResult } from 'corsim/scenario';
import { BrowserNotInstalledError } from './install.js';
import { createRecorder, launchBrowser, type Recorder } from './record.js';
import { parsePlayableScenario } from './scenario-file.js';
import { missingWebKitPieces, startLoopbackProxy } from './webkit.js';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../spec-tests/corpus/webkit');
const SCENARIOS = ['acac-false-cred-include', 'acac-true-preflight-include', 'cookie-api-default-cred-include', 'mode-same-origin-other-port'];
const COMPARED_HEADERS = new Set(['origin', 'access-control-request-method', 'access-control-request-headers', 'cookie']);
const TIMEOUT = 180_000;

const moved = (text: string): string => text.replace(/:4700([1-3])\b/g, ':2963$1');

/** What compare.mjs compares of a step (script-set headers aside: these scenarios set none that matter). */
function comparable(step: ResultStep): unknown {
  return {
    outcome: step.outcome,
    ...(step.response ? { status: step.response.status, type: step.response.type, body: step.response.body } : {}),
    ...(step.error ? { error: step.error } : {}),
    wire: step.wire.map((w) => ({ request: `${w.method} ${w.url}`, headers: w.headers.filter(([n]) => COMPARED_HEADERS.has(n)) })),
  };
}

const missing = missingWebKitPieces();
const title = missing.length
  ? `webkit recorder (skipped: missing ${missing.join(', ')}; apt-get update && apt-get install -y webkit2gtk-driver xvfb python3-gi gir1.2-webkit2-4.1)`
  : 'webkit recorder';

describe.skipIf(missing.length > 0)(title, () => {
  let recorder: Recorder;
  beforeAll(() => {
    recorder = createRecorder({ browser: 'webkit', portWaitMs: 60_000 });
  });
  afterAll(async () => {
    await recorder?.close();
  });

  for (const id of SCENARIOS) {
    it(
      `reproduces ${id} as recorded in WebKitGTK 2.50.6`,
      async () => {
        const scenario = parsePlayableScenario(JSON.parse(moved(await readFile(path.join(CORPUS, `${id}.json`), 'utf8'))));
        const expected = JSON.parse(moved(await readFile(path.join(CORPUS, `${id}.result.json`), 'utf8'))) as ScenarioResult;
        const result = await recorder.record(scenario);
        expect(result.browser).toMatch(/^webkitgtk \d+\.\d+\.\d+$/);
        expect(result.steps.map(comparable)).toEqual(expected.steps.map(comparable));
      },
      TIMEOUT,
    );
  }
});

describe('launching webkit', () => {
  it('says how to install what is missing', async () => {
    const launch = launchBrowser('webkit', { executablePath: '/nonexistent/WebKitWebDriver' });
    await expect(launch).rejects.toThrow(BrowserNotInstalledError);
    await expect(launchBrowser('webkit', { executablePath: '/nonexistent/WebKitWebDriver' })).rejects.toThrow(
      /apt-get install -y webkit2gtk-driver xvfb python3-gi gir1\.2-webkit2-4\.1/,
    );
  });
});

describe('the loopback proxy', () => {
  it('sends absolute-form requests to 127.0.0.1 on the URL port, switching upstreams on one connection', async () => {
    const seen: string[] = [];
    const servers = await Promise.all(
      [0, 1].map(
        (i) =>
          new Promise<net.Server>((resolve) => {
            const s = net.createServer((c) => {
              let buf = '';
              c.on('data', (d) => {
                buf += d.toString('latin1');
                let end: number;
                while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
                  const head = buf.slice(0, end);
                  buf = buf.slice(end + 4);
                  const len = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
                  const body = buf.slice(0, len);
                  buf = buf.slice(len);
                  seen.push(`${i} ${head.split('\r\n')[0]} ${body}`);
                  c.write(`HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n${i}`);
                }
              });
            });
            s.listen(0, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
    const proxy = await startLoopbackProxy();
    try {
      const client = net.connect(proxy.port, '127.0.0.1');
      let got = '';
      client.on('data', (d) => {
        got += d.toString();
      });
      const send = async (text: string, want: number): Promise<void> => {
        client.write(text);
        const end = Date.now() + 5000;
        while ((got.match(/HTTP\/1\.1 200/g) ?? []).length < want && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      };
      await send(`FOO http://a.example.test:${ports[0]}/x HTTP/1.1\r\nHost: a.example.test:${ports[0]}\r\n\r\n`, 1);
      await send(`POST http://b.test:${ports[1]}/y HTTP/1.1\r\nHost: b.test:${ports[1]}\r\nContent-Length: 3\r\n\r\nabc`, 2);
      client.destroy();
      expect(seen).toEqual([`0 FOO http://a.example.test:${ports[0]}/x HTTP/1.1 `, `1 POST http://b.test:${ports[1]}/y HTTP/1.1 abc`]);
      expect(got).toBe('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n0HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1');
    } finally {
      await proxy.close();
      for (const s of servers) s.close();
    }
  });

  it('passes heads on byte for byte and a chunked body in chunked framing; refuses a target that is not an http URL', async () => {
    const received: Buffer[] = [];
    const server = await new Promise<net.Server>((resolve) => {
      const s = net.createServer((c) => {
        c.on('data', (d: Buffer) => {
          received.push(d);
          if (Buffer.concat(received).includes('0\r\n\r\n')) c.end('HTTP/1.1 204 No Content\r\n\r\n');
        });
      });
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as net.AddressInfo).port;
    const proxy = await startLoopbackProxy();
    const exchange = (text: string): Promise<string> =>
      new Promise((resolve) => {
        const client = net.connect(proxy.port, '127.0.0.1', () => client.write(text));
        let got = '';
        client.on('data', (d) => {
          got += d.toString('latin1');
        });
        client.on('close', () => resolve(got));
      });
    try {
      const head = `PUT http://c.test:${port}/z HTTP/1.1\r\nHost: c.test:${port}\r\nX-Odd:   two  spaces \r\nTransfer-Encoding: chunked\r\n\r\n`;
      expect(await exchange(`${head}2;ext=1\r\nab\r\n1\r\nc\r\n0\r\nTrailer: t\r\n\r\n`)).toBe('HTTP/1.1 204 No Content\r\n\r\n');
      expect(Buffer.concat(received).toString('latin1')).toBe(`${head}3\r\nabc\r\n0\r\n\r\n`);
      expect(await exchange('CONNECT c.test:443 HTTP/1.1\r\nHost: c.test:443\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(await exchange('GET http://c.test/ HTTP/1.1\r\nBad Header\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    } finally {
      await proxy.close();
      server.close();
    }
  });
});
