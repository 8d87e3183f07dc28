import fc from 'fast-check';
import type { HeaderPairs, WireRequest, WireResponse } from '@corsim/engine';
import { SAFELISTED_RESPONSE_HEADER_NAMES, TCHARS } from './_internals/lists.js';
import { randomCase, stringOf } from './_internals/helpers.js';
import { hostileOrigin } from './hostileOrigin.js';
import { headerValue } from './headerValue.js';

/** How a server fills `Access-Control-Allow-Origin`. */
export type AllowOriginAnswer =
  /** The origin the server trusts, spelled exactly (optionally padded with spaces, which HTTP parsing strips). */
  | { readonly kind: 'exact'; readonly value: string }
  /** Whatever `Origin` the request carried (`cors({ origin: true })`); no header when the request had none. */
  | { readonly kind: 'reflect' }
  /** `*` (optionally padded). */
  | { readonly kind: 'wildcard'; readonly value: string }
  /** The literal `null`. */
  | { readonly kind: 'null' }
  /** A look-alike of the trusted origin (see {@link hostileOrigin}) or an unrelated origin. */
  | { readonly kind: 'mismatch'; readonly value: string }
  /** Several values: on several header lines, or as a list on one line. */
  | { readonly kind: 'multiple'; readonly lines: readonly string[] }
  /** Not an origin at all: `"*"`, `https://`, `*.example.test`, the empty string, garbage bytes. */
  | { readonly kind: 'invalid'; readonly value: string }
  | { readonly kind: 'absent' };

export type AllowOriginKind = AllowOriginAnswer['kind'];

/**
 * A server's answer to one request, as data: every CORS header as the list of its header lines (empty: absent), the
 * status, other headers and the body. {@link toWireResponse} turns it into the response to a given request.
 */
export interface ServerAnswer {
  readonly status: number;
  readonly allowOrigin: AllowOriginAnswer;
  /** `Access-Control-Allow-Credentials` lines. */
  readonly allowCredentials: readonly string[];
  /** `Access-Control-Allow-Methods` lines. */
  readonly allowMethods: readonly string[];
  /** `Access-Control-Allow-Headers` lines. */
  readonly allowHeaders: readonly string[];
  /** `Access-Control-Max-Age` lines. */
  readonly maxAge: readonly string[];
  /** `Access-Control-Expose-Headers` lines. */
  readonly exposeHeaders: readonly string[];
  /** Other response headers (custom, `Set-Cookie`, safelisted response headers, `Location`…). */
  readonly headers: HeaderPairs;
  readonly body: string;
}

const pad = (v: string): fc.Arbitrary<string> => fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('', ' ', '\t ')).map(([a, b]) => `${a}${v}${b}`);

export interface AllowOriginConstraints {
  /** @defaultValue every kind */
  readonly kinds?: readonly AllowOriginKind[];
}

/**
 * An `Access-Control-Allow-Origin` answer for a server that trusts `trusted` (a serialized origin): exact, reflect,
 * `*`, `null`, a look-alike mismatch, multiple values, an invalid value, or absent. Only `exact` (for requests from
 * `trusted`), `reflect` and `*` (without credentials) can pass the CORS check.
 *
 * @example
 * ```ts
 * fc.sample(allowOriginAnswer('https://app.example.test', { kinds: ['multiple', 'mismatch'] }), 2);
 * // [{ kind: 'multiple', lines: ['https://app.example.test', '*'] },
 * //  { kind: 'mismatch', value: 'https://app.example.test.evil.test' }]
 * ```
 */
export function allowOriginAnswer(trusted: string, constraints: AllowOriginConstraints = {}): fc.Arbitrary<AllowOriginAnswer> {
  const kinds = constraints.kinds ?? ['exact', 'reflect', 'wildcard', 'null', 'mismatch', 'multiple', 'invalid', 'absent'];
  const hostile = hostileOrigin(trusted).map((h) => h.value);
  const one = (k: AllowOriginKind): fc.Arbitrary<AllowOriginAnswer> => {
    switch (k) {
      case 'exact': return pad(trusted).map((value) => ({ kind: 'exact', value }));
      case 'reflect': return fc.constant({ kind: 'reflect' });
      case 'wildcard': return pad('*').map((value) => ({ kind: 'wildcard', value }));
      case 'null': return fc.constant({ kind: 'null' });
      case 'mismatch': return hostile.map((value) => ({ kind: 'mismatch', value }));
      case 'multiple': return fc.oneof(
        fc.array(fc.oneof(fc.constantFrom(trusted, '*', 'null'), hostile), { minLength: 2, maxLength: 3 }).map((lines) => ({ kind: 'multiple' as const, lines })),
        fc.tuple(fc.constantFrom(trusted, '*'), fc.oneof(fc.constantFrom(trusted, '*'), hostile), fc.constantFrom(', ', ',', ' '))
          .map(([a, b, sep]) => ({ kind: 'multiple' as const, lines: [`${a}${sep}${b}`] })),
      );
      case 'invalid': return fc.oneof(
        fc.constantFrom('"*"', "'*'", '**', '*.example.test', 'https://', '', 'https:', '//app.example.test', `"${trusted}"`, `<${trusted}>`, 'true', 'NULL', 'Null'),
        headerValue({ maxLength: 12, charset: 'latin1' }),
      ).filter((v) => v.trim() !== '*' && v.trim() !== trusted && v.trim() !== 'null').map((value) => ({ kind: 'invalid', value }));
      case 'absent': return fc.constant({ kind: 'absent' });
    }
  };
  return fc.constantFrom(...kinds).chain(one);
}

