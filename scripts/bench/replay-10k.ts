/**
 * A 10 000-scenario corpus replayed in process, in its own process so that its peak RSS is its own: the recorded
 * Chromium corpus parsed again and again (distinct scenario objects, as a directory of 10 000 files would give) and
 * each scenario replayed once; results are counted, not kept (the CLI writes each to disk). Prints one JSON line.
 *   tsx --conditions=source scripts/bench/replay-10k.ts [count]
 */
import { performance } from 'node:perf_hooks';
import { chromium } from '@corsim/engine';
import { playScenario } from 'corsim/scenario';
import { corpusTexts, cpuMsSince, parseAll, peakRssMiB } from './lib.js';

const count = Number(process.argv[2]) || 10_000;
const texts = corpusTexts();
const rssBefore = peakRssMiB();
const wallStart = performance.now();
const cpuStart = process.cpuUsage();
const checkpoints: Record<string, number> = {};
let steps = 0;
for (let done = 0; done < count;) {
  const batch = parseAll(texts.slice(0, Math.min(texts.length, count - done)));
  for (const scenario of batch) {
    steps += (await playScenario(scenario, { profile: chromium })).steps.length;
    done++;
    if (done === 1000) checkpoints.replay_1k_cpu_ms = cpuMsSince(cpuStart);
  }
}
console.log(JSON.stringify({
  replay_10k_scenarios: count, replay_10k_steps: steps,
  replay_10k_ms: performance.now() - wallStart, replay_10k_cpu_ms: cpuMsSince(cpuStart), ...checkpoints,
  peak_rss_mb: peakRssMiB(), rss_before_replay_mb: rssBefore,
}));
