/**
 * The declarative scenario server: answers a request by a scenario's rules, as
 * docs/scenario-format.md says. Pure: no sockets, no clock. The in-process transport,
 * the loopback HTTP transport and the browser recorder all answer through this one function.
 */
import { getHeader, type HeaderPairs, type WireRequest, type WireResponse } from '@corsim/engine';
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
    const body = encoder.encode(rule.body);
    return { response: { status: rule.status, statusText: statusText(rule.status), headers, body }, ruleIndex: index };
  }
  if (url.origin === new URL(scenario.page).origin) {
    const body = encoder.encode(PAGE_DOCUMENT);
    return { response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/html; charset=utf-8']], body }, ruleIndex: null };
  }
  return { response: { status: 404, statusText: 'Not Found', headers: [], body: new Uint8Array(0) }, ruleIndex: null };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 299: '', 300: 'Multiple Choices', 301: 'Moved Permanently',
  302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  410: 'Gone', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

/** The reason phrase a Node `http` server would send for `status`. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
