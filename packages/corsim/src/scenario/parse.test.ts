import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.js';

const base = {
  format: 'cors-scenario/1', id: 'p', page: 'http://app.test/',
  servers: { 'http://api.test': [{ method: '*', path: '/x', headers: [['Access-Control-Allow-Origin', '*']] }] },
  steps: [{ fetch: { url: 'http://api.test/x' } }],
};
const problems = (json: unknown): readonly string[] => {
  const r = parseScenario(json);
  return r.ok ? [] : r.problems;
};

describe('parseScenario: members the format does not define', () => {
  it.each([
    [{ ...base, stesp: [] }, 'scenario: unknown member "stesp" (did you mean "steps"?)'],
    [{ ...base, cookies: [{ url: 'http://api.test/', cookie: 'a=1', domain: 'x' }] }, 'cookies[0]: unknown member "domain"'],
    [{ ...base, servers: { 'http://api.test': [{ method: '*', path: '/x', header: [] }] } }, 'unknown member "header" (did you mean "headers"?)'],
    [{ ...base, steps: [{ att: 1, fetch: { url: 'http://api.test/x' } }] }, 'steps[0]: unknown member "att" (did you mean "at"?)'],
    [{ ...base, steps: [{ fetch: { url: 'http://api.test/x', methd: 'PUT' } }] }, 'steps[0].fetch: unknown member "methd" (did you mean "method"?)'],
    [{ ...base, steps: [{ fetch: { url: 'http://api.test/x', credential: 'include' } }] }, '(did you mean "credentials"?)'],
  ])('%j', (json, message) => {
    expect(problems(json).join('\n')).toContain(message);
  });

  it('a member far from every known one gets no hint', () => {
    expect(problems({ ...base, zzzzzzzz: 1 })).toEqual(['scenario: unknown member "zzzzzzzz"']);
  });
});

describe('parseScenario: server headers are checked as an HTTP parser checks response headers', () => {
  const withHeader = (name: string, value: string): unknown => ({ ...base, servers: { 'http://api.test': [{ method: '*', path: '/x', headers: [[name, value]] }] } });
  it.each([
    ['X-A', 'a\r\nAccess-Control-Allow-Origin: *'], ['X-A', 'a\nb'], ['X-A', 'a\u0000b'], ['X-A', 'snow\u2603'],
  ])('refuses the value %j: %j', (name, value) => {
    expect(problems(withHeader(name, value)).join()).toMatch(/holds NUL, CR, LF or a character above U\+00FF/);
  });
  it.each(['X A', 'X:A', '', 'Ä'])('refuses the name %j', (name) => {
    expect(problems(withHeader(name, 'v')).join()).toMatch(/is not a header name/);
  });
  it('keeps tabs, Latin-1 bytes and templates', () => {
    expect(parseScenario(withHeader('X-A', 'a\tb\u00e9 {{origin}}')).ok).toBe(true);
  });
});

describe('parseScenario: a rule whose values are not strings', () => {
  it('is refused with a problem, even when a value cannot be converted to a string (found by the scenario fuzz target)', () => {
    const method = { toString: 0 }; // String(method) throws "Cannot convert object to primitive value"
    expect(problems({ ...base, servers: { 'http://api.test': [{ method, path: '/x' }] } })).toContain('servers["http://api.test"][0].method: must be a method or "*"');
  });
});
