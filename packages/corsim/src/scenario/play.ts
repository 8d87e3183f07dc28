/**
 * Plays a scenario through the engine and writes what happened as a `cors-result/1`.
 */
import {
  corsFetch, HttpCache, PreflightCache, sortAndCombine, type BrowserProfile, type FetchOutcome, type Transport,
} from '@corsim/engine';
import { VirtualClock } from '../clock.js';
import { BrowserCookieStore, type CookiePolicy } from '../cookies.js';
import { rulesTransport } from '../transports/rules.js';
import type { ResultStep, ResultWireRequest, Scenario, ScenarioResult, ScenarioStep } from './types.js';

export interface PlayOptions {
  readonly profile: BrowserProfile;
  /** Defaults to answering in-process by the scenario's rules, framed as a Node server would ({@link rulesTransport}). */
  readonly transport?: Transport;
  /** Defaults to the profile's own policy (`profile.cookies`). */
  readonly cookiePolicy?: CookiePolicy;
  /** The preflight cache to play with (to inspect it between steps); defaults to a new one for the profile. */
  readonly cache?: PreflightCache;
  /** The HTTP cache the steps share (to inspect it between steps); defaults to a new one for the profile. */
  readonly httpCache?: HttpCache;
  /** Receives each step's full engine outcome (trace, wire, reason). */
  readonly onStep?: (step: ScenarioStep, outcome: FetchOutcome, index: number) => void;
}

/** Replays every step of `scenario` on a virtual clock; `at` waits take no time. */
export async function playScenario(scenario: Scenario, options: PlayOptions): Promise<ScenarioResult> {
  const { profile } = options;
  const clock = new VirtualClock(0);
  const cookies = new BrowserCookieStore(options.cookiePolicy ?? profile.cookies);
  for (const c of scenario.cookies) {
    // As if `url` had answered a top-level navigation with `Set-Cookie: <cookie>`.
    cookies.setCookies(c.url, [c.cookie], { pageUrl: c.url, sameSite: 'strict', crossSite: false });
  }
  const env = {
    page: new URL(scenario.page),
    profile,
    transport: options.transport ?? rulesTransport(scenario),
    clock,
    cache: options.cache ?? new PreflightCache(profile.preflightCache),
    cookies,
    httpCache: options.httpCache ?? new HttpCache(profile.httpCache),
  };
  const steps: ResultStep[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    clock.advanceTo(step.at * 1000);
    const f = step.fetch;
    const outcome = await corsFetch(f.url, {
      method: f.method, headers: f.headers, body: f.body, mode: f.mode, credentials: f.credentials, redirect: f.redirect,
      ...(f.cache !== undefined ? { cache: f.cache } : {}),
    }, env);
    options.onStep?.(step, outcome, index);
    steps.push(toResultStep(outcome, profile));
  }
  return { format: 'cors-result/1', id: scenario.id, browser: `corsim ${profile.name} ${profile.version}`, steps };
}

const decoder = new TextDecoder();

/**
 * One step of a `cors-result/1` from an engine outcome. `error.code` / `error.parameter` are Chromium's
 * vocabulary: a profile that does not report them (`reportsCorsErrorCode: false`) writes a code only for a
 * `TypeError` that fetch() threw itself, as the recorded Firefox and WebKit results do.
 */
export function toResultStep(outcome: FetchOutcome, profile: Pick<BrowserProfile, 'reportsCorsErrorCode' | 'reportedParameter'>): ResultStep {
  const wire = resultWire(outcome.wire);
  if (outcome.ok) {
    const r = outcome.response;
    return {
      outcome: 'response',
      response: { type: r.type, status: r.status, redirected: r.redirected, url: r.url, headers: sortAndCombine(r.headers), body: decoder.decode(r.body) },
      wire,
    };
  }
  const { reason } = outcome;
  const message = outcome.reasonLine === undefined ? undefined : outcome.console[outcome.reasonLine];
  const reportsCode = profile.reportsCorsErrorCode || reason.code === 'TypeError';
  const parameter = profile.reportsCorsErrorCode ? profile.reportedParameter(reason) : undefined;
  return {
    outcome: 'network-error',
    error: {
      ...(reportsCode ? { code: reason.code } : {}),
      ...(parameter !== undefined ? { parameter } : {}),
      ...(message !== undefined ? { message } : {}),
      exception: outcome.exception,
    },
    wire,
  };
}

/** The requests that reached a server (a refused connection or an unresolved name did not), names lower-cased. */
function resultWire(exchanges: FetchOutcome['wire']): ResultWireRequest[] {
  const wire: ResultWireRequest[] = [];
  for (const { request, response, netError } of exchanges) {
    if (response === undefined && (netError === undefined || netError.name === 'ERR_CONNECTION_REFUSED' || netError.name === 'ERR_NAME_NOT_RESOLVED')) continue;
    const headers: Array<[string, string]> = [];
    for (const [n, v] of request.headers) headers.push([n.toLowerCase(), v]);
    wire.push({ method: request.method, url: request.url, headers });
  }
  return wire;
}
