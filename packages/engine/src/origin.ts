/**
 * Origins (HTML Standard) as the Fetch Standard uses them: tuple or opaque, serialization, same origin, same site.
 */
import { getDomain } from 'tldts';
import { boundedMemo } from './memo.js';

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
 * The [registrable domain](https://url.spec.whatwg.org/#host-registrable-domain) of a host by the Public Suffix
 * List, its ICANN and private sections as browsers use it (through `tldts`): `github.io` and `co.uk` are public
 * suffixes, so `app.github.io` and `api.github.io` are two registrable domains, as are `shop.co.uk` and
 * `bank.co.uk`; the list's default `*` rule makes `example.test` the registrable domain of `api.example.test`.
 * `null` for an IP address and for a host that is itself a public suffix (`localhost`, `github.io`).
 */
export function registrableDomain(host: string): string | null {
  return registrableDomainOf(host);
}

/** The list lookup is the costliest step of a same-site check, and a page talks to few hosts: answers are remembered. */
const registrableDomainOf = boundedMemo(lookUpRegistrableDomain);

function lookUpRegistrableDomain(host: string): string | null {
  if (host.startsWith('[') || IPV4.test(host)) return null;
  const domain = getDomain(host, { allowPrivateDomains: true, extractHostname: false });
  if (domain === null || domain === '') return null;
  // The list's rules match without the root label; a host written with it keeps it.
  return host.endsWith('.') && !domain.endsWith('.') ? `${domain}.` : domain;
}

/**
 * A [site](https://html.spec.whatwg.org/multipage/browsers.html#site) ("obtain a site"), serialized: the scheme and the
 * host's registrable domain, or the host itself when it has none (an IP address, `localhost`); `null` when opaque.
 */
export function siteOf(origin: Origin): string {
  if (origin.kind === 'opaque') return 'null';
  return `${origin.scheme}://${registrableDomain(origin.host) ?? origin.host}`;
}

/**
 * [Same site](https://html.spec.whatwg.org/multipage/browsers.html#same-site) (schemeful). Opaque origins are same site
 * only with themselves.
 */
export function isSameSite(a: Origin, b: Origin): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque') return isSameOrigin(a, b);
  return siteOf(a) === siteOf(b);
}
