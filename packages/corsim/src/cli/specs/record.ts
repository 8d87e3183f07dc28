/** `corsim record`: its options and help. */
import type { CommandSpec } from '../args.js';
import { DIRECTORY, QUIET, browserOption } from './options.js';

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
  exits: { 0: 'every scenario recorded', 1: 'some scenarios failed to record', 2: 'usage error, or the browser is not installed (with how to install it)' },
  example: 'corsim record my-scenarios/ --browser chromium --out recordings/chromium',
};
