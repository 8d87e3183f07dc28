/** `corsim replay`: its options and help. */
import type { CommandSpec } from '../args.js';
import { BEHAVE_AS, DIRECTORY, JSON_OUTPUT } from './options.js';

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
  ],
  exits: { 0: 'every scenario replayed', 2: 'usage or input error (a bad scenario file, no scenarios, a duplicate id)' },
  example: 'corsim replay examples/ --browser firefox --out /tmp/results',
};
