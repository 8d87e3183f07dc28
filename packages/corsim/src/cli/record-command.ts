/**
 * `corsim record`: its options read, then one call to the recorder (`recordFiles`), which prints a line per scenario.
 */
import { loadRecorder, RECORDER_MISSING } from './record.js';
import { str, UsageError, type OptionValues } from './args.js';
import type { BrowserName } from './specs/options.js';
import { EXIT, resolvePath, type CliIo } from './io.js';

export async function runRecord(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  const browser = str(values, 'browser') as BrowserName | undefined;
  const out = str(values, 'out');
  if (!browser) throw new UsageError('--browser is required');
  if (!out) throw new UsageError('--out is required');
  if (positionals.length === 0) throw new UsageError('give at least one scenario file or directory');
  const seconds = str(values, 'step-timeout') === undefined ? undefined : Number(str(values, 'step-timeout'));
  if (seconds !== undefined && !(seconds > 0)) throw new UsageError('--step-timeout must be a positive number of seconds');
  const recorder = await loadRecorder();
  if (!recorder) {
    io.err(RECORDER_MISSING);
    return EXIT.usage;
  }
  let files: string[];
  try {
    files = await recorder.collectScenarioFiles(positionals.map((p) => resolvePath(io, p)));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const executablePath = str(values, 'executable-path');
  const outDir = resolvePath(io, out);
  const quiet = values.quiet === true;
  io.err(`record: ${files.length} scenario${files.length === 1 ? '' : 's'} in ${browser} (real time: this takes a while)…`);
  try {
    const summary = await recorder.recordFiles({
      browser, files, outDir, freshBrowser: values['fresh-browser'] === true,
      ...(executablePath ? { executablePath: resolvePath(io, executablePath) } : {}),
      ...(seconds ? { stepTimeoutMs: seconds * 1000 } : {}),
      log: (line) => { if (!quiet || line.includes('ERROR')) io.err(line); },
    });
    io.err(`record: ${summary.browser ?? browser}: ${summary.recorded.length} recorded, ${summary.failed.length} failed`
      + `${summary.skipped.length ? `, ${summary.skipped.length} result files skipped` : ''} → ${outDir}`);
    for (const f of summary.failed) io.err(`  FAILED ${f.file}: ${f.error}`);
    return summary.failed.length > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof Error && error.name === 'BrowserNotInstalledError') throw new UsageError(error.message);
    throw error;
  }
}
