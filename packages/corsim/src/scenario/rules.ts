/**
 * The declarative scenario server: answers a request by a scenario's rules, as
 * docs/scenario-format.md says. Pure: no sockets, no clock. The in-process transport,
 * the loopback HTTP transport and the browser recorder all answer through this one function.
 */
import { getHeader, isToken, type HeaderPairs, type WireRequest, type WireResponse } from '@corsim/engine';
import type { Scenario, ScenarioRule } from './types.js';

const encoder = new TextEncoder();

/** The empty HTML document served for the page itself and for unmatched paths on the page's origin. */
export const PAGE_DOCUMENT = '<!doctype html><html><head><meta charset="utf-8"><title>corsim</title></head><body></body></html>';

/** Substitutes `{{origin}}`, `{{acrm}}` and `{{acrh}}` with the request's header values (empty when absent). */
export function expandTemplate(value: string, request: Pick<WireRequest, 'headers'>): string {
  return value.replace(/\{\{(origin|acrm|acrh)\}\}/g, (_, key: string) => {
    const name = key === 'origin' ? 'origin' : key === 'acrm' ? 'access-control-request-method' : 'access-control-request-headers';
    return getHeader(request.headers, name) ?? '';
  });
}

/** The index of the first rule whose method and path match, in order, or -1. */
export function findRule(rules: readonly ScenarioRule[], method: string, path: string): number {
  return rules.findIndex((r) => (r.method === '*' || r.method === method) && (r.path === '*' || r.path === path));
}

export interface RuleAnswer {
  readonly response: WireResponse;
  /** Index of the rule that answered, or null for the page document / the 404 default. */
  readonly ruleIndex: number | null;
}

/** Answers `request` by the scenario's servers. `request.url` must be absolute. */
export function answerByRules(scenario: Pick<Scenario, 'servers' | 'page'>, request: WireRequest): RuleAnswer {
  const url = new URL(request.url);
  const rules = scenario.servers[url.origin] ?? [];
  const index = findRule(rules, request.method, url.pathname);
  const rule = index >= 0 ? rules[index] : undefined;
  if (rule) {
    const headers: HeaderPairs = rule.headers.map(([n, v]) => [n, expandTemplate(v, request)]);
    const invalid = headers.find(([n, v]) => !isWritableHeader(n, v));
    if (invalid) return { response: unwritableHeader(invalid[0]), ruleIndex: index };
    const body = encoder.encode(rule.body);
    return { response: { status: rule.status, statusText: statusText(rule.status), headers, body }, ruleIndex: index };
  }
  if (url.origin === new URL(scenario.page).origin) {
    const body = encoder.encode(PAGE_DOCUMENT);
    return { response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/html; charset=utf-8']], body }, ruleIndex: null };
  }
  return { response: { status: 404, statusText: 'Not Found', headers: [], body: new Uint8Array(0) }, ruleIndex: null };
}

/** True when a server can write the header: a token name and a value without NUL, CR or LF. */
export function isWritableHeader(name: string, value: string): boolean {
  return isToken(name) && !/[\0\r\n]/.test(value);
}

/**
 * The answer to a rule whose header cannot go on the wire (a CR or LF in a value would start a line
 * of its own, e.g. inject `Access-Control-Allow-Origin: *`): a 500 without the rule's headers, as a
 * Node server answers when its `setHeader` throws.
 */
function unwritableHeader(name: string): WireResponse {
  const body = encoder.encode(`corsim: the rule's header ${JSON.stringify(name)} cannot be written (not a token, or NUL, CR or LF in its value)`);
  return { status: 500, statusText: statusText(500), headers: [['Content-Type', 'text/plain; charset=utf-8']], body };
}

/** Node's `http.STATUS_CODES`, so that browser-safe code has the same reason phrases. */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints', 200: 'OK', 201: 'Created',
  202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content',
  206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used', 300: 'Multiple Choices',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
  402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required',
  412: 'Precondition Failed', 413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable', 417: 'Expectation Failed', 418: "I'm a Teapot", 421: 'Misdirected Request',
  422: 'Unprocessable Entity', 423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required',
  428: 'Precondition Required', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded',
  510: 'Not Extended', 511: 'Network Authentication Required',
};

/** The reason phrase a Node `http` server would send for `status`. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
