/** `corsim check`: its options and help. */
import type { CommandSpec } from '../args.js';
import { JSON_OUTPUT, NETWORK_OPTIONS, SIDE_BY_SIDE } from './options.js';

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
  exits: {
    0: 'allowed (in every browser asked)',
    1: 'blocked (in one browser or more)',
    2: 'usage error',
    3: 'the network failed (connection refused, timeout, DNS): not a CORS verdict',
  },
  example: "corsim check http://127.0.0.1:8080/data --origin http://localhost:3000 -X PUT -H 'Content-Type: application/json' --data '{}'",
};