/**
 * `Access-Control-Allow-Credentials` header lines: absent, `true`, or one of the near misses a browser refuses
 * (`True`, `TRUE`, `"true"`, `1`, `false`, the empty string, two `true` lines that combine to `true, true`).
 *
 * @example
 * ```ts
 * fc.sample(allowCredentialsAnswer(), 3); // [['true'], [], ['True']]
 * ```
 */
export function allowCredentialsAnswer(): fc.Arbitrary<string[]> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(['true']) },
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 3, arbitrary: fc.constantFrom<string[]>(['True'], ['TRUE'], ['"true"'], ['1'], ['false'], [''], ['true', 'true'], ['yes'], ['true, true']) },
  ).map((lines) => [...lines]);
}

/** A token list as a server might write it: optional spaces, empty items, several lines. */
function listLines(items: readonly string[]): fc.Arbitrary<string[]> {
  if (items.length === 0) return fc.constantFrom([], ['']);
  return fc.tuple(fc.constantFrom(',', ', ', ' ,', ' , ', ',,'), fc.boolean(), fc.boolean())
    .map(([sep, twoLines, trailingComma]) => {
      if (twoLines && items.length > 1) {
        const half = Math.ceil(items.length / 2);
        return [items.slice(0, half).join(sep), items.slice(half).join(sep)];
      }
      return [`${items.join(sep)}${trailingComma ? ',' : ''}`];
    });
}

const INVALID_TOKENS = ['bad method', 'PUT;', '"PUT"', '(x)', 'x/y', 'é', 'a:b', '[x]', 'x y', '{}', '<x>', '?', '@', '='];

export interface AllowListConstraints {
  /** Items that must be listed (the request's method or unsafe header names), unless `invalid`. */
  readonly include?: readonly string[];
  /**
   * @defaultValue `'any'`: sometimes valid, sometimes with one invalid item (the whole header then fails to parse).
   */
  readonly validity?: 'valid' | 'invalid' | 'any';
  /** Draw `*` sometimes. @defaultValue true */
  readonly wildcard?: boolean;
  /** Extra items to draw from. @defaultValue methods for `kind: 'methods'`, header names for `kind: 'headers'` */
  readonly kind?: 'methods' | 'headers';
}

/**
 * `Access-Control-Allow-Methods` / `-Headers` / `-Expose-Headers` lines: a `#token` list holding `include` (in random
 * case for header names), random tokens, sometimes `*`, with the separators servers use (`, `, `,`, empty items, two
 * lines) — or, with `validity: 'invalid'`, a list with one item that is not a token, which makes the whole header
 * unparsable.
 *
 * @example
 * ```ts
 * fc.sample(allowListAnswer({ include: ['PUT'], kind: 'methods' }), 2); // [['PUT, *'], ['GET,PUT', 'PATCH']]
 * ```
 */
export function allowListAnswer(constraints: AllowListConstraints = {}): fc.Arbitrary<string[]> {
  const include = constraints.include ?? [];
  const kind = constraints.kind ?? 'headers';
  const extra = kind === 'methods'
    ? fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'patch', 'put')
    : fc.oneof(fc.constantFrom('x-a', 'X-Other', 'content-type', 'authorization', 'x-requested-with', 'Set-Cookie', 'server', 'age'), stringOf(TCHARS, { maxLength: 8 }));
  const includeArb = kind === 'headers' ? fc.tuple(...include.map(randomCase)) : fc.constant([...include]);
  const valid = fc.tuple(includeArb, fc.array(extra, { maxLength: 3 }), constraints.wildcard === false ? fc.constant(false) : fc.boolean())
    .chain(([inc, more, star]) => fc.shuffledSubarray([...inc, ...more, ...(star ? ['*'] : [])], { minLength: inc.length + more.length + (star ? 1 : 0) }))
    .chain(listLines);
  const invalid = fc.tuple(fc.array(extra, { maxLength: 2 }), fc.constantFrom(...INVALID_TOKENS), fc.nat())
    .map(([items, bad, at]) => {
      const i = at % (items.length + 1);
      return [[...items.slice(0, i), bad, ...items.slice(i)].join(', ')];
    });
  switch (constraints.validity ?? 'any') {
    case 'valid': return valid;
    case 'invalid': return invalid;
    case 'any': return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: invalid });
  }
}

