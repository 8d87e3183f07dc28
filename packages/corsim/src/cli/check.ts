/**
 * `corsim check <url> --origin <page origin> …`: one live fetch() against a real server, as the chosen browser
 * would make it from a page at that origin, with the verdict, the console line and (with --trace) the
 * reasoning. Exit code 0 when the page could read the response, 1 when the browser would block it.
 */
import type { BrowserProfile, FetchOutcome, HeaderPairs } from '@corsim/engine';
import { createBrowser } from '../browser.js';
import { undiciTransport } from '../node/undici.js';
import type { ScenarioStep } from '../scenario/types.js';
import { renderStep } from './render.js';

export interface CheckOptions {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly headers: HeaderPairs;
  readonly body: string | null;
  readonly mode: string;
  readonly credentials: string;
  readonly redirect: string;
  /** Host name → IP, e.g. to send `api.example.test` to 127.0.0.1. */
  readonly resolve: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** Parses `Name: value` as a header pair; `null` when there is no colon. */
export function parseHeaderOption(text: string): [string, string] | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

/** Parses `host=ip`. */
export function parseResolveOption(text: string): [string, string] | null {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) return null;
  return [text.slice(0, eq).trim().toLowerCase(), text.slice(eq + 1).trim()];
}

/** Makes the request and renders the outcome. */
export async function runCheck(options: CheckOptions, profile: BrowserProfile, trace: boolean): Promise<{ outcome: FetchOutcome; text: string }> {
  const transport = undiciTransport({ resolve: options.resolve, timeoutMs: options.timeoutMs });
  try {
    const browser = createBrowser({ origin: options.origin, browser: profile, transport });
    const init = {
      method: options.method, headers: options.headers, mode: options.mode as RequestMode,
      credentials: options.credentials as RequestCredentials, redirect: options.redirect as RequestRedirect,
      ...(options.body !== null ? { body: options.body } : {}),
    };
    const outcome = await browser.outcome(options.url, init);
    const step: ScenarioStep = {
      at: 0,
      fetch: { url: options.url, method: options.method, headers: options.headers, body: options.body,
        mode: options.mode as ScenarioStep['fetch']['mode'], credentials: options.credentials as ScenarioStep['fetch']['credentials'],
        redirect: options.redirect as ScenarioStep['fetch']['redirect'] },
    };
    return { outcome, text: `${profile.name} on a page at ${options.origin}\n${renderStep(step, outcome, 0, trace)}` };
  } finally {
    await transport.close();
  }
}
