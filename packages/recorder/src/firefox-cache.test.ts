/**
 * Why recorded Firefox never reused a preflight cache entry (docs/profiles.md §3), pinned in real
 * Firefox (Debian's firefox-esr; the tests skip, saying so, when it is missing).
 *
 * The shared corpus was recorded with the scenario host names mapped to 127.0.0.1 by
 * `network.dns.forceResolve`, which turns every DNS lookup into a lookup of the IP literal `127.0.0.1`.
 * Before Gecko uses a preflight cache entry, it checks the DNS cache with offline lookups of the
 * request's host (`CheckDNSCache`; in MOZ_LOG, three `Resolving host` lines on the main thread per check); for an IP literal, a lookup
 * that has no record yet makes one on the spot (`Host is IP Literal`), and the entry is dropped and
 * the request preflighted. Each check adds the missing record, so the first two checks on a host
 * fail and later ones pass: identical requests are preflighted three times, then reuse the entry.
 * No recorded scenario gets to a third check on one host, so all its requests were preflighted.
 * Where the lookups find cached records or are not made — host names resolved as names, IPv6
 * disabled (one address family, one record), or an HTTP proxy — Firefox reuses entries from the
 * second request on, as Chromium and WebKit do. The per-lookup mechanism is inferred from the logs
 * (docs/profiles.md §3.4); the request counts asserted here are what was observed. So the recorder
 * now resolves the names as names (`network.dns.localDomains`), and what it records is what users see.
 *
 * The corpus scenario is moved from ports 47001–47003 to 29641–29643, so a test never meets a
 * recording; below the kernel's ephemeral range, so that no port-0 socket of another test holds one
 * (see record.test.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario, ScenarioResult } from 'corsim/scenario';
import { DEFAULT_FIREFOX_PATH, FIREFOX_PREFS } from './firefox.js';
import { isInstalled } from './install.js';
import { launchBrowser, recordScenario, scenarioHosts } from './record.js';
import { parsePlayableScenario } from './scenario-file.js';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../spec-tests/corpus/firefox');
const ID = 'cache-maxage-600-reuse';
const TIMEOUT = 120_000;
type Prefs = Readonly<Record<string, string | number | boolean>>;

const moved = (text: string): string => text.replace(/:4700([1-3])\b/g, ':2964$1');

async function corpusText(): Promise<string> {
  return moved(await readFile(path.join(CORPUS, `${ID}.json`), 'utf8'));
}

/** The corpus scenario: two identical PUTs, the preflight answered with `Access-Control-Max-Age: 600`. */
async function twoPuts(): Promise<Scenario> {
  return parsePlayableScenario(JSON.parse(await corpusText()));
}

/** The same servers, six identical PUTs 0.2 s apart; with `ipLiteral`, page and API are http://127.0.0.1:<port>. */
async function sixPuts(ipLiteral = false): Promise<Scenario> {
  let text = await corpusText();
  if (ipLiteral) text = text.replace(/(app|api)\.example\.test/g, '127.0.0.1');
  const raw = JSON.parse(text) as { id: string; steps: { at?: number; fetch: unknown }[] };
  const put = raw.steps[0]!;
  return parsePlayableScenario({ ...raw, id: `${ID}-six${ipLiteral ? '-ip' : ''}`, steps: [0, 1, 2, 3, 4, 5].map((i) => ({ ...put, at: i * 0.2 })) });
}

/** Per step, the methods that reached the servers (`OPTIONS,PUT`, `PUT`). */
function methods(result: ScenarioResult): string[] {
  return result.steps.map((s) => s.wire.map((w) => w.method).join(','));
}

/** Plays the scenarios, in order, each in a fresh browser context of one Firefox launched with `extraPrefs`. */
async function play(extraPrefs: Prefs, ...scenarios: Scenario[]): Promise<ScenarioResult[]> {
  const driver = await launchBrowser('firefox', { extraPrefs, hosts: scenarios.flatMap(scenarioHosts) });
  try {
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      const result = await recordScenario(scenario, { browser: 'firefox', driver, portWaitMs: 60_000 });
      // Every fetch succeeded: the counts below are about the cache, not about failures.
      expect(result.steps.map((s) => s.response?.status)).toEqual(scenario.steps.map(() => 200));
      results.push(result);
    }
    return results;
  } finally {
    await driver.close();
  }
}

