/**
 * `corsim replay` of the whole corpus as a user runs it, against the same binary's start-up alone (`--help`):
 * the built bin (`packages/corsim/bin/corsim.mjs` with `dist/`) when it exists, otherwise tsx from source.
 * Also, once, the same through `npx pnpm -s corsim` (the README's way, from source).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_DIR, median, REPO, run, TSX } from './lib.js';

const BIN = path.join(REPO, 'packages', 'corsim', 'bin', 'corsim.mjs');
const DIST = path.join(REPO, 'packages', 'corsim', 'dist');

function cliCommand(): { measured: string; command: string; prefix: string[] } {
  if (existsSync(BIN) && existsSync(DIST)) return { measured: 'built dist/ bin (node packages/corsim/bin/corsim.mjs)', command: process.execPath, prefix: [BIN] };
  return { measured: 'tsx from source (no built dist/ bin yet)', command: TSX, prefix: ['--conditions=source', path.join(REPO, 'packages', 'corsim', 'src', 'cli', 'main.ts')] };
}

async function wallMs(command: string, args: string[]): Promise<number> {
  const result = await run(command, args);
  if (result.code !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 300)}`);
  return result.ms;
}

async function share(command: string, prefix: string[], times: number, out: string): Promise<{ startup_ms: number; replay_ms: number; share: number }> {
  const startup: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < times; i++) {
    startup.push(await wallMs(command, [...prefix, '--help']));
    whole.push(await wallMs(command, [...prefix, 'replay', CORPUS_DIR, '--out', out, '--browser', 'chromium']));
  }
  return { startup_ms: median(startup), replay_ms: median(whole), share: median(startup) / median(whole) };
}

export async function cliStartup(): Promise<Record<string, unknown>> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'corsim-bench-'));
  try {
    const { measured, command, prefix } = cliCommand();
    const direct = await share(command, prefix, 3, out);
    const viaPnpm = await share('npx', ['-y', 'pnpm@10.34.9', '-s', 'corsim'], 1, out);
    return {
      cli_startup_share: direct.share, cli_measured: measured, cli_startup_ms: direct.startup_ms, cli_replay_348_ms: direct.replay_ms,
      cli_startup_share_via_pnpm: viaPnpm.share, cli_replay_348_ms_via_pnpm: viaPnpm.replay_ms,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
