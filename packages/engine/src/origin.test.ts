import { describe, expect, it } from 'vitest';
import { isSameOrigin, isSameOriginURL, isSameSite, opaqueOrigin, originOf, registrableDomain, serializeOrigin, siteOf } from './origin.js';

const origin = (url: string) => originOf(new URL(url));

describe('serializeOrigin(originOf(url))', () => {
  it.each([
    { desc: 'a non-default port is kept', url: 'http://app.example.test:47001/', expected: 'http://app.example.test:47001' },
    { desc: 'http default port 80 is dropped', url: 'http://example.test:80/path', expected: 'http://example.test' },
    { desc: 'https default port 443 is dropped', url: 'https://example.test:443/', expected: 'https://example.test' },
    { desc: 'port 80 on https is not a default and is kept', url: 'https://example.test:80/', expected: 'https://example.test:80' },
    { desc: 'port 443 on http is not a default and is kept', url: 'http://example.test:443/', expected: 'http://example.test:443' },
    { desc: 'no trailing slash, no path, query or fragment', url: 'http://example.test:8080/a/b?c=d#e', expected: 'http://example.test:8080' },
    { desc: 'scheme and host are lower-cased by the URL parser', url: 'HTTP://EXAMPLE.Test/', expected: 'http://example.test' },
    { desc: 'userinfo is not part of the origin', url: 'http://user:pass@example.test/', expected: 'http://example.test' },
    { desc: 'an IPv6 host keeps its brackets', url: 'http://[::1]:8080/', expected: 'http://[::1]:8080' },
    { desc: 'an IPv4 host', url: 'http://127.0.0.1/', expected: 'http://127.0.0.1' },
    { desc: 'ws default port 80 is dropped', url: 'ws://example.test:80/', expected: 'ws://example.test' },
    { desc: 'wss keeps a non-default port', url: 'wss://example.test:8443/', expected: 'wss://example.test:8443' },
    { desc: 'a data: URL has an opaque origin, serialized as null', url: 'data:text/plain,hi', expected: 'null' },
    { desc: 'an about: URL has an opaque origin', url: 'about:blank', expected: 'null' },
    { desc: 'a javascript: URL has an opaque origin', url: 'javascript:void(0)', expected: 'null' },
  ])('$desc: $url → $expected', ({ url, expected }) => {
    expect(serializeOrigin(origin(url))).toBe(expected);
  });

  it('a fresh opaque origin serializes as null', () => {
    expect(serializeOrigin(opaqueOrigin())).toBe('null');
  });
});

describe('isSameOrigin', () => {
  it.each([
    { desc: 'same scheme, host and port', a: 'http://app.example.test:47001/a', b: 'http://app.example.test:47001/b?x', expected: true },
    { desc: 'explicit default port equals no port', a: 'http://example.test:80/', b: 'http://example.test/', expected: true },
    { desc: 'different port', a: 'http://app.example.test:47001/', b: 'http://app.example.test:47002/', expected: false },
    { desc: 'different scheme', a: 'http://example.test/', b: 'https://example.test/', expected: false },
    { desc: 'different host (same site)', a: 'http://app.example.test/', b: 'http://api.example.test/', expected: false },
    { desc: 'host case does not matter (the parser lower-cases)', a: 'http://Example.TEST/', b: 'http://example.test/', expected: true },
    { desc: 'two data: URLs are never same origin (each gets its own opaque origin)', a: 'data:,a', b: 'data:,a', expected: false },
  ])('$desc → $expected', ({ a, b, expected }) => {
    expect(isSameOriginURL(new URL(a), new URL(b))).toBe(expected);
    expect(isSameOrigin(origin(a), origin(b))).toBe(expected);
  });

  it('an opaque origin is same origin with itself only', () => {
    const o = opaqueOrigin();
    expect(isSameOrigin(o, o)).toBe(true);
    expect(isSameOrigin(o, opaqueOrigin())).toBe(false);
    expect(isSameOrigin(o, origin('http://example.test/'))).toBe(false);
    expect(isSameOrigin(origin('http://example.test/'), o)).toBe(false);
  });
});