/** A loopback HTTP forward proxy: takes absolute-form requests and sends them to 127.0.0.1 on the URL's port. */
async function startForwardProxy(): Promise<{ port: number; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    seen.push(`${req.method} ${target.href}`);
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: '127.0.0.1', port: Number(target.port || 80), method: req.method, path: `${target.pathname}${target.search}`, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const installed = isInstalled(DEFAULT_FIREFOX_PATH);
const title = installed
  ? 'Firefox preflight cache in real Firefox'
  : `Firefox preflight cache in real Firefox (skipped: ${DEFAULT_FIREFOX_PATH} not installed; apt-get install -y firefox-esr)`;

/** The mapping the shared corpus was recorded under (and corsim's recorder used before). */
const FORCE_RESOLVE: Prefs = { 'network.dns.forceResolve': '127.0.0.1', 'network.dns.localDomains': '' };

const PREFLIGHT_EVERY_TIME = ['OPTIONS,PUT', 'OPTIONS,PUT'];
const REUSED = ['OPTIONS,PUT', 'PUT'];
const THREE_PREFLIGHTS_THEN_REUSE = ['OPTIONS,PUT', 'OPTIONS,PUT', 'OPTIONS,PUT', 'PUT', 'PUT', 'PUT'];
const REUSED_FROM_THE_SECOND = ['OPTIONS,PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT'];

describe.skipIf(!installed)(title, () => {
  it(
    'with network.dns.forceResolve=127.0.0.1 (how the corpus was once recorded): both PUTs of cache-maxage-600-reuse are preflighted; of six, the first three',
    async () => {
      // The shared corpus, re-recorded with ordinary name resolution, reuses the entry instead.
      const recorded = JSON.parse(moved(await readFile(path.join(CORPUS, `${ID}.result.json`), 'utf8'))) as ScenarioResult;
      expect(methods(recorded)).toEqual(['OPTIONS,PUT', 'PUT']);
      const [two, six] = await play(FORCE_RESOLVE, await twoPuts(), await sixPuts());
      expect(methods(two!)).toEqual(PREFLIGHT_EVERY_TIME);
      expect(methods(six!)).toEqual(THREE_PREFLIGHTS_THEN_REUSE);
    },
    TIMEOUT,
  );

  it(
    'with IP-literal hosts and no forceResolve, the same: the first three of six identical PUTs are preflighted',
    async () => {
      const [six] = await play({}, await sixPuts(true));
      expect(six!.steps[0]!.wire[0]!.url).toBe('http://127.0.0.1:29642/data');
      expect(methods(six!)).toEqual(THREE_PREFLIGHTS_THEN_REUSE);
    },
    TIMEOUT,
  );

  it(
    'as the recorder records (host names looked up as names: network.dns.localDomains), the entry is reused',
    async () => {
      // A stand-in for /etc/hosts, which a test must not edit: these names resolve as "localhost".
      expect(FIREFOX_PREFS).not.toHaveProperty('network.dns.forceResolve');
      const [two, six] = await play({}, await twoPuts(), await sixPuts());
      expect(methods(two!)).toEqual(REUSED);
      expect(methods(six!)).toEqual(REUSED_FROM_THE_SECOND);
    },
    TIMEOUT,
  );

  it(
    'with network.dns.disableIPv6=true (forceResolve kept), the entry is reused',
    async () => {
      const [two, six] = await play({ ...FORCE_RESOLVE, 'network.dns.disableIPv6': true }, await twoPuts(), await sixPuts());
      expect(methods(two!)).toEqual(REUSED);
      expect(methods(six!)).toEqual(REUSED_FROM_THE_SECOND);
    },
    TIMEOUT,
  );

  it(
    'through an HTTP proxy (forceResolve kept), the entry is reused',
    async () => {
      const proxy = await startForwardProxy();
      try {
        const prefs = {
          ...FORCE_RESOLVE,
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': proxy.port,
          'network.proxy.allow_hijacking_localhost': true,
          'network.proxy.no_proxies_on': '',
        };
        const [two] = await play(prefs, await twoPuts());
        expect(methods(two!)).toEqual(REUSED);
        const api = proxy.seen.filter((r) => r.includes('//api.example.test:'));
        expect(api).toEqual(['OPTIONS http://api.example.test:29642/data', 'PUT http://api.example.test:29642/data', 'PUT http://api.example.test:29642/data']);
      } finally {
        await proxy.close();
      }
    },
    TIMEOUT,
  );
});
