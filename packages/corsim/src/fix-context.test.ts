import { chromium, type FetchOutcome } from '@corsim/engine';
import { describe, expect, it } from 'vitest';
import { fixContextOf, fixOf } from './fix-context.js';
import { parseScenario, playScenario, type Scenario } from './scenario/index.js';

const PAGE = 'http://app.example.test';
const API = 'http://api.example.test';

function scenario(servers: Scenario['servers'], fetch: Record<string, unknown>): Scenario {
  const parsed = parseScenario({ format: 'cors-scenario/1', id: 'fix-context', page: `${PAGE}/`, servers, steps: [{ fetch }] });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.scenario;
}

async function outcomeOf(s: Scenario): Promise<FetchOutcome> {
  let outcome: FetchOutcome | undefined;
  await playScenario(s, { profile: chromium, onStep: (_step, o) => { outcome = o; } });
  if (!outcome) throw new Error('no step ran');
  return outcome;
}

describe('fixContextOf', () => {
  it('speaks for the request a failed preflight was for: its method and the header names it asked for', async () => {
    const s = scenario({ [API]: [{ method: 'OPTIONS', path: '/data', status: 204, headers: [], body: '' }] },
      { url: `${API}/data`, method: 'PUT', headers: [['X-Token', '1'], ['Content-Type', 'application/json']], credentials: 'include' });
    const outcome = await outcomeOf(s);
    expect(fixContextOf(outcome, { method: 'PUT', credentials: 'include' }, PAGE)).toEqual({
      url: `${API}/data`, method: 'PUT', origin: PAGE, credentials: 'include', requestHeaderNames: ['content-type', 'x-token'],
      preflightAllowed: { methods: [], headerNames: [] },
    });
  });

  it('keeps what the preflight response allowed, so that the fix adds to its lists', async () => {
    const s = scenario({
      [API]: [{
        method: 'OPTIONS', path: '/data', status: 204, body: '',
        headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, POST'], ['Access-Control-Allow-Headers', 'X-Trace']],
      }],
    }, { url: `${API}/data`, method: 'DELETE', headers: [['X-Token', '1']] });
    const outcome = await outcomeOf(s);
    expect(fixContextOf(outcome, { method: 'DELETE', credentials: 'same-origin' }, PAGE).preflightAllowed)
      .toEqual({ methods: ['GET', 'POST'], headerNames: ['X-Trace'] });
    expect(fixOf(outcome, { method: 'DELETE', credentials: 'same-origin' }, PAGE)?.headers).toEqual([['Access-Control-Allow-Methods', 'GET, POST, DELETE']]);
  });

  it('takes the Origin the last request sent: null after a redirect to another cross origin', async () => {
    const s = scenario({
      [API]: [{ method: 'GET', path: '/r', status: 302, headers: [['Access-Control-Allow-Origin', '{{origin}}'], ['Location', 'http://other.test/r']], body: '' }],
      'http://other.test': [{ method: 'GET', path: '/r', status: 200, headers: [['Access-Control-Allow-Origin', PAGE]], body: 'x' }],
    }, { url: `${API}/r` });
    const outcome = await outcomeOf(s);
    expect(fixContextOf(outcome, { method: 'GET', credentials: 'same-origin' }, PAGE)).toMatchObject({ origin: 'null', method: 'GET', requestHeaderNames: [] });
    expect(fixOf(outcome, { method: 'GET', credentials: 'same-origin' }, PAGE)?.summary).toContain('null');
  });

  it('falls back to the page origin when nothing went on the wire, and has no fix for an allowed fetch', async () => {
    const blocked = await outcomeOf(scenario({ [API]: [] }, { url: `${API}/x`, mode: 'same-origin' }));
    expect(blocked.wire).toEqual([]);
    expect(fixContextOf(blocked, { method: 'GET', credentials: 'omit' }, PAGE)).toMatchObject({ origin: PAGE, method: 'GET' });
    const allowed = await outcomeOf(scenario({ [API]: [{ method: 'GET', path: '/ok', status: 200, headers: [['Access-Control-Allow-Origin', '*']], body: '' }] }, { url: `${API}/ok` }));
    expect(allowed.ok).toBe(true);
    expect(fixOf(allowed, { method: 'GET', credentials: 'same-origin' }, PAGE)).toBeNull();
  });
});
