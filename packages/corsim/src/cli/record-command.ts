/**
 * `corsim record`: the options, then one call to the recorder (`recordFiles`), which prints a line per scenario.
 */
import { loadRecorder, RECORDER_MISSING } from './record.js';
import { str, UsageError, type CommandSpec, type OptionValues } from './args.js';
import { EXIT, resolvePath, type CliIo } from './io.js';

const BROWSER_NAMES = ['chromium', 'firefox', 'webkit'] as const;
type BrowserName = (typeof BROWSER_NAMES)[number];

export const RECORD: CommandSpec = {
  name: 'record',
  brief: 'record scenarios in a real browser (the truth corsim is checked against)',
  args: '<scenario files or directories…>',
  summary: 'Plays scenarios in a real browser (Debian\'s chromium, firefox-esr, WebKitGTK) against real loopback servers,\n'
    + 'with real waiting, and writes <id>.result.json: the truth corsim is checked against. Prints a line per scenario.',
  options: [
    { name: 'browser', choices: BROWSER_NAMES, help: 'the browser to record in (required)' },
    { name: 'out', value: 'DIR', help: 'where the results go (required)' },
    { name: 'executable-path', value: 'PATH', help: "the browser's binary (default: Debian's)" },
    { name: 'step-timeout', value: 'SECONDS', help: 'how long one fetch() may take (default 20)' },
    { name: 'fresh-browser', flag: true, help: 'a new browser process per scenario' },
    { name: 'quiet', short: 'q', flag: true, help: 'print only errors and the summary' },
  ],
  details: ['exit codes:\n  0  every scenario recorded\n  1  some scenarios failed to record\n  2  usage error, or the browser is not installed (with how to install it)'],
};

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
