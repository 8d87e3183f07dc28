import { describe, expect, it } from 'vitest';
import type { HeaderPairs } from './ports.js';
import type { CredentialsMode } from './request.js';
import { corsCheck, preflightCode, type CorsCheckFailureCode } from './cors-check.js';

const PAGE = 'http://app.example.test:47001';
const acao = (...values: string[]): HeaderPairs => values.map((v): [string, string] => ['Access-Control-Allow-Origin', v]);
const acac = (...values: string[]): HeaderPairs => values.map((v): [string, string] => ['Access-Control-Allow-Credentials', v]);

interface Case {
  desc: string;
  headers: HeaderPairs;
  origin?: string;
  credentials: CredentialsMode;
  code: CorsCheckFailureCode | null;
  parameter?: string;
}

/** Each failing case names the Chromium recording it mirrors where there is one. */
const cases: Case[] = [
  // `*`
  { desc: '* without credentials passes', headers: acao('*'), credentials: 'same-origin', code: null },
  { desc: '* with credentials omit passes', headers: acao('*'), credentials: 'omit', code: null },
  { desc: '* without credentials passes even with a bogus ACAC', headers: [...acao('*'), ...acac('nope')], credentials: 'omit', code: null },
  { desc: '* with credentials include fails (acao-star-get-cred-include)', headers: acao('*'), credentials: 'include', code: 'WildcardOriginNotAllowed' },
  { desc: '* with credentials include fails even with ACAC true', headers: [...acao('*'), ...acac('true')], credentials: 'include', code: 'WildcardOriginNotAllowed' },
  // Missing
  { desc: 'no ACAO (acao-missing-get-cred-same-origin)', headers: [['Content-Type', 'text/plain']], credentials: 'same-origin', code: 'MissingAllowOriginHeader', parameter: '' },
  { desc: 'no ACAO with include is reported as missing, before ACAC', headers: acac('true'), credentials: 'include', code: 'MissingAllowOriginHeader', parameter: '' },
  // Multiple
  { desc: 'two values in one line (acao-comma-star-get-cred-include)', headers: acao(`*, ${PAGE}`), credentials: 'include', code: 'MultipleAllowOriginValues', parameter: `*, ${PAGE}` },
  { desc: 'two identical lines combine and fail (acao-two-lines-same)', headers: acao(PAGE, PAGE), credentials: 'same-origin', code: 'MultipleAllowOriginValues', parameter: `${PAGE}, ${PAGE}` },
  { desc: 'two lines, * and the origin (acao-two-lines-star-exact)', headers: acao('*', PAGE), credentials: 'same-origin', code: 'MultipleAllowOriginValues', parameter: `*, ${PAGE}` },
  { desc: 'two * lines combine to "*, *" and fail', headers: acao('*', '*'), credentials: 'omit', code: 'MultipleAllowOriginValues', parameter: '*, *' },
  { desc: 'values separated by a space only', headers: acao(`${PAGE} http://other.test`), credentials: 'same-origin', code: 'MultipleAllowOriginValues', parameter: `${PAGE} http://other.test` },
  { desc: 'a trailing comma counts as several values', headers: acao(`${PAGE},`), credentials: 'same-origin', code: 'MultipleAllowOriginValues', parameter: `${PAGE},` },
  // Invalid
  { desc: 'an empty value (acao-empty-value)', headers: acao(''), credentials: 'same-origin', code: 'InvalidAllowOriginValue', parameter: '' },
  { desc: 'a quoted "*" (acao-star-quoted)', headers: acao('"*"'), credentials: 'same-origin', code: 'InvalidAllowOriginValue', parameter: '"*"' },
  { desc: 'a scheme with nothing after it', headers: acao('http://'), credentials: 'same-origin', code: 'InvalidAllowOriginValue', parameter: 'http://' },
  // Mismatch
  { desc: 'a trailing slash (preflight-acao-trailing-slash)', headers: acao(`${PAGE}/`), credentials: 'same-origin', code: 'AllowOriginMismatch', parameter: `${PAGE}/` },
  { desc: 'an upper-case host (acao-upper-case-host)', headers: acao('http://APP.example.test:47001'), credentials: 'same-origin', code: 'AllowOriginMismatch', parameter: 'http://APP.example.test:47001' },
  { desc: 'an upper-case scheme (acao-upper-case-scheme)', headers: acao('HTTP://app.example.test:47001'), credentials: 'include', code: 'AllowOriginMismatch', parameter: 'HTTP://app.example.test:47001' },
  { desc: 'another port (acao-other-port)', headers: acao('http://app.example.test:47009'), credentials: 'include', code: 'AllowOriginMismatch', parameter: 'http://app.example.test:47009' },
  { desc: 'no port (acao-no-port)', headers: acao('http://app.example.test'), credentials: 'include', code: 'AllowOriginMismatch', parameter: 'http://app.example.test' },
  { desc: 'https instead of http (acao-https-scheme)', headers: acao('https://app.example.test:47001'), credentials: 'same-origin', code: 'AllowOriginMismatch', parameter: 'https://app.example.test:47001' },
  { desc: 'host and port only (acao-host-only)', headers: acao('app.example.test:47001'), credentials: 'include', code: 'AllowOriginMismatch', parameter: 'app.example.test:47001' },
  { desc: 'null for a non-null origin (acao-null-string)', headers: acao('null'), credentials: 'same-origin', code: 'AllowOriginMismatch', parameter: 'null' },
  { desc: 'null for a non-null origin even with ACAC true (acao-null-string-acac-true-include)', headers: [...acao('null'), ...acac('true')], credentials: 'include', code: 'AllowOriginMismatch', parameter: 'null' },
  { desc: 'another origin (acao-wrong-origin)', headers: acao('http://evil.test:47001'), credentials: 'same-origin', code: 'AllowOriginMismatch', parameter: 'http://evil.test:47001' },
  // null origin (after a redirect taint)
  { desc: 'null matches a tainted (null) origin', headers: acao('null'), origin: 'null', credentials: 'same-origin', code: null },
  { desc: 'null matches a tainted origin with include and ACAC true', headers: [...acao('null'), ...acac('true')], origin: 'null', credentials: 'include', code: null },
  { desc: 'the page origin does not match a tainted origin', headers: acao(PAGE), origin: 'null', credentials: 'same-origin', code: 'AllowOriginMismatch', parameter: PAGE },
  { desc: '* matches a tainted origin without credentials', headers: acao('*'), origin: 'null', credentials: 'same-origin', code: null },
  // Exact match and credentials
  { desc: 'the exact origin without credentials passes; ACAC is not looked at', headers: [...acao(PAGE), ...acac('false')], credentials: 'same-origin', code: null },
  { desc: 'the name of the header is case-insensitive', headers: [['access-control-allow-origin', PAGE]], credentials: 'omit', code: null },
  { desc: 'the exact origin with include and ACAC true passes (acao-exact-acac-true-include)', headers: [...acao(PAGE), ...acac('true')], credentials: 'include', code: null },
  { desc: 'ACAC absent with include: parameter is empty (acac-missing-cred-include)', headers: acao(PAGE), credentials: 'include', code: 'InvalidAllowCredentials', parameter: '' },
  { desc: 'ACAC empty (acac-empty-cred-include)', headers: [...acao(PAGE), ...acac('')], credentials: 'include', code: 'InvalidAllowCredentials', parameter: '' },
  { desc: 'ACAC True (acac-title-true-cred-include)', headers: [...acao(PAGE), ...acac('True')], credentials: 'include', code: 'InvalidAllowCredentials', parameter: 'True' },
  { desc: 'ACAC TRUE (acac-upper-true-cred-include)', headers: [...acao(PAGE), ...acac('TRUE')], credentials: 'include', code: 'InvalidAllowCredentials', parameter: 'TRUE' },
  { desc: 'ACAC true on two lines reads "true, true" (acac-true-true-cred-include)', headers: [...acao(PAGE), ...acac('true', 'true')], credentials: 'include', code: 'InvalidAllowCredentials', parameter: 'true, true' },
  { desc: 'ACAC false (acac-false-cred-include)', headers: [...acao(PAGE), ...acac('false')], credentials: 'include', code: 'InvalidAllowCredentials', parameter: 'false' },
  { desc: 'ACAC 1 (acac-one-cred-include)', headers: [...acao(PAGE), ...acac('1')], credentials: 'include', code: 'InvalidAllowCredentials', parameter: '1' },
  { desc: 'a mismatch is reported before a bad ACAC', headers: [...acao('http://evil.test'), ...acac('nope')], credentials: 'include', code: 'AllowOriginMismatch', parameter: 'http://evil.test' },
];

describe('corsCheck, classified as Chromium does', () => {
  it.each(cases)('$desc', ({ headers, origin, credentials, code, parameter }) => {
    const result = corsCheck(headers, origin ?? PAGE, credentials);
    if (code === null) {
      expect(result).toEqual({ ok: true });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    if (parameter !== undefined) expect(result.parameter).toBe(parameter);
    expect(result.explanation).not.toBe('');
  });
});

describe('preflightCode', () => {
  it.each([
    { desc: 'missing', code: 'MissingAllowOriginHeader' as const, expected: 'PreflightMissingAllowOriginHeader' },
    { desc: 'wildcard', code: 'WildcardOriginNotAllowed' as const, expected: 'PreflightWildcardOriginNotAllowed' },
    { desc: 'credentials', code: 'InvalidAllowCredentials' as const, expected: 'PreflightInvalidAllowCredentials' },
  ])('$desc: $code → $expected', ({ code, expected }) => {
    expect(preflightCode(code)).toBe(expected);
  });
});
