/**
 * A 10 000-scenario corpus replayed as a user runs it: the real `corsim replay` command (the built bin under plain
 * node, see cliCommand) over a temporary directory of 10 000 scenario files (the recorded Chromium corpus again and
 * again, ids suffixed), writing every result with --out. Peak RSS and CPU are the child's own (usage-report.mjs).
 * The same command over 1 and over 1 000 of the files gives the fixed cost and the linearity:
 *   rss_before_replay_mb   peak RSS of the run over one file: start-up, modules, one scenario
 *   peak_rss_mb            peak RSS of the run over 10 000 files
 *   replay_1k_cpu_ms / replay_10k_cpu_ms   CPU of the run over 1 000 / 10 000 files, less the run over one
 *   replay_10k_ms          wall time of the whole run over 10 000 files
 * Prints one JSON line.
 *   tsx scripts/bench/replay-10k.ts [count]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliCommand, corpusTexts, runCli, type MeasuredRun } from './lib.js';

const count = Number(process.argv[2]) || 10_000;

/** Writes `n` scenario files into `dir`: the corpus in order, round after round, each round's ids suffixed. */
function writeCorpus(dir: string, n: number): void {
  mkdirSync(dir);
  const scenarios = corpusTexts().map((t) => JSON.parse(t) as { id: string });
  for (let i = 0; i < n; i++) {
    const scenario = scenarios[i % scenarios.length] as { id: string };
    const id = `${scenario.id}-${Math.floor(i / scenarios.length)}`;
    writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ ...scenario, id }, null, 2));
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), 'corsim-bench-10k-'));
try {
  const replay = async (n: number): Promise<MeasuredRun> => {
    const dir = path.join(work, `in-${n}`);
    writeCorpus(dir, n);
    return runCli(['replay', dir, '--out', path.join(work, `out-${n}`), '--browser', 'chromium']);
  };
  const one = await replay(1);
  const thousand = await replay(Math.min(1000, count));
  const all = await replay(count);
  console.log(JSON.stringify({
    replay_10k_scenarios: count, replay_10k_measured: `corsim replay over ${count} files, ${cliCommand().measured}`,
    replay_10k_ms: all.ms, replay_10k_cpu_ms: all.cpuMs - one.cpuMs, replay_1k_cpu_ms: thousand.cpuMs - one.cpuMs,
    peak_rss_mb: all.maxRssMiB, rss_before_replay_mb: one.maxRssMiB,
  }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
