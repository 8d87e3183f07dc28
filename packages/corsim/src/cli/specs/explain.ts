/** `corsim explain`: its options and help. */
import type { CommandSpec } from '../args.js';
import { JSON_OUTPUT, SIDE_BY_SIDE } from './options.js';

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
  exits: { 0: 'every step explained is allowed', 1: 'a step is blocked', 2: 'usage or input error' },
  example: 'corsim explain examples/redirect-taints-origin.json --step 1 --browser all',
};
