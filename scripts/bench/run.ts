/**
 * `pnpm bench`: every measurement of the performance table in one run, each group in its own process, then a table;
 * with `--json` the last line is one JSON object of every figure (keys documented in the README's Performance
 * section). Never asserts anything about timings.
 *   pnpm bench [--json]          (in scripts/, or `pnpm bench` at the root)
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { cliStartup } from './cli.js';
import { inChild, MEASURED_FROM } from './lib.js';

const json = process.argv.includes('--json');
const started = performance.now();
const figures: Record<string, unknown> = {};
const errors: Record<string, string> = {};

async function group(name: string, measure: () => Promise<Record<string, unknown>>): Promise<void> {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    Object.assign(figures, await measure());
  } catch (error) {
    errors[name] = error instanceof Error ? error.message : String(error);
  }
}

const loadBefore = os.loadavg();
await group('engine in process', () => inChild('engine.ts', ['replay']));
await group('decisions and corsFetch', () => inChild('engine.ts', ['decisions']));
await group('preflight-cache lookups', () => inChild('engine.ts', ['cache', '1000,1000000']));
await group('10 000-scenario replay', () => inChild('replay-10k.ts'));
await group('socket mode', () => inChild('transports.ts'));
await group('peers', () => inChild('peers.ts'));
await group('CLI start-up', cliStartup);

const machine = {
  cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', memory_gib: Math.round(os.totalmem() / 2 ** 30),
  node: process.version, platform: `${os.platform()} ${os.release()}`, loadavg_before: loadBefore, loadavg_after: os.loadavg(),
};
const result = { ...figures, measured_from: MEASURED_FROM, machine, bench_seconds: (performance.now() - started) / 1000, errors };

const num = (key: string): number | undefined => (typeof figures[key] === 'number' ? figures[key] : undefined);
const fmt = (v: number | undefined, digits: number, unit = ''): string => (v === undefined ? 'n/a' : `${v.toFixed(digits)}${unit}`);
const cache = (figures.cache_lookup_ns ?? {}) as Record<string, number>;
const mapGet = (figures.map_get_ns ?? {}) as Record<string, number>;
const disagreements = (figures.verdict_disagreements ?? {}) as Record<string, number>;
const rows: Array<[string, string, string]> = [
  ['corpus replay in process vs real Chromium (0.4 s/scenario)', `${fmt(num('replay_vs_browser_speedup'), 0, '×')} (${fmt(num('replay_cpu_ms_per_scenario'), 3)} ms CPU/scenario)`, '≥ 5 000×'],
  [`corsim replay, 348 scenarios: start-up share (${String(figures.cli_measured ?? '?')})`, `${fmt((num('cli_startup_share') ?? NaN) * 100, 0, ' %')}; via npx pnpm ${fmt((num('cli_startup_share_via_pnpm') ?? NaN) * 100, 0, ' %')}`, '≤ 20 %'],
  ['socket: outcome() / undici request(), simple GET', fmt(num('socket_vs_undici_ratio_simple'), 2, '×'), '≤ 1.15×'],
  ['socket: fetch() / undici request(), preflighted PUT, cache hit', fmt(num('socket_vs_undici_ratio_cached'), 2, '×'), '≤ 1.3×'],
  ['socket: fetch() / Node fetch(), same requests', fmt(num('fetch_vs_node_fetch_ratio'), 2, '×'), '≤ 1×'],
  ['vs happy-dom 21 fetch, loopback workload', `${fmt(num('happy_dom_speedup'), 2, '× faster')}; verdicts wrong: ${disagreements.happy_dom ?? '?'}`, '≥ 5×'],
  ['vs Mentoss 0.13 in process, same workload', `${fmt(num('mentoss_speedup'), 2, '× faster')}; verdicts wrong: ${disagreements.mentoss ?? '?'}`, '≥ 10×'],
  ['preflight decisions per second (CPU)', `${fmt((num('decisions_per_sec') ?? NaN) / 1e6, 2, ' M/s')} (${fmt((num('decisions_per_sec_min') ?? NaN) / 1e6, 2)}–${fmt((num('decisions_per_sec_max') ?? NaN) / 1e6, 2)})`, '≥ 2 M/s'],
  ['corsFetch, in-memory transport, simple GET (CPU; with cache mode no-store)', `${fmt((num('fetches_per_sec') ?? NaN) / 1e3, 0, ' k/s')} (${fmt((num('fetches_per_sec_no_store') ?? NaN) / 1e3, 0, ' k/s')})`, '≥ 250 k/s'],
  ['preflight-cache hit at 10³ / 10⁶ entries (CPU; a bare Map.get)', `${fmt(cache['1000'], 0, ' ns')} / ${fmt(cache['1000000'], 0, ' ns')} (${fmt(mapGet['1000'], 0)} / ${fmt(mapGet['1000000'], 0)})`, '≤ 500 ns, flat'],
  ['10 000-scenario replay (wall; CPU per scenario at 1k / 10k)', `${fmt(num('replay_10k_ms'), 0, ' ms')} (${fmt((num('replay_1k_cpu_ms') ?? NaN) / 1000, 3)} / ${fmt((num('replay_10k_cpu_ms') ?? NaN) / 10_000, 3)} ms)`, 'linear'],
  ['peak RSS of the 10 000-scenario replay', fmt(num('peak_rss_mb'), 0, ' MiB'), '≤ 100 MiB'],
];
const width = Math.max(...rows.map((r) => r[0].length));
const lines = [`corsim bench — ${machine.cpus} × ${machine.cpu_model}, Node ${machine.node}, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; ${result.bench_seconds.toFixed(0)} s; corsim from ${MEASURED_FROM === 'dist' ? 'the built dist/' : 'source (run pnpm build to measure what users get)'}`,
  `${'figure'.padEnd(width)}  ${'now'.padEnd(40)}  goal`, ...rows.map(([a, b, c]) => `${a.padEnd(width)}  ${b.padEnd(40)}  ${c}`)];
for (const [name, message] of Object.entries(errors)) lines.push(`error in ${name}: ${message}`);
console.log(lines.join('\n'));
if (json) console.log(JSON.stringify(result));
