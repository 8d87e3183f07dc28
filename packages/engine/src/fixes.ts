/**
 * What to change so that a failed request succeeds: one table keyed by failure code, rendered from the reason
 * (code, parameter, leg) and the request. The CLI, the test matchers and the playground all show these texts.
 * Pure: strings in, strings out.
 */
import type { FailureCode, FailureReason } from './reasons.js';
import { isCorsSafelistedMethod } from './methods.js';

/** The request a fix is for. */
export interface FixContext {
  readonly url: string;
  readonly method: string;
  /** The serialized request origin (`null` after a redirect tainted it). */
  readonly origin: string;
  readonly credentials: 'omit' | 'same-origin' | 'include';
  /** The CORS-unsafe request-header names script set (those a preflight asks for). */
  readonly requestHeaderNames?: readonly string[];
  /**
   * What the preflight response already allowed (its `Access-Control-Allow-Methods` / `-Headers` tokens), when one
   * came back: a fix adds to these lists instead of replacing them, so other requests keep working.
   */
  readonly preflightAllowed?: { readonly methods: readonly string[]; readonly headerNames: readonly string[] };
}

/** A change to make, on the server unless the summary says otherwise. */
export interface Fix {
  readonly summary: string;
  /** Response headers to send, in order. */
  readonly headers?: ReadonlyArray<readonly [name: string, value: string]>;
  readonly notes?: readonly string[];
}

type Header = readonly [string, string];
type FixRenderer = (reason: FailureReason, c: FixContext) => Fix;

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'HOST';
  }
}

const code = (text: string): string => `\`${text}\``;

/** The headers a CORS response for this request needs. */
function allowOriginHeaders(c: FixContext): Header[] {
  const headers: Header[] = [['Access-Control-Allow-Origin', c.origin]];
  if (c.credentials === 'include') headers.push(['Access-Control-Allow-Credentials', 'true']);
  headers.push(['Vary', 'Origin']);
  return headers;
}

/** The headers a preflight response for this request needs. */
function preflightHeaders(c: FixContext): Header[] {
  const headers: Header[] = [['Access-Control-Allow-Origin', c.origin]];
  if (c.credentials === 'include') headers.push(['Access-Control-Allow-Credentials', 'true']);
  if (!isCorsSafelistedMethod(c.method)) headers.push(['Access-Control-Allow-Methods', c.method]);
  const names = c.requestHeaderNames ?? [];
  if (names.length) headers.push(['Access-Control-Allow-Headers', names.map((n) => n.toLowerCase()).join(', ')]);
  headers.push(['Vary', 'Origin']);
  return headers;
}

function originNotes(c: FixContext): string[] {
  const notes: string[] = [];
  if (c.origin === 'null') {
    notes.push("The request's origin is `null` (a redirect through another origin tainted it, or the page is sandboxed): allowing `null` also allows every sandboxed page on the web, so prefer removing the redirect.");
  }
  if (c.credentials === 'include') notes.push('With credentials, `*` is not accepted: the origin must be echoed exactly, together with `Access-Control-Allow-Credentials: true`.');
  notes.push('When the value depends on the request\'s Origin, `Vary: Origin` keeps shared caches from serving one origin\'s answer to another.');
  return notes;
}

function leg(reason: FailureReason, c: FixContext): string {
  return reason.leg === 'preflight' ? `the OPTIONS request to ${pathOf(c.url)}` : `the ${c.method} request to ${pathOf(c.url)}`;
}

function missingOrigin(reason: FailureReason, c: FixContext): Fix {
  const preflight = reason.leg === 'preflight';
  return {
    summary: `answer ${leg(reason, c)} with ${code(`Access-Control-Allow-Origin: ${c.origin}`)}`,
    headers: preflight ? preflightHeaders(c) : allowOriginHeaders(c),
    notes: [...originNotes(c), ...(preflight ? [`The ${c.method} response that follows needs \`Access-Control-Allow-Origin\` too.`] : [])],
  };
}

function wildcard(reason: FailureReason, c: FixContext): Fix {
  return {
    summary: `don't send ${code('*')} with credentials: echo the allowed origin (${code(c.origin)}) on ${leg(reason, c)} and add ${code('Vary: Origin')}`,
    headers: reason.leg === 'preflight' ? preflightHeaders(c) : allowOriginHeaders(c),
    notes: ["Echo the Origin only after checking it against a list of trusted origins: echoing any origin with credentials lets every site read the user's data.",
      ...(c.credentials === 'include' ? ["Or, if the page does not need cookies, call fetch() with credentials 'omit' or 'same-origin'."] : [])],
  };
}

function multiple(reason: FailureReason, c: FixContext): Fix {
  return {
    summary: `send exactly one ${code('Access-Control-Allow-Origin')} value on ${leg(reason, c)}: ${code(c.origin)} (it sent ${code(reason.parameter ?? 'several')})`,
    headers: reason.leg === 'preflight' ? preflightHeaders(c) : allowOriginHeaders(c),
    notes: ['Two layers adding the header (a proxy and the application, or two middlewares) is the usual cause: let only one of them set it.',
      'The header holds one origin, not a list: pick the request\'s Origin from your list and echo that one.'],
  };
}