describe('isSameSite (schemeful)', () => {
  it.each([
    { desc: 'api.example.test and app.example.test share example.test', a: 'http://app.example.test:47001/', b: 'http://api.example.test:47002/', expected: true },
    { desc: 'other.test is another site', a: 'http://app.example.test:47001/', b: 'http://other.test:47003/', expected: false },
    { desc: 'the registrable domain itself and a subdomain', a: 'http://example.test/', b: 'http://deep.sub.example.test/', expected: true },
    { desc: 'ports do not matter', a: 'http://example.test:1/', b: 'http://example.test:2/', expected: true },
    { desc: 'schemes do matter (http vs https)', a: 'http://example.test/', b: 'https://example.test/', expected: false },
    { desc: 'same IPv4 address, different ports', a: 'http://127.0.0.1:8000/', b: 'http://127.0.0.1:9000/', expected: true },
    { desc: 'IPv4 addresses are not split into labels (10.0.0.1 vs 192.0.0.1)', a: 'http://10.0.0.1/', b: 'http://192.0.0.1/', expected: false },
    { desc: 'different IPv4 addresses', a: 'http://127.0.0.1/', b: 'http://127.0.0.2/', expected: false },
    { desc: 'same IPv6 address', a: 'http://[::1]:1/', b: 'http://[::1]:2/', expected: true },
    { desc: 'different IPv6 addresses', a: 'http://[::1]/', b: 'http://[::2]/', expected: false },
    { desc: 'a single-label host', a: 'http://localhost:1/', b: 'http://localhost:2/', expected: true },
    { desc: 'a single-label host and another name', a: 'http://localhost/', b: 'http://example.test/', expected: false },
    { desc: 'github.io is a public suffix (PSL private section): app.github.io and api.github.io are two sites',
      a: 'https://app.github.io/', b: 'https://api.github.io/', expected: false },
    { desc: 'co.uk is a public suffix: shop.co.uk and bank.co.uk are two sites', a: 'https://shop.co.uk/', b: 'https://bank.co.uk/',
      expected: false },
    { desc: 'subdomains of one registrable domain under co.uk', a: 'https://www.shop.co.uk/', b: 'https://api.shop.co.uk/', expected: true },
    { desc: 'subdomains of one github.io site', a: 'https://a.app.github.io/', b: 'https://b.app.github.io/', expected: true },
    { desc: 'localhost and a subdomain of it are two sites (localhost is a public suffix)', a: 'http://localhost/', b: 'http://app.localhost/',
      expected: false },
    { desc: 'two subdomains of one name under localhost', a: 'http://a.app.localhost/', b: 'http://b.app.localhost/', expected: true },
    { desc: 'an IP address and a name that is not it', a: 'http://127.0.0.1/', b: 'http://localhost/', expected: false },
  ])('$desc → $expected', ({ a, b, expected }) => {
    expect(isSameSite(origin(a), origin(b))).toBe(expected);
    expect(isSameSite(origin(b), origin(a))).toBe(expected);
  });

  it('opaque origins are same site only with themselves', () => {
    const o = opaqueOrigin();
    expect(isSameSite(o, o)).toBe(true);
    expect(isSameSite(o, opaqueOrigin())).toBe(false);
    expect(isSameSite(o, origin('http://example.test/'))).toBe(false);
  });

  it.each([
    { desc: 'scheme and the registrable domain (the default rule for an unlisted TLD)', url: 'http://api.example.test:47002/',
      expected: 'http://example.test' },
    { desc: 'a registrable domain under a multi-label public suffix', url: 'https://www.shop.co.uk/', expected: 'https://shop.co.uk' },
    { desc: 'a registrable domain under a private-section suffix', url: 'https://x.app.github.io/', expected: 'https://app.github.io' },
    { desc: 'an IP address is its own site', url: 'https://10.1.2.3/', expected: 'https://10.1.2.3' },
    { desc: 'an IPv6 address is its own site', url: 'https://[2001:db8::1]/', expected: 'https://[2001:db8::1]' },
    { desc: 'localhost is its own site', url: 'http://localhost:3000/', expected: 'http://localhost' },
    { desc: 'opaque → null', url: 'data:,x', expected: 'null' },
  ])('siteOf: $desc', ({ url, expected }) => {
    expect(siteOf(origin(url))).toBe(expected);
  });

  it.each([
    { desc: 'an unlisted TLD: the default rule keeps two labels', host: 'a.b.c', expected: 'b.c' },
    { desc: 'two labels under an unlisted TLD stay', host: 'b.c', expected: 'b.c' },
    { desc: 'one label below co.uk', host: 'www.shop.co.uk', expected: 'shop.co.uk' },
    { desc: 'one label below github.io', host: 'app.github.io', expected: 'app.github.io' },
    { desc: 'a public suffix has none', host: 'github.io', expected: null },
    { desc: 'localhost has none', host: 'localhost', expected: null },
    { desc: 'IPv4 has none', host: '1.2.3.4', expected: null },
    { desc: 'bracketed IPv6 has none', host: '[2001:db8::1]', expected: null },
    { desc: 'a host written with the root label keeps it', host: 'www.example.com.', expected: 'example.com.' },
  ])('registrableDomain: $desc', ({ host, expected }) => {
    expect(registrableDomain(host)).toBe(expected);
  });
});
