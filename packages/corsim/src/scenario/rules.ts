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

const TEMPLATE = /\{\{(origin|acrm|acrh)\}\}/g;

/** Substitutes `{{origin}}`, `{{acrm}}` and `{{acrh}}` with the request's header values (empty when absent). */
export function expandTemplate(value: string, request: Pick<WireRequest, 'headers'>): string {
  if (!value.includes('{{')) return value;
  return value.replace(TEMPLATE, (_, key: string) => {
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

/** A rule with what does not depend on the request worked out once. */
interface PreparedRule {
  readonly rule: ScenarioRule;
  readonly body: Uint8Array;
  readonly statusText: string;
  /** Whether some header value is a template, to be expanded and checked per request. */
  readonly templated: boolean;
  /** Without templates: the first header that cannot be written. */
  readonly unwritable: string | undefined;
}

function prepareRule(rule: ScenarioRule): PreparedRule {
  const templated = rule.headers.some(([, v]) => v.includes('{{'));
  const unwritable = templated ? undefined : rule.headers.find(([n, v]) => !isWritableHeader(n, v))?.[0];
  return { rule, body: encoder.encode(rule.body), statusText: statusText(rule.status), templated, unwritable };
}

function ruleResponse({ rule, body, statusText: text, templated, unwritable }: PreparedRule, request: WireRequest): WireResponse {
  const headers: HeaderPairs = rule.headers.map(([n, v]) => [n, templated ? expandTemplate(v, request) : v]);
  const invalid = templated ? headers.find(([n, v]) => !isWritableHeader(n, v))?.[0] : unwritable;
  if (invalid !== undefined) return unwritableHeader(invalid);
  return { status: rule.status, statusText: text, headers, body: body.slice() };
}

const PAGE_BYTES = encoder.encode(PAGE_DOCUMENT);

/**
 * A scenario's servers answering one request after another: what does not depend on the request (a rule's body
 * bytes, its reason phrase, whether its headers can be written) is worked out once, when the rule first answers.
 * The scenario must not change while they answer.
 */
export class ScenarioServers {
  readonly #scenario: Pick<Scenario, 'servers' | 'page'>;
  readonly #prepared = new Map<ScenarioRule, PreparedRule>();
  #pageOrigin: string | undefined;

  constructor(scenario: Pick<Scenario, 'servers' | 'page'>) {
    this.#scenario = scenario;
  }

  /** Answers `request`; `url` is its URL, parsed (`request.url` must be absolute). */
  answer(request: WireRequest, url: URL = new URL(request.url)): RuleAnswer {
    const { origin } = url;
    const rules = this.#scenario.servers[origin] ?? [];
    const index = findRule(rules, request.method, url.pathname);
    const rule = index >= 0 ? rules[index] : undefined;
    if (rule) return { response: ruleResponse(this.#prepare(rule), request), ruleIndex: index };
    if (origin === (this.#pageOrigin ??= new URL(this.#scenario.page).origin)) {
      return { response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/html; charset=utf-8']], body: PAGE_BYTES.slice() }, ruleIndex: null };
    }
    return { response: { status: 404, statusText: 'Not Found', headers: [], body: new Uint8Array(0) }, ruleIndex: null };
  }

  #prepare(rule: ScenarioRule): PreparedRule {
    let prepared = this.#prepared.get(rule);
    if (!prepared) this.#prepared.set(rule, (prepared = prepareRule(rule)));
    return prepared;
  }
}

/** Answers `request` by the scenario's servers. `request.url` must be absolute. */
export function answerByRules(scenario: Pick<Scenario, 'servers' | 'page'>, request: WireRequest): RuleAnswer {
  return new ScenarioServers(scenario).answer(request);
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
