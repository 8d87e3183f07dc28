/**
 * Replay over real sockets: the scenario's servers listen on loopback (free ports), and the engine's requests
 * travel through undici with the scenario's host names and ports in their URLs and `Host` headers; a
 * dispatcher interceptor only redirects the connection to the loopback port that stands for each origin.
 */
import { Agent, type Dispatcher } from 'undici';
import type { BrowserProfile } from '@corsim/engine';
import { startScenarioServers, scenarioOrigins } from '../scenario/http-servers.js';
import { playScenario, type PlayOptions } from '../scenario/play.js';
import type { Scenario, ScenarioResult } from '../scenario/types.js';
import { undiciTransport } from '../transports/undici.js';

function portOf(origin: string): number {
  const u = new URL(origin);
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

/** Plays `scenario` with every request going over a loopback socket to a real `node:http`-framed server. */
export async function playScenarioOverHttp(scenario: Scenario, profile: BrowserProfile, onStep?: PlayOptions['onStep']): Promise<ScenarioResult> {
  const portMap = Object.fromEntries(scenarioOrigins(scenario).map((o) => [portOf(o), 0]));
  const servers = await startScenarioServers(scenario, { portMap });
  const agent = new Agent().compose((dispatch: Dispatcher['dispatch']) => (opts, handler) => {
    const target = new URL(String(opts.origin));
    const mapped = servers.ports.get(portOf(target.origin));
    // The Host header keeps the scenario's host and port: the server tells origins apart by it.
    const raw = opts.headers;
    const headers = Array.isArray(raw) ? [...(raw as string[]), 'host', target.host]
      : { ...(raw as Record<string, string> | null | undefined), host: target.host };
    // Unknown origins go to a port nothing listens on: connection refused, as for a host with no server.
    return dispatch({ ...opts, headers, origin: `http://127.0.0.1:${mapped ?? 9}` }, handler);
  });
  const transport = undiciTransport({ dispatcher: agent, timeoutMs: 10_000 });
  try {
    return await playScenario(scenario, onStep ? { profile, transport, onStep } : { profile, transport });
  } finally {
    await transport.close();
    await agent.close();
    await servers.close();
  }
}