/**
 * `Access-Control-Max-Age` lines: absent, `0`, negative, small, the Chromium cap (7200) and around it, Firefox's
 * (86400), huge, and values that do not parse as delta-seconds (`1.5`, `abc`, two lines).
 *
 * @example
 * ```ts
 * fc.sample(maxAgeAnswer(), 3); // [[], ['600'], ['-1']]
 * ```
 */
export function maxAgeAnswer(): fc.Arbitrary<string[]> {
  return fc.oneof(
    fc.constant<string[]>([]),
    fc.constantFrom<string[]>(['0'], ['-1'], ['1'], ['5'], ['7199'], ['7200'], ['7201'], ['86400'], ['99999999999'], ['+10'], ['010']),
    fc.integer({ min: -10, max: 100_000 }).map((n) => [String(n)]),
    fc.constantFrom<string[]>(['1.5'], ['abc'], ['10', '20'], ['10, 20'], [''], [' 5'], ['5s'], ['0x10']),
  ).map((lines) => [...lines]);
}

/**
 * Response statuses: ok (200–299), redirect statuses, client and server errors, and the odd ones (1xx, 3xx that are
 * not redirects, 6xx–9xx). The engine accepts 100–999.
 *
 * @example
 * ```ts
 * fc.sample(status({ kind: 'not-ok' }), 3); // [404, 301, 599]
 * ```
 */
export function status(constraints: { readonly kind?: 'ok' | 'not-ok' | 'any' } = {}): fc.Arbitrary<number> {
  const ok = fc.oneof(fc.constantFrom(200, 204, 206, 299), fc.integer({ min: 200, max: 299 }));
  const notOk = fc.oneof(fc.constantFrom(100, 199, 300, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 500, 501, 503, 599, 680, 999), fc.integer({ min: 300, max: 999 }));
  switch (constraints.kind ?? 'any') {
    case 'ok': return ok;
    case 'not-ok': return notOk;
    case 'any': return fc.oneof({ weight: 3, arbitrary: ok }, { weight: 1, arbitrary: notOk });
  }
}

/**
 * Other response headers: custom ones (`X-Secret`), the safelisted response headers (`Content-Type`…),
 * `Set-Cookie` / `Set-Cookie2`, in random case.
 *
 * @example
 * ```ts
 * fc.sample(responseHeaders(), 1); // [[['X-Secret', 's1'], ['set-cookie', 'sid=1'], ['Content-Type', 'text/plain']]]
 * ```
 */
export function responseHeaders(constraints: { readonly maxLength?: number } = {}): fc.Arbitrary<HeaderPairs> {
  const name = fc.oneof(
    fc.constantFrom('X-Secret', 'x-request-id', 'Server', 'Age', 'Warning', 'ETag', 'X-Custom-Header', 'Vary'),
    fc.constantFrom(...SAFELISTED_RESPONSE_HEADER_NAMES).chain(randomCase),
    fc.constantFrom('Set-Cookie', 'set-cookie', 'SET-COOKIE', 'Set-Cookie2'),
  );
  const value = fc.oneof(fc.constantFrom('sid=1; Path=/', 'a=b; SameSite=None; Secure', 'text/plain', '42', 'v'), headerValue({ maxLength: 12 }));
  return fc.array(fc.tuple(name, value).map(([n, v]): [string, string] => [n, v]), { maxLength: constraints.maxLength ?? 4 });
}

export interface ServerAnswerConstraints {
  /** The origin the server trusts (for `exact` and look-alikes). */
  readonly trusted: string;
  /** @defaultValue every kind */
  readonly allowOrigin?: readonly AllowOriginKind[];
  /** Method and header names the allow lists must include when they are valid. */
  readonly allowMethods?: readonly string[];
  readonly allowHeaders?: readonly string[];
  /** @defaultValue `'any'` */
  readonly status?: 'ok' | 'not-ok' | 'any';
  /** Validity of the allow lists. @defaultValue `'any'` */
  readonly lists?: 'valid' | 'invalid' | 'any';
}

