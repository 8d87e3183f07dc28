/**
 * Prints the playground share-link fragment of a scenario file:
 * `tsx --conditions=source packages/playground/src/share-link.ts FILE [--browser NAME] [--t SECONDS] [--base URL]`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseScenarioText } from 'corsim/scenario';
import { isBrowserId } from './fragment.js';
import { shareFragment } from './share-node.js';

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { browser: { type: 'string' }, t: { type: 'string' }, base: { type: 'string', default: '' } } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) return fail('usage: share-link.ts FILE [--browser chromium|firefox|webkit] [--t SECONDS] [--base URL]');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return fail(`${file}:\n  ${parsed.problems.join('\n  ')}`);
  if (values.browser !== undefined && !isBrowserId(values.browser)) return fail(`--browser: ${values.browser} is not chromium, firefox or webkit`);
  const t = values.t === undefined ? null : Number(values.t);
  if (t !== null && !(Number.isFinite(t) && t >= 0)) return fail(`--t: ${values.t} is not a number of seconds ≥ 0`);
  process.stdout.write(`${values.base}${shareFragment(parsed.scenario, { ...(values.browser !== undefined ? { browser: values.browser } : {}), t })}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
