/**
 * The `cors-scenario/1` and `cors-result/1` formats (see docs/scenario-format.md).
 * Header lists are `[name, value]` pairs so that order and duplicates survive.
 */
import type { HeaderPairs } from '@corsim/engine';

export type RequestModeName = 'cors' | 'no-cors' | 'same-origin' | 'navigate';
export type CredentialsModeName = 'omit' | 'same-origin' | 'include';
export type RedirectModeName = 'follow' | 'error' | 'manual';
/** [RequestCache](https://fetch.spec.whatwg.org/#requestcache). */
export type RequestCacheName = 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';

/** The members each object of a `cors-scenario/1` may have: anything else is a mistake worth a hint. */
export const SCENARIO_MEMBERS = {
  scenario: ['format', 'id', 'description', 'page', 'cookies', 'servers', 'steps'],
  cookie: ['url', 'cookie'],
  rule: ['method', 'path', 'status', 'headers', 'body'],
  step: ['at', 'fetch'],
  fetch: ['url', 'method', 'headers', 'body', 'mode', 'credentials', 'redirect', 'cache'],
} as const satisfies Record<string, readonly string[]>;

export interface ScenarioRule {
  /** Exact, upper case, or `*`. */
  readonly method: string;
  /** Exact path without the query, or `*`. */
  readonly path: string;
  readonly status: number;
  readonly headers: HeaderPairs;
  readonly body: string;
}

export interface ScenarioFetch {
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderPairs;
  readonly body: string | null;
  readonly mode: RequestModeName;
  readonly credentials: CredentialsModeName;
  readonly redirect: RedirectModeName;
  /** The request's cache mode; absent is `default`. */
  readonly cache?: RequestCacheName;
}

export interface ScenarioStep {
  /** Seconds since the scenario started: the earliest moment the step may start. */
  readonly at: number;
  readonly fetch: ScenarioFetch;
}

export interface ScenarioCookie {
  readonly url: string;
  readonly cookie: string;
}

export interface Scenario {
  readonly format: 'cors-scenario/1';
  readonly id: string;
  readonly description: string;
  readonly page: string;
  readonly cookies: readonly ScenarioCookie[];
  /** Keyed by serialized origin. */
  readonly servers: Readonly<Record<string, readonly ScenarioRule[]>>;
  readonly steps: readonly ScenarioStep[];
}

export interface ResultResponse {
  type: 'basic' | 'cors' | 'opaque' | 'opaqueredirect';
  status: number;
  redirected: boolean;
  url: string;
  headers: HeaderPairs;
  body: string;
}

export interface ResultError {
  /** Chromium's CorsError name; absent in Firefox and WebKit results except for a `TypeError`. */
  code?: string;
  parameter?: string;
  message?: string;
  exception: string;
}

export interface ResultWireRequest {
  method: string;
  url: string;
  headers: HeaderPairs;
}

export interface ResultStep {
  outcome: 'response' | 'network-error';
  response?: ResultResponse;
  error?: ResultError;
  wire: ResultWireRequest[];
}

export interface ScenarioResult {
  format: 'cors-result/1';
  id: string;
  browser: string;
  steps: ResultStep[];
}