function invalidOrigin(reason: FailureReason, c: FixContext): Fix {
  return {
    summary: `${code('Access-Control-Allow-Origin')} must be ${code('*')} or one serialized origin such as ${code(c.origin)} on ${leg(reason, c)} (it sent ${code(reason.parameter ?? '')})`,
    headers: reason.leg === 'preflight' ? preflightHeaders(c) : allowOriginHeaders(c),
    notes: ['An origin is scheme://host[:port], without a path or a trailing slash.'],
  };
}

function mismatch(reason: FailureReason, c: FixContext): Fix {
  return {
    summary: `${leg(reason, c)} allows ${code(reason.parameter ?? '')}, not this page: answer with ${code(`Access-Control-Allow-Origin: ${c.origin}`)}`,
    headers: reason.leg === 'preflight' ? preflightHeaders(c) : allowOriginHeaders(c),
    notes: ['The comparison is byte for byte: scheme, host, port, case and a trailing slash all count.', ...originNotes(c)],
  };
}

function credentialsFlag(reason: FailureReason, c: FixContext): Fix {
  return {
    summary: `add ${code('Access-Control-Allow-Credentials: true')} to ${leg(reason, c)}${reason.parameter ? ` (it sent ${code(reason.parameter)})` : ''}`,
    headers: [['Access-Control-Allow-Credentials', 'true']],
    notes: ['The value must be exactly `true`, lower case.', "Or, if the page does not need cookies, call fetch() with credentials 'omit' or 'same-origin'."],
  };
}

function preflightStatus(reason: FailureReason, c: FixContext): Fix {
  return {
    summary: `answer the OPTIONS request to ${pathOf(c.url)} with status 204 (or any 2xx)${reason.parameter ? `, not ${reason.parameter}` : ''}`,
    headers: preflightHeaders(c),
    notes: ['Routers often have no OPTIONS route, or put it behind authentication: a preflight never carries cookies or an Authorization header, so answer it before any login check.'],
  };
}

function preflightRedirect(_reason: FailureReason, c: FixContext): Fix {
  return {
    summary: `answer the OPTIONS request to ${pathOf(c.url)} directly: a preflight is never redirected`,
    headers: preflightHeaders(c),
    notes: ['Point the page at the final URL (the trailing slash, https:, or the canonical host the server redirects to).'],
  };
}

/** `allowed` with `more` appended, each token once (compared by `key`), in that order. */
function joinedList(allowed: readonly string[] | undefined, more: readonly string[], key: (token: string) => string): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const token of [...(allowed ?? []), ...more]) {
    if (token === '' || seen.has(key(token))) continue;
    seen.add(key(token));
    out.push(token);
  }
  return out.join(', ');
}

function allowMethods(reason: FailureReason, c: FixContext): Fix {
  const method = reason.parameter && reason.code === 'MethodDisallowedByPreflightResponse' ? reason.parameter : c.method;
  // A list that did not parse is replaced; one that parsed keeps what it allowed.
  const kept = reason.code === 'MethodDisallowedByPreflightResponse' ? c.preflightAllowed?.methods : undefined;
  return {
    summary: reason.code === 'InvalidAllowMethodsPreflightResponse'
      ? `${code('Access-Control-Allow-Methods')} must be a comma-separated list of methods (it sent ${code(reason.parameter ?? '')})`
      : `add ${code(reason.parameter ?? c.method)} to ${code('Access-Control-Allow-Methods')} on the OPTIONS response for ${pathOf(c.url)}`,
    headers: [['Access-Control-Allow-Methods', joinedList(kept, [method], (m) => m)]],
    notes: ['Method names are compared case-sensitively (except the safelisted GET, HEAD, POST): send them upper case.',
      ...(c.credentials === 'include' ? ['With credentials, `*` means the method named "*", not any method.'] : [])],
  };
}

function allowHeaders(reason: FailureReason, c: FixContext): Fix {
  const name = (reason.parameter ?? '').toLowerCase();
  return {
    summary: reason.code === 'InvalidAllowHeadersPreflightResponse'
      ? `${code('Access-Control-Allow-Headers')} must be a comma-separated list of header names (it sent ${code(reason.parameter ?? '')})`
      : `add ${code(name)} to ${code('Access-Control-Allow-Headers')} on the OPTIONS response for ${pathOf(c.url)}`,
    headers: [['Access-Control-Allow-Headers', joinedList(
      reason.code === 'HeaderDisallowedByPreflightResponse' ? c.preflightAllowed?.headerNames : undefined,
      c.requestHeaderNames?.length ? c.requestHeaderNames.map((n) => n.toLowerCase()) : [name],
      (n) => n.toLowerCase(),
    )]],
    notes: [
      ...(name === 'content-type' ? ['`Content-Type` is safelisted only for text/plain, multipart/form-data and application/x-www-form-urlencoded: application/json needs it allowed.'] : []),
      ...(name === 'authorization' ? ['`*` never covers Authorization: name it.'] : []),
      ...(c.credentials === 'include' ? ['With credentials, `*` means the header named "*": list the names.'] : []),
    ],
  };
}

