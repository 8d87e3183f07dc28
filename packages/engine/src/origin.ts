/**
 * Origins (HTML Standard) as the Fetch Standard uses them: tuple or opaque, serialization, same origin, same site.
 */

/** A [tuple origin](https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-tuple). */
export interface TupleOrigin {
  readonly kind: 'tuple';
  readonly scheme: string;
  readonly host: string;
  /** `null` when the port is the scheme's default. */
  readonly port: number | null;
}

/** An [opaque origin](https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque); equal only to itself. */
export interface OpaqueOrigin {
  readonly kind: 'opaque';
  readonly id: symbol;
}

export type Origin = TupleOrigin | OpaqueOrigin;

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
const TUPLE_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp']);

/** A fresh opaque origin. */
export function opaqueOrigin(): OpaqueOrigin {
  return { kind: 'opaque', id: Symbol('opaque origin') };
}

/** The [origin of a URL](https://url.spec.whatwg.org/#concept-url-origin). */
export function originOf(url: URL): Origin {
  const scheme = url.protocol.slice(0, -1);
  if (!TUPLE_SCHEMES.has(scheme)) return opaqueOrigin();
  const port = url.port === '' ? null : Number(url.port);
  return { kind: 'tuple', scheme, host: url.hostname, port: port === DEFAULT_PORTS[url.protocol] ? null : port };
}

/**
 * [ASCII serialization of an origin](https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin):
 * `scheme://host[:port]`, no trailing slash; `null` for an opaque origin.
 */
export function serializeOrigin(origin: Origin): string {
  if (origin.kind === 'opaque') return 'null';
  return `${origin.scheme}://${origin.host}${origin.port === null ? '' : `:${origin.port}`}`;
}

/** [Same origin](https://html.spec.whatwg.org/multipage/browsers.html#same-origin). */
export function isSameOrigin(a: Origin, b: Origin): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque') return a.kind === 'opaque' && b.kind === 'opaque' && a.id === b.id;
  return a.scheme === b.scheme && a.host === b.host && a.port === b.port;
}

/** Same origin for two URLs. */
export function isSameOriginURL(a: URL, b: URL): boolean {
  return isSameOrigin(originOf(a), originOf(b));
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The registrable domain of a host, approximated without the Public Suffix List: the last two labels
 * of a domain (so `api.example.test` and `app.example.test` share `example.test`), the host itself for
 * IP addresses and single-label hosts. This matches the PSL's default `*` rule, which covers every
 * name under an unlisted TLD such as `.test`, `.example` and `.localhost`.
 */
export function registrableDomain(host: string): string {
  if (host.startsWith('[') || IPV4.test(host)) return host;
  const labels = host.split('.').filter((l) => l !== '');
  return labels.length <= 2 ? labels.join('.') : labels.slice(-2).join('.');
}

/** A [site](https://html.spec.whatwg.org/multipage/browsers.html#site): scheme and registrable domain ("schemeful same-site"). */
export function siteOf(origin: Origin): string {
  if (origin.kind === 'opaque') return 'null';
  return `${origin.scheme}://${registrableDomain(origin.host)}`;
}

/**
 * [Same site](https://html.spec.whatwg.org/multipage/browsers.html#same-site) (schemeful). Opaque origins are same site
 * only with themselves.
 */
export function isSameSite(a: Origin, b: Origin): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque') return isSameOrigin(a, b);
  return siteOf(a) === siteOf(b);
}
