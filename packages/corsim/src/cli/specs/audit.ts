/** `corsim audit`: its options and help. */
import { DEFAULT_MAX_PROBES, SEVERITIES } from '../../audit/limits.js';
import type { CommandSpec } from '../args.js';
import { BEHAVE_AS, JSON_OUTPUT, NETWORK_OPTIONS, QUIET } from './options.js';

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
  ],
  exits: {
    0: 'no findings at or above --fail-on',
    1: 'findings at or above --fail-on',
    2: 'usage error',
    3: 'the network failed (a probe was refused, timed out, or its host did not resolve)',
  },
  example: 'corsim audit http://127.0.0.1:8080/api/me --allow https://app.example --path /api/me --path /api/orders -X GET -X POST',
};
