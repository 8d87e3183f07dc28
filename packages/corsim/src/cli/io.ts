/**
 * What a command reads and writes besides its arguments, so `main` runs the same from the bin, from `pnpm corsim`
 * and in tests.
 */
import path from 'node:path';

export interface CliIo {
  /** Writes one line (or several) to standard output. */
  readonly out: (text: string) => void;
  /** Writes one line (or several) to standard error: errors and progress. */
  readonly err: (text: string) => void;
  /** The directory relative paths are resolved against: the caller's, not the workspace root. */
  readonly cwd: string;
  /** Whether standard output is a terminal that gets colour (never with `NO_COLOR`). */
  readonly colour: boolean;
}

/** The exit codes of every command. */
export const EXIT = {
  /** Allowed; all agree; no findings. */
  ok: 0,
  /** Blocked; disagreements; findings at or above the threshold. */
  failed: 1,
  /** Bad usage or bad input. */
  usage: 2,
  /** The network failed (refused, timeout, DNS): a down server is not a CORS verdict. */
  network: 3,
} as const;

/** What every command's exit codes mean, for the overview. */
export const EXIT_CODES = {
  0: 'allowed / all agree / no findings',
  1: 'blocked / disagreements / findings at or above --fail-on',
  2: 'usage or input error',
  3: 'the network failed (connection refused, timeout, DNS): not a CORS verdict',
} as const;

/** The process's io: `pnpm corsim` runs from the workspace root and says where the caller was in `INIT_CWD`. */
export function processIo(): CliIo {
  return {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    cwd: process.env.INIT_CWD || process.cwd(),
    colour: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

/** `p` relative to the caller's directory. */
export function resolvePath(io: CliIo, p: string): string {
  return path.resolve(io.cwd, p);
}
