/**
 * Every command's option table and help, and where its code is: `main` parses and prints help from these tables
 * alone and imports a command's module only when that command runs, so that `corsim --help` loads neither the
 * engine nor a transport.
 */
import { DEFAULT_MAX_PROBES, SEVERITIES } from '../audit/limits.js';
import type { CommandSpec, OptionSpec, OptionValues } from './args.js';
import { EXIT_CODES_TEXT, type CliIo } from './io.js';

export const BROWSER_NAMES = ['chromium', 'firefox', 'webkit'] as const;
export type BrowserName = (typeof BROWSER_NAMES)[number];
export const BROWSER_CHOICES = [...BROWSER_NAMES, 'all'] as const;

/** `--browser`: one of the three (`all` too when the command shows them side by side). */
function browserOption(help: string, choices: readonly string[] = BROWSER_NAMES): OptionSpec {
  return { name: 'browser', choices, help };
}

const SIDE_BY_SIDE = browserOption('which browser to behave as; all: the three side by side (default chromium)', BROWSER_CHOICES);
const BEHAVE_AS = browserOption('which browser to behave as (default chromium)');
const QUIET = (help: string): OptionSpec => ({ name: 'quiet', short: 'q', flag: true, help });
const JSON_OUTPUT = (help: string): OptionSpec => ({ name: 'json', flag: true, help });
const DIRECTORY = (name: string, help: string): OptionSpec => ({ name, value: 'DIR', help });

/** Options shared by the commands that make live requests. */
export const NETWORK_OPTIONS: readonly OptionSpec[] = [
  { name: 'resolve', value: 'HOST=IP', repeat: true, help: 'connect to IP for HOST (the URL and Host header keep HOST)' },
  { name: 'resolve-only', flag: true, help: 'names not given with --resolve do not resolve: no system DNS, ERR_NAME_NOT_RESOLVED' },
  { name: 'timeout', value: 'MS', help: 'give up on a silent server after MS milliseconds (default 10000)' },
];

const exitCodes = (...lines: string[]): string => ['exit codes:', ...lines.map((l) => `  ${l}`)].join('\n');

export const CHECK: CommandSpec = {
  name: 'check',
  brief: 'one live fetch() from a page at --origin, explained, with the fix',
  args: '<url>',
  summary: 'One live fetch() against a real server, as the browser makes it from a page at --origin: why a preflight was\n'
    + 'sent (or not), each check with its verdict and spec link, the preflight cache, what script sees, the console\n'
    + 'line and the fix for the server.',
  options: [
    { name: 'origin', value: 'ORIGIN', help: "the page's origin, e.g. http://localhost:3000 (required)" },
    { name: 'method', short: 'X', value: 'METHOD', help: 'request method (default GET)' },
    { name: 'header', short: 'H', value: "'NAME: VALUE'", repeat: true, help: 'request header set by script' },
    { name: 'data', short: 'd', value: 'TEXT', help: 'request body' },
    { name: 'mode', choices: ['cors', 'no-cors', 'same-origin'], help: 'request mode (default cors)' },
    { name: 'credentials', choices: ['omit', 'same-origin', 'include'], help: 'credentials mode (default same-origin)' },
    { name: 'redirect', choices: ['follow', 'error', 'manual'], help: 'redirect mode (default follow)' },
    {
      name: 'cookie', short: 'b', value: "'NAME=VALUE[; attributes]'", repeat: true,
      help: "a cookie in the browser's jar, as if the URL had set it (Set-Cookie syntax: one cookie, with SameSite=…, Secure…)",
    },
    SIDE_BY_SIDE,
    ...NETWORK_OPTIONS,
    JSON_OUTPUT('print the whole outcome as JSON (verdict, reason, fix, trace, wire, console per browser)'),
  ],
  details: [
    EXIT_CODES_TEXT,
    'example:\n  corsim check http://127.0.0.1:8080/data --origin http://localhost:3000 -X PUT -H \'Content-Type: application/json\' --data \'{}\'',
  ],
};

export const EXPLAIN: CommandSpec = {
  name: 'explain',
  brief: 'the teaching trace of check for each step of a scenario file',
  args: '<scenario.json>',
  summary: 'The teaching trace of `check` for each step of a scenario file, replayed in process: why a preflight was sent,\n'
    + 'each check with its verdict and spec link, the preflight cache, what script sees, the console and the fix.',
  options: [
    SIDE_BY_SIDE,
    { name: 'step', value: 'N', help: 'explain only step N (from 0)' },
    JSON_OUTPUT('print every step of every browser as JSON'),
  ],
  details: [
    exitCodes('0  every step explained is allowed', '1  a step is blocked', '2  usage or input error'),
    'example:\n  corsim explain examples/redirect-taints-origin.json --step 1 --browser all',
  ],
};

