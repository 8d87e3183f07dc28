import { describe, expect, it } from 'vitest';
import { isCorsSafelistedMethod, isForbiddenMethod, isMethod, normalizeMethod } from './methods.js';

describe('isCorsSafelistedMethod (byte for byte)', () => {
  it.each([
    { desc: 'GET is safelisted', method: 'GET', expected: true },
    { desc: 'HEAD is safelisted', method: 'HEAD', expected: true },
    { desc: 'POST is safelisted', method: 'POST', expected: true },
    { desc: 'lower-case get is not (methods are case-sensitive; normalization upper-cases it first)', method: 'get', expected: false },
    { desc: 'mixed-case Post is not', method: 'Post', expected: false },
    { desc: 'PUT is not', method: 'PUT', expected: false },
    { desc: 'DELETE is not', method: 'DELETE', expected: false },
    { desc: 'OPTIONS is not', method: 'OPTIONS', expected: false },
    { desc: 'PATCH is not', method: 'PATCH', expected: false },
    { desc: 'GET with a trailing space is not', method: 'GET ', expected: false },
  ])('$desc', ({ method, expected }) => {
    expect(isCorsSafelistedMethod(method)).toBe(expected);
  });
});

describe('isForbiddenMethod (case-insensitive)', () => {
  it.each([
    { desc: 'CONNECT', method: 'CONNECT', expected: true },
    { desc: 'TRACE', method: 'TRACE', expected: true },
    { desc: 'TRACK', method: 'TRACK', expected: true },
    { desc: 'lower-case connect', method: 'connect', expected: true },
    { desc: 'mixed-case Trace', method: 'Trace', expected: true },
    { desc: 'mixed-case tRaCk', method: 'tRaCk', expected: true },
    { desc: 'GET is allowed', method: 'GET', expected: false },
    { desc: 'OPTIONS is allowed', method: 'OPTIONS', expected: false },
    { desc: 'TRACER (a longer name) is allowed', method: 'TRACER', expected: false },
    { desc: 'CONNEC (a prefix) is allowed', method: 'CONNEC', expected: false },
  ])('$desc → $expected', ({ method, expected }) => {
    expect(isForbiddenMethod(method)).toBe(expected);
  });
});

describe('normalizeMethod: only DELETE GET HEAD OPTIONS POST PUT are upper-cased', () => {
  it.each([
    { desc: 'delete becomes DELETE', method: 'delete', expected: 'DELETE' },
    { desc: 'get becomes GET', method: 'get', expected: 'GET' },
    { desc: 'head becomes HEAD', method: 'head', expected: 'HEAD' },
    { desc: 'options becomes OPTIONS', method: 'options', expected: 'OPTIONS' },
    { desc: 'post becomes POST', method: 'post', expected: 'POST' },
    { desc: 'put becomes PUT', method: 'put', expected: 'PUT' },
    { desc: 'mixed-case pOsT becomes POST', method: 'pOsT', expected: 'POST' },
    { desc: 'patch stays patch', method: 'patch', expected: 'patch' },
    { desc: 'patcH stays patcH', method: 'patcH', expected: 'patcH' },
    { desc: 'PATCH stays PATCH', method: 'PATCH', expected: 'PATCH' },
    { desc: 'an extension method stays as written', method: 'chicken', expected: 'chicken' },
    { desc: 'propfind stays propfind', method: 'propfind', expected: 'propfind' },
    { desc: 'an already upper-case PUT is unchanged', method: 'PUT', expected: 'PUT' },
  ])('$desc', ({ method, expected }) => {
    expect(normalizeMethod(method)).toBe(expected);
  });
});

describe('isMethod (a token)', () => {
  it.each([
    { desc: 'GET', method: 'GET', expected: true },
    { desc: 'an extension method with a dash', method: 'M-SEARCH', expected: true },
    { desc: 'tchar punctuation', method: "!#$%&'*+-.^_`|~", expected: true },
    { desc: 'the empty string', method: '', expected: false },
    { desc: 'a space inside', method: 'BAD METHOD', expected: false },
    { desc: 'a trailing space', method: 'GET ', expected: false },
    { desc: 'a slash', method: 'a/b', expected: false },
    { desc: 'a comma', method: 'GET,POST', expected: false },
    { desc: 'a non-ASCII letter', method: 'GÉT', expected: false },
    { desc: 'parentheses', method: '(GET)', expected: false },
  ])('$desc → $expected', ({ method, expected }) => {
    expect(isMethod(method)).toBe(expected);
  });
});
