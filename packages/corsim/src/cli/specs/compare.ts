/** `corsim compare`: its options and help. */
import type { CommandSpec } from '../args.js';
import { DIRECTORY, JSON_OUTPUT } from './options.js';

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
  exits: { 0: 'all agree', 1: 'disagreements, or results missing in ACTUAL_DIR', 2: 'usage or input error' },
  example: 'corsim replay scenarios/ --out /tmp/results && corsim compare recorded/ /tmp/results',
};
