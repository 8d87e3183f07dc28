/**
 * `corsim replay` of the whole corpus as a user runs it, against the same binary's start-up alone (`--help`):
 * the built bin (`packages/corsim/bin/corsim.mjs` with `dist/`) when it exists, otherwise tsx from source
 * (cliCommand). The share in wall time, and in the children's own CPU time (steadier on a shared machine). Also,
 * once, the same through `npx pnpm -s corsim` (the README's way, from source; wall time only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliCommand, CORPUS_DIR, median, run, runCli } from './lib.js';

type Runner = (args: readonly string[]) => Promise<{ ms: number; cpuMs?: number }>;

/** Start-up over a whole replay, `times` times interleaved: medians of wall time and (when known) CPU time. */
async function share(runOnce: Runner, times: number, out: string): Promise<{ startup: number; whole: number; startupCpu: number; wholeCpu: number }> {
  const startup: Array<{ ms: number; cpuMs?: number }> = [];
  const whole: Array<{ ms: number; cpuMs?: number }> = [];
  for (let i = 0; i < times; i++) {
    startup.push(await runOnce(['--help']));
    whole.push(await runOnce(['replay', CORPUS_DIR, '--out', out, '--browser', 'chromium']));
  }
  const cpu = (runs: typeof startup): number => median(runs.map((r) => r.cpuMs ?? NaN));
  return { startup: median(startup.map((r) => r.ms)), whole: median(whole.map((r) => r.ms)), startupCpu: cpu(startup), wholeCpu: cpu(whole) };
}

const viaPnpm: Runner = async (args) => {
  const result = await run('npx', ['-y', 'pnpm@10.34.9', '-s', 'corsim', ...args]);
  if (result.code !== 0) throw new Error(`pnpm corsim ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 300)}`);
  return result;
};

export async function cliStartup(): Promise<Record<string, unknown>> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'corsim-bench-'));
  try {
    const direct = await share(runCli, 5, out);
    const pnpm = await share(viaPnpm, 1, out);
    return {
      cli_startup_share: direct.startup / direct.whole, cli_measured: cliCommand().measured, cli_startup_ms: direct.startup, cli_replay_348_ms: direct.whole,
      cli_startup_share_cpu: direct.startupCpu / direct.wholeCpu, cli_startup_cpu_ms: direct.startupCpu, cli_replay_348_cpu_ms: direct.wholeCpu,
      cli_startup_share_via_pnpm: pnpm.startup / pnpm.whole, cli_replay_348_ms_via_pnpm: pnpm.whole,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
