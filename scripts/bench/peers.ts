/**
 * corsim beside its peers on the shared workload, in one run: happy-dom 21's `window.fetch` and corsim's undici
 * transport over loopback (the workload server in another process); in process, Mentoss 0.13 (declarative routes:
 * status, headers, body per method and URL) against corsim with the same answers as a scenario's declarative servers
 * (`mentoss_speedup`), and against corsim's fetch-handler transport (a handler answering `Request`s with `Response`s,
 * `mentoss_speedup_fetch_handler`); corsim's Node `(req, res)` handler transport (light-my-request) is shown beside them. Each simulator's verdict (resolved = allowed, rejected = blocked) per request is
 * compared with Chromium's. Each page runs `--warmup` passes before the timed rounds (one pass leaves the larger code bases in the
 * interpreter), and the peers take turns going first, so that no peer always pays for the garbage the one before it left.
 * Wall and CPU time per pass; `mentoss_speedup` compares CPU time, all of which both in-process peers spend in this process (wall
 * time on a shared machine also counts the time other processes held the core). Prints a table on stderr and one JSON line.
 *   tsx scripts/bench/peers.ts [--rounds 31] [--warmup 20]
 */
import { Window } from 'happy-dom';
import { FetchMocker, MockServer } from 'mentoss';
import { createBrowser, fetchHandlerTransport, nodeHandlerTransport, undiciTransport } from 'corsim';
import { parseScenario, rulesTransport } from 'corsim/scenario';
import { cpuMsSince, median } from './lib.js';
import { startLoopbackServer } from './loopback.js';
import { answer, handler, PAGE_ORIGIN, WORKLOAD } from './workload.js';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;
type Verdict = 'allowed' | 'blocked';

const arg = (name: string, fallback: number): number => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const rounds = arg('rounds', 31);
const warmup = arg('warmup', 20);

async function verdict(fetchFn: Fetch, url: string, init: RequestInit): Promise<Verdict> {
  try {
    await (await fetchFn(url, init)).text();
    return 'allowed';
  } catch {
    return 'blocked';
  }
}

/** The workload once through `fetchFn`: each case's verdict. */
async function once(fetchFn: Fetch, base: string): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const c of WORKLOAD) verdicts.push(await verdict(fetchFn, `${base}${c.path}`, c.init));
  return verdicts;
}

interface Page { fetch: Fetch; close?: () => Promise<void> }
interface Peer { make: () => Page; base: string }

interface Measured { verdicts: Verdict[]; ms: number[]; cpuMs: number[] }

/** Each peer's verdicts on a fresh page, then wall and CPU ms per workload pass, the peers interleaved round after round. */
async function measureAll(peers: Record<string, Peer>): Promise<Record<string, Measured>> {
  const out: Record<string, Measured> = {};
  const pages: Record<string, Page> = {};
  for (const [name, peer] of Object.entries(peers)) {
    const fresh = peer.make();
    out[name] = { verdicts: await once(fresh.fetch, peer.base), ms: [], cpuMs: [] };
    await fresh.close?.();
    pages[name] = peer.make();
    for (let w = 0; w < warmup; w++) await once(pages[name].fetch, peer.base);
  }
  const names = Object.keys(peers);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length] as string;
      const cpu = process.cpuUsage();
      const start = performance.now();
      await once((pages[name] as Page).fetch, (peers[name] as Peer).base);
      out[name]?.ms.push(performance.now() - start);
      out[name]?.cpuMs.push(cpuMsSince(cpu));
    }
  }
  for (const page of Object.values(pages)) await page.close?.();
  return out;
}

function disagreements(verdicts: readonly Verdict[]): string[] {
  return WORKLOAD.flatMap((c, i) => (verdicts[i] === c.browser ? [] : [`${c.name}: ${verdicts[i]} (browser: ${c.browser})`]));
}

const MOCK_ORIGIN = 'http://api.example';

function mentossFetch(): Fetch {
  const server = new MockServer(MOCK_ORIGIN);
  for (const c of WORKLOAD) {
    for (const method of ['OPTIONS', c.init.method ?? 'GET']) {
      const { status, headers } = answer(method, c.path);
      server.route({ method: method as 'GET', url: c.path }, { status, headers: { ...headers, 'content-type': 'text/plain' }, body: status === 204 ? undefined : 'ok' });
    }
  }
  return new FetchMocker({ servers: [server], baseUrl: `${PAGE_ORIGIN}/` }).fetch as Fetch;
}

