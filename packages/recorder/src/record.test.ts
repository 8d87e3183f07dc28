/**
 * The recorder against real browsers. Browser tests skip, saying so, when the browser binary is
 * not installed (apt-get install chromium / firefox-esr). Test scenarios use ports 476xx so they
 * never meet a recording or another test on 47001–47003.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario, ScenarioResult } from 'corsim/scenario';
import { DEFAULT_CHROMIUM_PATH } from './chromium.js';
import { recordFiles } from './files.js';
import { DEFAULT_FIREFOX_PATH } from './firefox.js';
import { BrowserNotInstalledError, isInstalled } from './install.js';
import { createRecorder, launchBrowser, type Recorder } from './record.js';
import { parsePlayableScenario } from './scenario-file.js';
import type { BrowserName } from './types.js';

const BROWSER_TIMEOUT = 120_000;

// The browsers see a scenario's real ports, so these tests listen on fixed ones. They lie below the kernel's
// ephemeral range (Linux: 32768-60999), from which every port-0 listener and outgoing connection of the tests
// running alongside gets its port: a fixed port inside that range can be held by one of them for longer than
// the recorder waits for it (it failed that way, EADDRINUSE for 30 s).
const PORT_BASE = { chromium: 29600, firefox: 29610, files: 29620 } as const;

function scenarioOn(base: number): Scenario {
  const page = `http://app.example.test:${base + 1}/`;
  const api = `http://api.example.test:${base + 2}`;
  const origin = `http://app.example.test:${base + 1}`;
  return parsePlayableScenario({
    format: 'cors-scenario/1',
    id: `recorder-test-${base}`,
    page,
    cookies: [{ url: `${api}/`, cookie: 'sid=abc; Path=/' }],
    servers: {
      [api]: [
        {
          method: 'OPTIONS',
          path: '/data',
          status: 204,
          headers: [
            ['Access-Control-Allow-Origin', '{{origin}}'],
            ['Access-Control-Allow-Methods', 'PUT'],
            ['Access-Control-Allow-Headers', 'x-custom'],
            ['Access-Control-Allow-Credentials', 'true'],
            ['Access-Control-Max-Age', '600'],
          ],
        },
        {
          method: '*',
          path: '/data',
          headers: [
            ['Access-Control-Allow-Origin', '{{origin}}'],
            ['Access-Control-Allow-Credentials', 'true'],
            ['Content-Type', 'text/plain'],
          ],
          body: 'hello',
        },
        { method: '*', path: '/bare', headers: [['Content-Type', 'text/plain']], body: 'no cors' },
      ],
    },
    steps: [
      // 0: preflighted PUT with the cookie.
      { fetch: { url: `${api}/data`, method: 'PUT', headers: [['X-Custom', '1']], body: 'payload', credentials: 'include' } },
      // 1: no Access-Control-Allow-Origin.
      { at: 0.3, fetch: { url: `${api}/bare` } },
      // 2: fetch() refuses no-cors PUT before anything goes out.
      { fetch: { url: `${api}/data`, method: 'PUT', mode: 'no-cors' } },
      // 3: same-origin GET.
      { fetch: { url: `${origin}/` } },
    ],
  });
}

function expectCommon(result: ScenarioResult, scenario: Scenario, started: number): void {
  const api = Object.keys(scenario.servers)[0]!;
  expect(result.format).toBe('cors-result/1');
  expect(result.id).toBe(scenario.id);
  expect(result.steps).toHaveLength(4);
  const [put, bare, refused, same] = result.steps;

  expect(put!.outcome).toBe('response');
  expect(put!.response).toMatchObject({ type: 'cors', status: 200, redirected: false, url: `${api}/data`, body: 'hello' });
  expect(put!.response!.headers).toEqual([
    ['content-length', '5'],
    ['content-type', 'text/plain'],
  ]);
  expect(put!.wire.map((w) => `${w.method} ${w.url}`)).toEqual([`OPTIONS ${api}/data`, `PUT ${api}/data`]);
  const [preflight, actual] = put!.wire;
  expect(preflight!.headers).toContainEqual(['access-control-request-method', 'PUT']);
  expect(preflight!.headers).toContainEqual(['access-control-request-headers', 'x-custom']);
  expect(preflight!.headers.some(([n]) => n === 'cookie')).toBe(false);
  expect(actual!.headers).toContainEqual(['x-custom', '1']);
  expect(actual!.headers).toContainEqual(['cookie', 'sid=abc']); // seeded before the first step

  expect(bare!.outcome).toBe('network-error');
  expect(bare!.wire.map((w) => `${w.method} ${w.url}`)).toEqual([`GET ${api}/bare`]);
  // Step 1 waited for its `at`.
  expect(Date.now() - started).toBeGreaterThanOrEqual(300);

  expect(refused!.outcome).toBe('network-error');
  expect(refused!.error!.code).toBe('TypeError');
  expect(refused!.error!.message).toBeUndefined();
  expect(refused!.wire).toEqual([]);

  expect(same!.outcome).toBe('response');
  expect(same!.response).toMatchObject({ type: 'basic', status: 200 });
  expect(same!.wire).toHaveLength(1);
}

function browserSuite(browser: BrowserName, executablePath: string, base: number, check: (r: ScenarioResult, s: Scenario) => void): void {
  const installed = isInstalled(executablePath);
  const title = installed
    ? `${browser} recorder`
    : `${browser} recorder (skipped: ${executablePath} not installed; apt-get install -y ${browser === 'chromium' ? 'chromium' : 'firefox-esr'})`;
  describe.skipIf(!installed)(title, () => {
    let recorder: Recorder;
    beforeAll(() => {
      recorder = createRecorder({ browser, executablePath });
    });
    afterAll(async () => {
      await recorder?.close();
    });

    it(
      'records responses, errors, TypeErrors and the wire per step, with seeded cookies',
      async () => {
        const scenario = scenarioOn(base);
        const started = Date.now();
        const result = await recorder.record(scenario);
        expect(result.browser).toMatch(new RegExp(`^${browser} \\d+\\.\\d+`));
        expectCommon(result, scenario, started);
        check(result, scenario);
      },
      BROWSER_TIMEOUT,
    );

    it(
      'seeds a cookie from a URL on a port no server of the scenario listens on',
      async () => {
        // Cookies ignore ports: one set from app.example.test:<base+3> goes with a fetch to the page's own origin.
        const origin = `http://app.example.test:${base + 1}`;
        const scenario = parsePlayableScenario({
          format: 'cors-scenario/1', id: `recorder-cookie-port-${base}`, page: `${origin}/`,
          cookies: [{ url: `http://app.example.test:${base + 3}/`, cookie: 'port=free; Path=/' }],
          servers: {}, steps: [{ fetch: { url: `${origin}/` } }],
        });
        const result = await recorder.record(scenario);
        expect(result.steps[0]!.outcome).toBe('response');
        expect(result.steps[0]!.wire[0]!.headers).toContainEqual(['cookie', 'port=free']);
      },
      BROWSER_TIMEOUT,
    );

    it(
      'gives every scenario a fresh profile: the preflight cache and cookie jar start empty',
      async () => {
        const scenario = parsePlayableScenario({
          ...scenarioOn(base),
          id: `recorder-fresh-${base}`,
          cookies: [],
          steps: [scenarioOn(base).steps[0]!, scenarioOn(base).steps[0]!],
        });
        for (let round = 0; round < 2; round++) {
          const result = await recorder.record(scenario);
          const methods = result.steps.map((s) => s.wire.map((w) => w.method).join(','));
          // Within a scenario the entry is reused (Firefox too, its host names resolved as names: firefox-cache.test.ts).
          expect(methods[0]).toBe('OPTIONS,PUT');
          expect(methods[1]).toBe('PUT');
          expect(result.steps[0]!.wire[1]!.headers.some(([n]) => n === 'cookie')).toBe(false);
        }
      },
      BROWSER_TIMEOUT,
    );
  });
}

browserSuite('chromium', DEFAULT_CHROMIUM_PATH, PORT_BASE.chromium, (result, scenario) => {
  const api = Object.keys(scenario.servers)[0]!;
  const origin = new URL(scenario.page).origin;
  expect(result.steps[1]!.error).toEqual({
    code: 'MissingAllowOriginHeader',
    exception: 'TypeError: Failed to fetch',
    message: `Access to fetch at '${api}/bare' from origin '${origin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
  });
  expect(result.steps[2]!.error!.exception).toMatch(/^TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode/);
});

browserSuite('firefox', DEFAULT_FIREFOX_PATH, PORT_BASE.firefox, (result, scenario) => {
  const api = Object.keys(scenario.servers)[0]!;
  expect(result.steps[1]!.error).toEqual({
    exception: 'TypeError: NetworkError when attempting to fetch resource.',
    message: `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${api}/bare. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.`,
  });
});

describe('launching', () => {
  it('says how to install a browser that is missing', async () => {
    await expect(launchBrowser('chromium', { executablePath: '/nonexistent/chromium' })).rejects.toThrow(BrowserNotInstalledError);
    await expect(launchBrowser('chromium', { executablePath: '/nonexistent/chromium' })).rejects.toThrow(/apt-get install -y chromium/);
    await expect(launchBrowser('firefox', { executablePath: '/nonexistent/firefox' })).rejects.toThrow(/apt-get install -y firefox-esr/);
  });
});

describe('recordFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'corsim-record-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports bad scenario files clearly and goes on with the others', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{ not json');
    await writeFile(path.join(dir, 'wrong.json'), JSON.stringify({ format: 'cors-scenario/1', id: 'wrong', page: 'http://a.test:1/' }));
    await writeFile(path.join(dir, 'old.result.json'), JSON.stringify({ format: 'cors-result/1', id: 'old', browser: 'x', steps: [] }));
    const lines: string[] = [];
    const summary = await recordFiles({
      browser: 'chromium',
      executablePath: '/nonexistent/chromium', // never launched: no file gets that far
      files: [path.join(dir, 'broken.json'), path.join(dir, 'wrong.json'), path.join(dir, 'old.result.json')],
      outDir: path.join(dir, 'out'),
      log: (l) => lines.push(l),
    });
    expect(summary.recorded).toEqual([]);
    expect(summary.skipped).toEqual([path.join(dir, 'old.result.json')]);
    expect(summary.failed.map((f) => path.basename(f.file))).toEqual(['broken.json', 'wrong.json']);
    expect(summary.failed[0]!.error).toMatch(/^not valid JSON/);
    expect(summary.failed[1]!.error).toBe('wrong.json: steps: must be a non-empty array');
    expect(lines.filter((l) => l.includes('ERROR'))).toHaveLength(2);
  });

  it.skipIf(!isInstalled(DEFAULT_CHROMIUM_PATH))(
    `writes <id>.result.json for the good files among bad ones (chromium${isInstalled(DEFAULT_CHROMIUM_PATH) ? '' : `; skipped: ${DEFAULT_CHROMIUM_PATH} not installed`})`,
    async () => {
      const good = { ...scenarioOn(PORT_BASE.files), id: 'good-one', cookies: [], steps: [scenarioOn(PORT_BASE.files).steps[3]!] };
      await writeFile(path.join(dir, 'good.json'), JSON.stringify(good));
      const summary = await recordFiles({ browser: 'chromium', executablePath: DEFAULT_CHROMIUM_PATH, files: [path.join(dir, 'broken.json'), path.join(dir, 'good.json')], outDir: path.join(dir, 'out') });
      expect(summary.failed).toEqual([expect.objectContaining({ file: path.join(dir, 'broken.json') })]);
      expect(summary.recorded).toEqual([path.join(dir, 'good.json')]);
      const written = JSON.parse(await readFile(path.join(dir, 'out', 'good-one.result.json'), 'utf8')) as ScenarioResult;
      expect(written.steps[0]!.outcome).toBe('response');
    },
    BROWSER_TIMEOUT,
  );
});
