import { describe, expect, it } from 'vitest';
import { looksLikeScenario, parsePlayableScenario, ScenarioFormatError } from './scenario-file.js';

const minimal = {
  format: 'cors-scenario/1',
  id: 'minimal',
  page: 'http://app.example.test:47001/',
  servers: { 'http://api.example.test:47002': [{ method: '*', path: '/data' }] },
  steps: [{ fetch: { url: 'http://api.example.test:47002/data' } }],
};

describe('parsePlayableScenario', () => {
  it('fills in the defaults of cors-scenario/1', () => {
    const s = parsePlayableScenario(minimal);
    expect(s.cookies).toEqual([]);
    expect(s.description).toBe('');
    expect(s.servers['http://api.example.test:47002']).toEqual([{ method: '*', path: '/data', status: 200, headers: [], body: '' }]);
    expect(s.steps).toEqual([
      {
        at: 0,
        fetch: { url: 'http://api.example.test:47002/data', method: 'GET', headers: [], body: null, mode: 'cors', credentials: 'same-origin', redirect: 'follow' },
      },
    ]);
  });

  it('keeps URLs as written and accepts relative fetch URLs', () => {
    const s = parsePlayableScenario({ ...minimal, steps: [{ at: 1.5, fetch: { url: '/same', method: 'patch', body: 'x', headers: [['X-A', '1']] } }] });
    expect(s.steps[0]).toMatchObject({ at: 1.5, fetch: { url: '/same', method: 'patch', body: 'x', headers: [['X-A', '1']] } });
  });

  it.each([
    [{ ...minimal, format: 'cors-result/1' }, /format: must be "cors-scenario\/1"/],
    [{ ...minimal, id: 'a/b' }, /id: must be a non-empty string of letters/],
    [{ ...minimal, page: 'not a url' }, /page: must be an absolute http\(s\) URL/],
    [{ ...minimal, page: 'https://app.example.test/' }, /only http: pages/],
    [{ ...minimal, steps: undefined }, /steps: must be a non-empty array/],
    [{ ...minimal, steps: [{ at: -1, fetch: { url: '/x' } }] }, /steps\[0\]\.at: must be a number of seconds/],
    [{ ...minimal, steps: [{ fetch: { url: '/x', headers: [['a']] } }] }, /steps\[0\]\.fetch\.headers\[0\]: must be a \[name, value\] pair/],
    [{ ...minimal, servers: { 'http://api.example.test:47002': [{ method: '*', path: '/', status: 42 }] } }, /\.status: must be an integer from 100 to 999/],
    [{ ...minimal, cookies: [{ url: 'http://api.example.test:47002/' }] }, /cookies\[0\]: must be/],
    [[], /must be a JSON object/],
  ])('rejects %j clearly', (json, message) => {
    expect(() => parsePlayableScenario(json, 'f.json')).toThrow(ScenarioFormatError);
    expect(() => parsePlayableScenario(json, 'f.json')).toThrow(message);
  });

  it('leaves request-mode values to fetch(), which throws a TypeError in the browser as it would for a page', () => {
    expect(parsePlayableScenario({ ...minimal, steps: [{ fetch: { url: '/x', mode: 'cross' } }] }).steps[0]?.fetch.mode).toBe('cross');
  });

  it('names every problem at once', () => {
    expect(() => parsePlayableScenario({ ...minimal, id: 'a/b', page: 'nope' }, 'f.json')).toThrow(/f\.json: id: .*; f\.json: page: /);
  });

  it('tells scenarios from other JSON', () => {
    expect(looksLikeScenario(minimal)).toBe(true);
    expect(looksLikeScenario({ format: 'cors-result/1' })).toBe(false);
    expect(looksLikeScenario(null)).toBe(false);
  });
});
