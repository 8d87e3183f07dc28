/**
 * Replay over real sockets: the scenario's servers listen on loopback (free ports), and the engine's requests
 * travel through the socket transport with the scenario's host names and ports in their URLs and `Host`
 * headers; the transport's `connectTo` only sends each connection to the loopback port that stands for its
 * origin. Requests with header bytes undici refuses (`Accept: text/\x01html`) take the transport's raw path,
 * as a browser sends them.
 */
import type { BrowserProfile } from '@corsim/engine';
import { startScenarioServers, scenarioOrigins } from '../node/http-servers.js';
import { playScenario, type PlayOptions } from '../scenario/play.js';
import type { Scenario, ScenarioResult } from '../scenario/types.js';
import { undiciTransport } from '../node/undici.js';

/** A port nothing listens on (discard): a connection there is refused, as to a host with no server. */
const UNSERVED_PORT = 9;

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Plays `scenario` with every request going over a loopback socket to the scenario's servers. */
export async function playScenarioOverHttp(scenario: Scenario, profile: BrowserProfile, onStep?: PlayOptions['onStep']): Promise<ScenarioResult> {
  const portMap = Object.fromEntries(scenarioOrigins(scenario).map((o) => [portOf(new URL(o)), 0]));
  const servers = await startScenarioServers(scenario, { portMap });
  const transport = undiciTransport({
    timeoutMs: 10_000,
    // Servers are told apart by port; origins on one port by the Host header, which keeps the URL's host.
    connectTo: (url) => ({ host: '127.0.0.1', port: servers.ports.get(portOf(url)) ?? UNSERVED_PORT }),
  });
  try {
    return await playScenario(scenario, onStep ? { profile, transport, onStep } : { profile, transport });
  } finally {
    await transport.close();
    await servers.close();
  }
}