export const AUDIT: CommandSpec = {
  name: 'audit',
  brief: 'hostile origins against a live server: what they could read, and the fix',
  args: '<url>',
  summary: 'Runs hostile origins against a live server through the browser model: any origin, null, look-alikes of each\n'
    + 'allowed origin (prefix, suffix, unescaped dot, substring), the http: twin of an https: origin, subdomains, each\n'
    + 'with and without credentials, with a safelisted and a preflighted request, on every path. Reports what a page\n'
    + 'on such an origin could read, with a class, a severity and the fix.',
  options: [
    { name: 'allow', value: 'ORIGIN', repeat: true, help: "an origin that may read the server (comma-separated or repeated; '*': public) (required)" },
    { name: 'path', value: 'PATH', repeat: true, help: "a path to probe (default: the URL's)" },
    { name: 'method', short: 'X', value: 'METHOD', repeat: true, help: 'a method to probe (default GET)' },
    { name: 'fail-on', choices: SEVERITIES, help: 'exit 1 when a finding is at least this severe (default low)' },
    { name: 'max-probes', value: 'N', help: `refuse to start when the audit needs more than N probes (default ${DEFAULT_MAX_PROBES})` },
    BEHAVE_AS,
    ...NETWORK_OPTIONS,
    JSON_OUTPUT('print one JSON object per finding, a line each'),
    QUIET('no progress lines'),
  ],
  details: [
    'severities:\n  high    a credentialed read (with cookies) from an attacker-controllable origin\n'
    + '  medium  an uncredentialed read from one, or null accepted\n'
    + '  low     hygiene: an echoed origin without Vary: Origin, a Max-Age longer than browsers keep, * with credentials',
    exitCodes('0  no findings at or above --fail-on', '1  findings at or above --fail-on', '2  usage error',
      '3  the network failed (a probe was refused, timed out, or its host did not resolve)'),
    "example:\n  corsim audit http://127.0.0.1:8080/api/me --allow https://app.example --path /api/me --path /api/orders -X GET -X POST",
  ],
};

export const REPLAY: CommandSpec = {
  name: 'replay',
  brief: 'play scenario files through the engine (in process or over loopback sockets)',
  args: '<scenario files or directories…>',
  summary: 'Plays cors-scenario/1 files through the engine on a virtual clock (`at` waits take no time), in process or over\n'
    + 'loopback sockets to real servers. With --out, writes <id>.result.json (cors-result/1) per scenario; without,\n'
    + "prints each step's verdict.",
  options: [
    DIRECTORY('out', 'write one <id>.result.json per scenario into DIR'),
    BEHAVE_AS,
    { name: 'transport', choices: ['inprocess', 'http'], help: 'answer in process (default) or over loopback sockets' },
    { name: 'trace', flag: true, help: "also print every step of the engine's reasoning" },
    JSON_OUTPUT('print the cors-result/1 results as a JSON array'),
  ],
  details: [
    'Every file is checked first: a bad file is reported with all its problems and the others still run (exit 2);\n'
    + 'an empty directory, no scenario at all, or one id in two files is an error before anything runs.',
    exitCodes('0  every scenario replayed', '2  usage or input error (a bad scenario file, no scenarios, a duplicate id)'),
    'example:\n  corsim replay examples/ --browser firefox --out /tmp/results',
  ],
};

export const COMPARE: CommandSpec = {
  name: 'compare',
  brief: 'field-by-field agreement of two directories of results',
  args: 'EXPECTED_DIR ACTUAL_DIR',
  summary: 'Field-by-field agreement of two directories of cors-result/1 files, with the disagreements.',
  options: [
    { name: 'all', flag: true, help: 'list every disagreement (default: the first 30)' },
    DIRECTORY('scenarios', 'where the scenarios are (for script-set headers); default: both directories'),
    JSON_OUTPUT('print the agreement and the disagreements as JSON'),
  ],
  details: [
    exitCodes('0  all agree', '1  disagreements, or results missing in ACTUAL_DIR', '2  usage or input error'),
    'example:\n  corsim replay scenarios/ --out /tmp/results && corsim compare recorded/ /tmp/results',
  ],
};

export const RECORD: CommandSpec = {
  name: 'record',
  brief: 'record scenarios in a real browser (the truth corsim is checked against)',
  args: '<scenario files or directories…>',
  summary: 'Plays scenarios in a real browser (Debian\'s chromium, firefox-esr, WebKitGTK) against real loopback servers,\n'
    + 'with real waiting, and writes <id>.result.json: the truth corsim is checked against. Prints a line per scenario.',
  options: [
    browserOption('the browser to record in (required)'),
    DIRECTORY('out', 'where the results go (required)'),
    { name: 'executable-path', value: 'PATH', help: "the browser's binary (default: Debian's)" },
    { name: 'step-timeout', value: 'SECONDS', help: 'how long one fetch() may take (default 20)' },
    { name: 'fresh-browser', flag: true, help: 'a new browser process per scenario' },
    QUIET('print only errors and the summary'),
  ],
  details: [
    exitCodes('0  every scenario recorded', '1  some scenarios failed to record',
      '2  usage error, or the browser is not installed (with how to install it)'),
    'example:\n  corsim record my-scenarios/ --browser chromium --out recordings/chromium',
  ],
};

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
