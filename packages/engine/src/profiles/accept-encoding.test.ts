import { describe, expect, it } from 'vitest';
import { chromium } from './chromium.js';
import { firefox } from './firefox.js';
import { webkit } from './webkit.js';
import { acceptEncodingFor } from './profile.js';
import { API, browserWith, reflectingServer, sent } from './test-helpers.js';

describe('Accept-Encoding', () => {
  it.each([chromium, firefox, webkit])('$name sends gzip, deflate over plain http, on the preflight and the actual request (recorded)', async (profile) => {
    const out = await browserWith(profile, reflectingServer).fetch(`${API}/data`, { method: 'PUT' });
    expect(sent(out, 0, 'Accept-Encoding')).toBe('gzip, deflate');
    expect(sent(out, 1, 'Accept-Encoding')).toBe('gzip, deflate');
  });

  it('a request with Range asks for identity (Fetch: HTTP-network-or-cache fetch; recorded: safelist-range-*)', async () => {
    const out = await browserWith(chromium, reflectingServer).fetch(`${API}/data`, { headers: [['Range', 'bytes=0-5']] });
    expect(sent(out, 0, 'Accept-Encoding')).toBe('identity');
  });

  it('a potentially trustworthy URL is also offered br (zstd not: Node 20 cannot decode it)', () => {
    for (const url of ['https://api.example/', 'http://localhost:8080/', 'http://127.0.0.1/', 'http://[::1]/']) {
      expect(acceptEncodingFor(chromium, new URL(url))).toBe('gzip, deflate, br');
    }
    expect(acceptEncodingFor(chromium, new URL('http://api.example.test/'))).toBe('gzip, deflate');
  });
});
