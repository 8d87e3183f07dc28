/**
 * The audit against servers written as functions (no sockets): how many requests it may make, and whether each
 * finding's words describe the read the browser model allowed.
 */
import { describe, expect, test } from 'vitest';
import type { HeaderPairs, Transport, WireRequest } from '@corsim/engine';
import { main } from '../cli/main.js';
import type { CliIo } from '../cli/io.js';
import { audit, DEFAULT_MAX_PROBES } from './index.js';

const APP = 'https://app.example.com';

/** A transport over `answer`, counting what reaches it. */
function server(answer: (origin: string, request: WireRequest) => HeaderPairs): Transport & { seen: WireRequest[] } {
  const seen: WireRequest[] = [];
  return {
    seen,
    send(request) {
      seen.push(request);
      const origin = request.headers.find(([n]) => n.toLowerCase() === 'origin')?.[1] ?? '';
      const headers: HeaderPairs = [['Content-Type', 'application/json'], ...answer(origin, request)];
      return Promise.resolve({ ok: true, response: { status: request.method === 'OPTIONS' ? 204 : 200, statusText: '', headers, body: new TextEncoder().encode('{"secret":42}') } });
    },
  };
}

describe('audit bounds', () => {
  test('more probes than the bound is a TypeError naming the count, before any request', async () => {
    const t = server(() => []);
    const paths = Array.from({ length: 200 }, (_, i) => `/p${i}`);
    await expect(audit(t, { url: 'http://127.0.0.1:1/', allow: [APP], paths, methods: ['GET', 'POST', 'PUT'] }))
      .rejects.toThrow(new RegExp(`\\d+ probes.*more than ${DEFAULT_MAX_PROBES}`));
    expect(t.seen).toEqual([]);
  });

  test('maxProbes raises the bound', async () => {
    const t = server(() => []);
    const report = await audit(t, { url: 'http://127.0.0.1:1/', allow: [APP], paths: ['/a', '/b'], maxProbes: 80 });
    expect(report.probes).toBe(80);
    await expect(audit(t, { url: 'http://127.0.0.1:1/', allow: [APP], paths: ['/a', '/b'], maxProbes: 79 })).rejects.toThrow(TypeError);
  });
});

test('corsim audit --max-probes: over the bound is a usage error (exit 2) that says how many probes it needed', async () => {
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => void (err += `${t}\n`), cwd: process.cwd(), colour: false };
  expect(await main(['audit', 'http://127.0.0.1:9/', '--allow', APP, '--max-probes', '3', '-q'], io)).toBe(2);
  expect(err).toMatch(/= 40 probes, more than 3/);
  expect(await main(['audit', 'http://127.0.0.1:9/', '--allow', APP, '--max-probes', 'many', '-q'], io)).toBe(2);
  expect(err).toContain('--max-probes needs a positive whole number');
});

describe('what a finding says was read', () => {
  test('a credentialed read is described with the origin that made it, not another origin of the class', async () => {
    // One unescaped-dot look-alike reads without cookies, the other with them.
    const t = server((origin) => origin === 'https://appxexample.com' ? [['Access-Control-Allow-Origin', origin]]
      : origin === 'https://app.examplexcom' || origin === APP
        ? [['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']] : []);
    const report = await audit(t, { url: 'http://127.0.0.1:1/data', allow: [APP] });
    const dots = report.findings.find((f) => f.class === 'unescaped-dot');
    expect(dots?.severity).toBe('high');
    expect(dots?.why).toMatch(/^A page at https:\/\/app\.examplexcom \(and 1 more\) can read GET .*with the user's cookies/);
  });
});