/**
 * The workload as a scenario's declarative servers, the counterpart of Mentoss's routes: the same status, headers
 * and body per method and path.
 */
function workloadRules(): ReturnType<typeof rulesTransport> {
  const rules = WORKLOAD.flatMap((c) => ['OPTIONS', c.init.method ?? 'GET'].map((method) => {
    const { status, headers } = answer(method, c.path);
    return { method, path: c.path, status, headers: Object.entries({ ...headers, 'content-type': 'text/plain' }), body: status === 204 ? '' : 'ok' };
  }));
  const parsed = parseScenario({ format: 'cors-scenario/1', id: 'bench-workload', page: `${PAGE_ORIGIN}/`, servers: { [MOCK_ORIGIN]: rules }, steps: [{ fetch: { url: `${MOCK_ORIGIN}/star` } }] });
  if (!parsed.ok) throw new Error(`the workload as a scenario: ${parsed.problems.join('; ')}`);
  return rulesTransport(parsed.scenario);
}

function fetchStyleHandler(request: Request): Response {
  const { status, headers } = answer(request.method, new URL(request.url).pathname);
  return new Response(status === 204 ? null : 'ok', { status, headers: { ...headers, 'content-type': 'text/plain' } });
}

const server = await startLoopbackServer();
const loopback = `http://127.0.0.1:${server.port}`;
const sockets = undiciTransport();
const corsimPage = (transport: Parameters<typeof createBrowser>[0]['transport']): Page => ({ fetch: createBrowser({ origin: PAGE_ORIGIN, transport }).fetch as Fetch });
const results = await measureAll({
  'corsim, undici transport': { make: () => corsimPage(sockets), base: loopback },
  'happy-dom 21 window.fetch': { make: () => {
    const window = new Window({ url: `${PAGE_ORIGIN}/` });
    return { fetch: window.fetch.bind(window) as unknown as Fetch, close: () => window.happyDOM.close() };
  }, base: loopback },
  'corsim, in-process Node handler': { make: () => corsimPage(nodeHandlerTransport(handler)), base: MOCK_ORIGIN },
  'corsim, in-process fetch handler': { make: () => corsimPage(fetchHandlerTransport(fetchStyleHandler)), base: MOCK_ORIGIN },
  'corsim, declarative rules': { make: () => corsimPage(workloadRules()), base: MOCK_ORIGIN },
  'Mentoss 0.13': { make: () => ({ fetch: mentossFetch() }), base: MOCK_ORIGIN },
});
await sockets.close();
await server.stop();

const passMs = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v.ms)]));
const passCpuMs = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v.cpuMs)]));
const wrong = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, disagreements(v.verdicts)]));
for (const [k, v] of Object.entries(passMs)) {
  console.error(`  ${k.padEnd(34)} ${v.toFixed(2).padStart(8)} ms (${(passCpuMs[k] ?? NaN).toFixed(2).padStart(6)} ms CPU) per ${WORKLOAD.length}-request pass, ${wrong[k]?.length} verdicts differ from the browser's`);
}
const ms = (k: string): number => passMs[k] ?? NaN;
const cpuMs = (k: string): number => passCpuMs[k] ?? NaN;
console.log(JSON.stringify({
  workload_requests: WORKLOAD.length,
  peer_pass_ms: passMs,
  peer_pass_cpu_ms: passCpuMs,
  happy_dom_speedup: ms('happy-dom 21 window.fetch') / ms('corsim, undici transport'),
  mentoss_speedup: cpuMs('Mentoss 0.13') / cpuMs('corsim, declarative rules'),
  mentoss_speedup_wall: ms('Mentoss 0.13') / ms('corsim, declarative rules'),
  mentoss_speedup_fetch_handler: cpuMs('Mentoss 0.13') / cpuMs('corsim, in-process fetch handler'),
  mentoss_speedup_fetch_handler_wall: ms('Mentoss 0.13') / ms('corsim, in-process fetch handler'),
  verdict_disagreements: {
    corsim: wrong['corsim, undici transport']?.length, corsim_node_handler: wrong['corsim, in-process Node handler']?.length,
    corsim_fetch_handler: wrong['corsim, in-process fetch handler']?.length, corsim_rules: wrong['corsim, declarative rules']?.length,
    happy_dom: wrong['happy-dom 21 window.fetch']?.length, mentoss: wrong['Mentoss 0.13']?.length,
  },
  verdict_disagreement_cases: { happy_dom: wrong['happy-dom 21 window.fetch'], mentoss: wrong['Mentoss 0.13'] },
}));
