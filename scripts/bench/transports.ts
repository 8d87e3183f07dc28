/**
 * Side-by-side costs, measured in one run: the same cross-origin fetch() (a preflighted PUT against
 * express + cors) through corsim in process, through corsim over loopback sockets, and plain undici
 * requests (no CORS at all) as the baseline. Prints ops/s and ratios; never asserts timings.
 *   tsx --conditions=source scripts/bench/transports.ts [--seconds 2]
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import express from 'express';
import cors from 'cors';
import { request, Agent } from 'undici';
import { createBrowser, nodeHandlerTransport, undiciTransport } from 'corsim';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] ?? 2) || 2;
const app = express();
app.set('env', 'test');
app.use(cors({ origin: true, credentials: true, maxAge: 0 }));
app.put('/data', (_req, res) => void res.type('text/plain').send('ok'));
const server = http.createServer(app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;
const url = `http://api.example.test:${port}/data`;

async function measure(name: string, once: () => Promise<unknown>): Promise<{ name: string; opsPerSecond: number }> {
  for (let i = 0; i < 50; i++) await once(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await once();
    n++;
  }
  return { name, opsPerSecond: n / ((performance.now() - start) / 1000) };
}

const inProcess = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
const sockets = undiciTransport({ resolve: { 'api.example.test': '127.0.0.1' } });
const overSockets = createBrowser({ origin: 'https://app.example', transport: sockets });
const agent = new Agent();
const init = { method: 'PUT', headers: { 'X-Token': '1' }, body: 'x', credentials: 'include' as const };

const results = [
  await measure('plain undici: OPTIONS + PUT, no CORS logic', async () => {
    const headers = { host: `api.example.test:${port}`, origin: 'https://app.example' };
    const pre = await request(`http://127.0.0.1:${port}/data`, { method: 'OPTIONS', dispatcher: agent, headers: { ...headers, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-token' } });
    await pre.body.text();
    const res = await request(`http://127.0.0.1:${port}/data`, { method: 'PUT', dispatcher: agent, headers: { ...headers, 'x-token': '1' }, body: 'x' });
    await res.body.text();
  }),
  await measure('corsim over sockets (undici transport)', async () => (await overSockets.fetch(url, init)).text()),
  await measure('corsim in process (light-my-request)', async () => (await inProcess.fetch(url, init)).text()),
];
const baseline = results[0]?.opsPerSecond ?? 1;
console.log(`preflighted credentialed PUT, ${seconds} s each, same run:`);
for (const r of results) console.log(`  ${r.name.padEnd(48)} ${r.opsPerSecond.toFixed(0).padStart(7)} fetch/s   ×${(r.opsPerSecond / baseline).toFixed(2)} of plain undici`);
await sockets.close();
await agent.close();
server.close();
