/**
 * `corsim record <scenarios…> --browser chromium|firefox|webkit --out DIR`: plays scenarios in a real browser against
 * real loopback servers and writes what it did as cors-result/1. A file that is not a valid scenario is
 * reported and skipped, the others are still recorded, and the exit status is 1; 2 means bad usage (or a
 * browser that is not installed, with how to install it).
 */
import { BROWSER_NAMES, type BrowserName, collectScenarioFiles, recordFiles } from './index.js';

const USAGE =
  'usage: corsim record <scenario files or dirs…> --browser chromium|firefox|webkit --out DIR\n' +
  '       [--executable-path PATH] [--step-timeout SECONDS] [--fresh-browser] [--quiet]';

class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

async function run(argv: readonly string[]): Promise<number> {
  const inputs: string[] = [];
  let browser: BrowserName | undefined;
  let outDir: string | undefined;
  let executablePath: string | undefined;
  let stepTimeoutMs: number | undefined;
  let freshBrowser = false;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--browser') {
      const b = value();
      if (!(BROWSER_NAMES as readonly string[]).includes(b)) usage(`--browser must be one of ${BROWSER_NAMES.join(', ')}, not ${b}`);
      browser = b as BrowserName;
    } else if (a === '--out') outDir = value();
    else if (a === '--executable-path') executablePath = value();
    else if (a === '--step-timeout') {
      const s = Number(value());
      if (!(s > 0)) usage('--step-timeout must be a positive number of seconds');
      stepTimeoutMs = s * 1000;
    } else if (a === '--fresh-browser') freshBrowser = true;
    else if (a === '--quiet') quiet = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else inputs.push(a);
  }
  if (!browser) usage('--browser is required');
  if (!outDir) usage('--out is required');
  if (inputs.length === 0) usage('no scenario files or directories given');

  let files: string[];
  try {
    files = await collectScenarioFiles(inputs);
  } catch (e) {
    usage((e as Error).message);
  }
  const started = Date.now();
  const summary = await recordFiles({
    browser,
    files,
    outDir,
    freshBrowser,
    ...(executablePath ? { executablePath } : {}),
    ...(stepTimeoutMs ? { stepTimeoutMs } : {}),
    log: (line) => {
      if (!quiet || line.includes('ERROR')) process.stderr.write(`${line}\n`);
    },
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `record: ${summary.browser ?? browser}: ${summary.recorded.length} recorded, ${summary.failed.length} failed` +
      `${summary.skipped.length ? `, ${summary.skipped.length} result files skipped` : ''} in ${secs} s → ${outDir}\n`,
  );
  for (const f of summary.failed) process.stderr.write(`  FAILED ${f.file}: ${f.error}\n`);
  return summary.failed.length > 0 ? 1 : 0;
}

/** Runs the command; never exits the process itself. */
export async function recordCommand(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof Error && error.name === 'BrowserNotInstalledError')) throw error;
    process.stderr.write(`corsim record: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    return 2;
  }
}