/**
 * One response of a server, as data (see {@link ServerAnswer}): every CORS header drawn independently, so answers
 * cover the consistent cases and the contradictory ones (`*` with `Access-Control-Allow-Credentials: true`, an
 * invalid `Access-Control-Allow-Methods` on a request that does not need it, …).
 *
 * @example
 * ```ts
 * const answer = fc.sample(serverAnswer({ trusted: 'https://app.example.test' }), 1)[0]!;
 * const response = toWireResponse(answer, wireRequest);
 * ```
 */
export function serverAnswer(constraints: ServerAnswerConstraints): fc.Arbitrary<ServerAnswer> {
  const lists = constraints.lists ?? 'any';
  return fc.record({
    status: status({ kind: constraints.status ?? 'any' }),
    allowOrigin: allowOriginAnswer(constraints.trusted, constraints.allowOrigin ? { kinds: constraints.allowOrigin } : {}),
    allowCredentials: allowCredentialsAnswer(),
    allowMethods: fc.oneof(fc.constant([]), allowListAnswer({ kind: 'methods', include: constraints.allowMethods ?? [], validity: lists })),
    allowHeaders: fc.oneof(fc.constant([]), allowListAnswer({ kind: 'headers', include: constraints.allowHeaders ?? [], validity: lists })),
    maxAge: maxAgeAnswer(),
    exposeHeaders: fc.oneof(fc.constant([]), allowListAnswer({ kind: 'headers', include: ['X-Secret'] })),
    headers: responseHeaders(),
    body: fc.constantFrom('', 'hello', '{"ok":true}'),
  });
}

/**
 * The redirect part of an answer: a redirect status (301, 302, 303, 307, 308) and a `Location`.
 *
 * @example
 * ```ts
 * fc.sample(redirectAnswer('https://b.example.test/next'), 1); // [{ status: 307, location: 'https://b.example.test/next' }]
 * ```
 */
export function redirectAnswer(location: string | fc.Arbitrary<string>): fc.Arbitrary<{ status: number; location: string }> {
  return fc.record({
    status: fc.constantFrom(301, 302, 303, 307, 308),
    location: typeof location === 'string' ? fc.constant(location) : location,
  });
}

/**
 * A URL with credentials (`user:pass@`, `user:@`, `:pass@`) on `base` (a serialized origin): a redirect to it always
 * fails for a CORS request.
 *
 * @example
 * ```ts
 * fc.sample(urlWithCredentials('https://b.example.test'), 1); // ['https://u:p@b.example.test/x']
 * ```
 */
export function urlWithCredentials(base: string): fc.Arbitrary<string> {
  const u = new URL(base);
  return fc.constantFrom('user:pass@', 'user:@', ':pass@', 'u@', 'a%40b:c@')
    .map((userinfo) => `${u.protocol}//${userinfo}${u.host}/x`);
}

/** The header lines of `answer` for `request` (reflecting its `Origin` when asked to). */
export function answerHeaders(answer: ServerAnswer, request: Pick<WireRequest, 'headers'>): HeaderPairs {
  const out: HeaderPairs = [];
  const ao = answer.allowOrigin;
  switch (ao.kind) {
    case 'exact':
    case 'wildcard':
    case 'mismatch':
    case 'invalid':
      out.push(['Access-Control-Allow-Origin', ao.value]);
      break;
    case 'null':
      out.push(['Access-Control-Allow-Origin', 'null']);
      break;
    case 'reflect': {
      const o = request.headers.find(([n]) => n.toLowerCase() === 'origin');
      if (o) out.push(['Access-Control-Allow-Origin', o[1]]);
      break;
    }
    case 'multiple':
      for (const line of ao.lines) out.push(['Access-Control-Allow-Origin', line]);
      break;
    case 'absent':
      break;
  }
  for (const v of answer.allowCredentials) out.push(['Access-Control-Allow-Credentials', v]);
  for (const v of answer.allowMethods) out.push(['Access-Control-Allow-Methods', v]);
  for (const v of answer.allowHeaders) out.push(['Access-Control-Allow-Headers', v]);
  for (const v of answer.maxAge) out.push(['Access-Control-Max-Age', v]);
  for (const v of answer.exposeHeaders) out.push(['Access-Control-Expose-Headers', v]);
  out.push(...answer.headers);
  return out;
}

/**
 * The response `answer` gives to `request`, as a transport hands it to the engine.
 *
 * @example
 * ```ts
 * const transport = { send: async (req) => ({ ok: true, response: toWireResponse(answer, req) }) };
 * ```
 */
export function toWireResponse(answer: ServerAnswer, request: Pick<WireRequest, 'headers'>): WireResponse {
  return { status: answer.status, statusText: '', headers: answerHeaders(answer, request), body: new TextEncoder().encode(answer.body) };
}
