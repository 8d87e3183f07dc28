/**
 * Every command and where its code is: `main` parses and prints help from the commands' specs (`specs/`) alone and
 * imports a command's module only when that command runs, so that `corsim --help` loads neither the engine nor a
 * transport.
 */
import type { CommandSpec, OptionValues } from './args.js';
import type { CliIo } from './io.js';
import { AUDIT } from './specs/audit.js';
import { CHECK } from './specs/check.js';
import { COMPARE } from './specs/compare.js';
import { EXPLAIN } from './specs/explain.js';
import { RECORD } from './specs/record.js';
import { REPLAY } from './specs/replay.js';

export type RunCommand = (values: OptionValues, positionals: readonly string[], io: CliIo) => Promise<number>;

export interface Command {
  readonly spec: CommandSpec;
  /** Imports the command's module (only when the command runs) and hands back its runner. */
  readonly load: () => Promise<RunCommand>;
}

export const COMMANDS: readonly Command[] = [
  { spec: CHECK, load: async () => (await import('./check.js')).runCheck },
  { spec: EXPLAIN, load: async () => (await import('./explain.js')).runExplain },
  { spec: AUDIT, load: async () => (await import('./audit.js')).runAudit },
  { spec: REPLAY, load: async () => (await import('./replay.js')).runReplay },
  { spec: COMPARE, load: async () => (await import('./compare.js')).runCompare },
  { spec: RECORD, load: async () => (await import('./record-command.js')).runRecord },
];
