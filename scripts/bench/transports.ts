/**
 * Socket mode side by side, in one run against the workload server in another process: corsim's `outcome()` and
 * `fetch()` over the undici transport, raw undici `request()` (no CORS logic at all) and Node's own `fetch()` on the
 * same requests. Wall time, interleaved rounds, medians; then the client's CPU time the same way. Prints a table on
 * stderr and one JSON line.
 *   tsx scripts/bench/transports.ts [--rounds 15] [--n 300]
 */
import { Agent, request } from 'undici';
import { createBrowser, undiciTransport } from 'corsim';
import { cpuMsSince, median, sideBySide } from './lib.js';
import { startLoopbackServer } from './loopback.js';
import { PAGE_ORIGIN } from './workload.js';

const arg = (name: string, fallback: number): number => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const rounds = arg('rounds', 15);
const n = arg('n', 300);

const server = await startLoopbackServer();
const base = `http://127.0.0.1:${server.port}`;
const agent = new Agent({ keepAliveTimeout: 30_000 });
const transport = undiciTransport();
const browser = createBrowser({ origin: PAGE_ORIGIN, transport });
const put = { method: 'PUT', headers: { 'x-token': '1' }, body: 'x' };
const originHeader = { origin: PAGE_ORIGIN };
await browser.fetch(`${base}/put`, put); // the preflight, cached for 600 s: every timed PUT below is a cache hit
await browser.fetch(`${base}/star`);

/** The header lines corsim sent for `method path` (a browser's: Accept, Origin, User-Agent, Referer, …), for raw request() to send alike. */
function sentHeaders(method: string, path: string): string[] {
  const sent = browser.wire.find((w) => w.leg === 'actual' && w.request.method === method && w.request.url.endsWith(path));
  if (!sent) throw new Error(`no ${method} ${path} on corsim's wire`);
  return sent.request.headers.flat();
}
const browserHeaders = new Map([['GET /star', sentHeaders('GET', '/star')], ['PUT /put', sentHeaders('PUT', '/put')]]);

interface Init { method?: string; headers?: Record<string, string>; body?: string }

/** Raw undici request(), no CORS logic, sending the same header lines a browser (and corsim) sends. */
async function raw(path: string, init: Init): Promise<void> {
  const method = init.method ?? 'GET';
  const res = await request(`${base}${path}`, { method: method as 'GET', headers: browserHeaders.get(`${method} ${path}`) ?? [], body: init.body ?? null, dispatcher: agent });
  await res.body.text();
}

async function nodeFetch(path: string, init: Init): Promise<void> {
  await (await fetch(`${base}${path}`, { method: init.method ?? 'GET', headers: { ...originHeader, ...init.headers }, body: init.body ?? null })).text();
}

const variants: Record<string, () => Promise<unknown>> = {
  'undici request(), simple GET': () => raw('/star', {}),
  'corsim outcome(), simple GET': () => browser.outcome(`${base}/star`),
  'corsim fetch(), simple GET': async () => (await browser.fetch(`${base}/star`)).text(),
  'Node fetch(), simple GET': () => nodeFetch('/star', {}),
  'undici request(), PUT': () => raw('/put', put),
  'corsim fetch(), preflighted PUT, cache hit': async () => (await browser.fetch(`${base}/put`, put)).text(),
  'Node fetch(), PUT': () => nodeFetch('/put', put),
};
const ms = await sideBySide(variants, rounds, n);

/**
 * This process's CPU per call (µs), the variants interleaved round after round like the wall figures, in a pass of
 * its own so that reading the CPU clock costs the wall figures nothing. On a shared machine the CPU figure moves less
 * than wall time: it leaves out the server's turn and time spent waiting for a core.
 */
async function cpuSideBySide(): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, once] of Object.entries(variants)) {
      const since = process.cpuUsage();
      for (let i = 0; i < n; i++) await once();
      samples[name]?.push((cpuMsSince(since) * 1000) / n);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}
const cpuUs = await cpuSideBySide();
const cpu = (k: string): number => cpuUs[k] ?? NaN;

const at = (k: string): number => ms[k] ?? NaN;
const preflights = browser.wire.filter((w) => w.leg === 'preflight').length;
if (preflights !== 1) throw new Error(`expected one preflight in the whole run, saw ${preflights}`);
for (const [k, v] of Object.entries(ms)) console.error(`  ${k.padEnd(46)} ${(v * 1000).toFixed(0).padStart(6)} µs wall ${cpu(k).toFixed(0).padStart(6)} µs CPU`);
console.log(JSON.stringify({
  socket_ms: ms,
  socket_vs_undici_ratio_simple: at('corsim outcome(), simple GET') / at('undici request(), simple GET'),
  socket_vs_undici_ratio_cached: at('corsim fetch(), preflighted PUT, cache hit') / at('undici request(), PUT'),
  fetch_vs_node_fetch_ratio: (at('corsim fetch(), simple GET') + at('corsim fetch(), preflighted PUT, cache hit')) / (at('Node fetch(), simple GET') + at('Node fetch(), PUT')),
  socket_cpu_us: cpuUs,
  socket_cpu_ratio_simple: cpu('corsim outcome(), simple GET') / cpu('undici request(), simple GET'),
  socket_cpu_ratio_cached: cpu('corsim fetch(), preflighted PUT, cache hit') / cpu('undici request(), PUT'),
}));
await transport.close();
await agent.close();
await server.stop();
