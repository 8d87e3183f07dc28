/**
 * In-process transport over a scenario's declarative servers ({@link answerByRules}): what
 * `corsim replay` and `playScenario` use unless a real server is involved.
 */
import type { HeaderPairs, NetworkResult, Transport, WireRequest } from '@corsim/engine';
import { ScenarioServers, type RuleAnswer } from '../scenario/rules.js';
import { withNodeFraming } from '../scenario/framing.js';
import type { Scenario } from '../scenario/types.js';
import { DEFAULT_MAX_BODY_BYTES, describeError, isBodylessResponse, netFailure, parseHttpUrl } from './common.js';
import { decodeContent, webContentDecoders } from './content-coding.js';

/** One exchange as the rules transport saw it: what went out and which rule answered. */
export interface RulesExchange {
  readonly request: WireRequest;
  readonly answer: RuleAnswer;
}

/** Options of {@link rulesTransport}. */
export interface RulesTransportOptions {
  /** Called once per exchange, after the answer is computed; a hook that throws does not affect the exchange. */
  readonly onExchange?: (exchange: RulesExchange) => void;
  /**
   * `'node'` (default): the answer carries what a Node `http` server adds on the wire (`Date`,
   * `Connection`, `Keep-Alive`, `Content-Length`; {@link withNodeFraming}), as the scenario socket
   * servers send it. `'none'`: exactly the rule's headers.
   */
  readonly framing?: 'node' | 'none';
}

/**
 * A transport answering by the scenario's rules, synchronously computed, without sockets.
 * As a Node server would put it on the wire, the body is dropped for `HEAD` and for 1xx, 204
 * and 304 answers (the {@link RulesExchange.answer} given to the hook keeps the rule's body).
 * A rule's body is decoded by its `Content-Encoding` as a browser would ({@link decodeContent}: a
 * rule that says `gzip` over a plain body fails as `ERR_CONTENT_DECODING_FAILED`, as over a socket).
 * A URL that is not absolute http(s) gives `ERR_INVALID_ARGUMENT`.
 */
export function rulesTransport(scenario: Pick<Scenario, 'servers' | 'page'>, options: RulesTransportOptions = {}): Transport {
  const servers = new ScenarioServers(scenario);
  return {
    send(request) {
      const result = answer(servers, request, options);
      if (!result.ok || !hasContentEncoding(result.response.headers)) return Promise.resolve(result);
      return decodeContent(request, result.response, webContentDecoders, DEFAULT_MAX_BODY_BYTES);
    },
  };
}

/** Whether `headers` name a `Content-Encoding` (without one there is nothing to decode). */
function hasContentEncoding(headers: HeaderPairs): boolean {
  return headers.some(([name]) => name.length === 16 && name.toLowerCase() === 'content-encoding');
}

function answer(servers: ScenarioServers, request: WireRequest, options: RulesTransportOptions): NetworkResult {
  const url = parseHttpUrl(request.url);
  if (!url) return netFailure('ERR_INVALID_ARGUMENT', `not an absolute http(s) URL: ${request.url}`);
  let ruled: RuleAnswer;
  try {
    ruled = servers.answer(request, url);
  } catch (error) {
    return netFailure('ERR_FAILED', `the rules could not answer: ${describeError(error)}`);
  }
  try {
    options.onExchange?.({ request, answer: ruled });
  } catch {
    // a logging hook must not change what the network did
  }
  const { response } = ruled;
  if ((options.framing ?? 'node') === 'node') return { ok: true, response: withNodeFraming(response, request) };
  return {
    ok: true,
    response: isBodylessResponse(request.method, response.status) ? { ...response, body: new Uint8Array(0) } : response,
  };
}