function clientSide(summary: string, ...notes: string[]): FixRenderer {
  return () => ({ summary, notes });
}

function network(reason: FailureReason, c: FixContext): Fix {
  const net = reason.netError ?? 'ERR_FAILED';
  const below = ['ERR_CONNECTION_REFUSED', 'ERR_NAME_NOT_RESOLVED', 'ERR_TIMED_OUT', 'ERR_CONNECTION_RESET', 'ERR_ADDRESS_UNREACHABLE', 'ERR_CONNECTION_CLOSED', 'ERR_EMPTY_RESPONSE'];
  if (below.includes(net)) {
    const summary = `not a CORS problem: ${leg(reason, c)} failed with net::${net}; make sure the server is running and reachable at ${c.url}`;
    return net === 'ERR_NAME_NOT_RESOLVED'
      ? { summary, notes: [`The host name did not resolve. To reach a local server under that name, map it to an address: \`--resolve ${hostOf(c.url)}=127.0.0.1\` on the command line, or the undici transport's \`resolve\` option.`] }
      : { summary };
  }
  if (reason.requestError === 'unsupported-scheme') return { summary: 'fetch() only reaches http: and https: URLs: use one' };
  if (net === 'ERR_TOO_MANY_REDIRECTS') return { summary: `the server redirects ${pathOf(c.url)} in a loop (more than 20 redirects): fix the redirect chain` };
  if (net === 'ERR_INVALID_HTTP_RESPONSE') return { summary: `the server's answer to ${leg(reason, c)} is not valid HTTP (a header with CR/LF or NUL, or a bad status line): fix how it writes headers` };
  if (net === 'ERR_INVALID_REDIRECT' || net === 'ERR_UNSAFE_REDIRECT') return { summary: `the server answered ${pathOf(c.url)} with a redirect whose Location is not a usable http(s) URL: fix the Location header` };
  return { summary: `${reason.explanation} Check the server's logs for ${leg(reason, c)}.` };
}

const FIXES: Readonly<Record<FailureCode, FixRenderer>> = {
  DisallowedByMode: clientSide("the page asked for mode 'same-origin': no server header changes that; use mode 'cors' (fetch()'s default) to read another origin"),
  InvalidResponse: (reason, c) => ({ summary: `the server's answer to ${leg(reason, c)} could not be used: check that it is a complete HTTP response` }),
  WildcardOriginNotAllowed: wildcard,
  PreflightWildcardOriginNotAllowed: wildcard,
  MissingAllowOriginHeader: missingOrigin,
  PreflightMissingAllowOriginHeader: missingOrigin,
  MultipleAllowOriginValues: multiple,
  PreflightMultipleAllowOriginValues: multiple,
  InvalidAllowOriginValue: invalidOrigin,
  PreflightInvalidAllowOriginValue: invalidOrigin,
  AllowOriginMismatch: mismatch,
  PreflightAllowOriginMismatch: mismatch,
  InvalidAllowCredentials: credentialsFlag,
  PreflightInvalidAllowCredentials: credentialsFlag,
  CorsDisabledScheme: (reason) => ({ summary: `don't redirect a CORS request to ${code(reason.parameter ?? 'a non-http(s) URL')}: only http: and https: redirects can be followed` }),
  PreflightInvalidStatus: preflightStatus,
  PreflightDisallowedRedirect: preflightRedirect,
  InvalidAllowMethodsPreflightResponse: allowMethods,
  MethodDisallowedByPreflightResponse: allowMethods,
  InvalidAllowHeadersPreflightResponse: allowHeaders,
  HeaderDisallowedByPreflightResponse: allowHeaders,
  RedirectContainsCredentials: (reason) => ({ summary: `remove the user name and password from the redirect's Location (${code(reason.parameter ?? '')}): a CORS request cannot follow it` }),
  NoCorsRedirectModeNotFollow: clientSide("a no-cors request must use redirect 'follow': change the fetch() call, not the server"),
  Network: network,
  TypeError: (reason) => ({ summary: `fix the fetch() call: ${reason.explanation}`, notes: ['fetch() threw before anything went out: the server never saw this request.'] }),
};

/** The change that makes the request in `context` pass the check that `reason` failed; `null` for an unknown code. */
export function fixFor(reason: FailureReason, context: FixContext): Fix | null {
  const render = (FIXES as Partial<Record<string, FixRenderer>>)[reason.code];
  return render ? render(reason, context) : null;
}
