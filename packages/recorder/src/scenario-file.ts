/**
 * Reading `cors-scenario/1` JSON for the recorder: the shared validator (scenario/parse.ts, every default
 * filled in, every problem collected) plus what a real browser on loopback servers can play: http: only.
 */
import { parseScenario as validateScenario } from 'corsim/scenario';
import type { Scenario } from 'corsim/scenario';

export class ScenarioFormatError extends Error {
  override readonly name = 'ScenarioFormatError';
}

/** Validates parsed JSON as a playable `cors-scenario/1`. Throws {@link ScenarioFormatError} naming every problem. */
export function parsePlayableScenario(json: unknown, source = 'scenario'): Scenario {
  const parsed = validateScenario(json);
  if (!parsed.ok) throw new ScenarioFormatError(parsed.problems.map((p) => `${source}: ${p}`).join('; '));
  const { scenario } = parsed;
  const problems: string[] = [];
  if (new URL(scenario.page).protocol !== 'http:') problems.push('page: only http: pages can be played');
  for (const origin of Object.keys(scenario.servers)) {
    if (!origin.startsWith('http:')) problems.push(`servers[${JSON.stringify(origin)}]: only http: origins can be served`);
  }
  if (problems.length) throw new ScenarioFormatError(problems.map((p) => `${source}: ${p}`).join('; '));
  return scenario;
}

/** True when parsed JSON claims to be a scenario (as opposed to a result or something else). */
export function looksLikeScenario(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && (json as { format?: unknown }).format === 'cors-scenario/1';
}
