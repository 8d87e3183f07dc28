/** The options more than one command takes, and the browsers a command can behave as. */
import type { OptionSpec } from '../args.js';

export const BROWSER_NAMES = ['chromium', 'firefox', 'webkit'] as const;
export type BrowserName = (typeof BROWSER_NAMES)[number];
export const BROWSER_CHOICES = [...BROWSER_NAMES, 'all'] as const;

/** `--browser`: one of the three (`all` too when the command shows them side by side). */
export function browserOption(help: string, choices: readonly string[] = BROWSER_NAMES): OptionSpec {
  return { name: 'browser', choices, help };
}

export const SIDE_BY_SIDE = browserOption('which browser to behave as; all: the three side by side (default chromium)', BROWSER_CHOICES);
export const BEHAVE_AS = browserOption('which browser to behave as (default chromium)');
export const QUIET = (help: string): OptionSpec => ({ name: 'quiet', short: 'q', flag: true, help });
export const JSON_OUTPUT = (help: string): OptionSpec => ({ name: 'json', flag: true, help });
export const DIRECTORY = (name: string, help: string): OptionSpec => ({ name, value: 'DIR', help });

/** Options shared by the commands that make live requests. */
export const NETWORK_OPTIONS: readonly OptionSpec[] = [
  { name: 'resolve', value: 'HOST=IP', repeat: true, help: 'connect to IP for HOST (the URL and Host header keep HOST)' },
  { name: 'resolve-only', flag: true, help: 'names not given with --resolve do not resolve: no system DNS, ERR_NAME_NOT_RESOLVED' },
  { name: 'timeout', value: 'MS', help: 'give up on a silent server after MS milliseconds (default 10000)' },
];
