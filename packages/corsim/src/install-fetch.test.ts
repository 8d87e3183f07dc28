import express from 'express';
import cors from 'cors';
import { ofetch } from 'ofetch';
import { afterEach, describe, expect, it } from 'vitest';
import { installBrowserFetch, nodeHandlerTransport, type InstalledBrowserFetch } from './index.js';

const app = express()
  .use(cors({ origin: 'https://app.example', methods: ['GET', 'POST'] }))
  .get('/me', (_req, res) => { res.json({ id: 1 }); })
  .delete('/me', (_req, res) => { res.status(204).end(); });

// Application code as it is written: it calls the global fetch and knows nothing of corsim.
async function loadProfile(): Promise<unknown> {
  const res = await fetch('https://api.example/me');
  return res.json();
}

let installed: InstalledBrowserFetch | undefined;
afterEach(() => installed?.restore());

describe('installBrowserFetch', () => {
  it('puts the page\'s fetch on globalThis and restores the previous one', async () => {
    const original = globalThis.fetch;
    installed = installBrowserFetch({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
    expect(globalThis.fetch).not.toBe(original);
    expect(await loadProfile()).toEqual({ id: 1 });
    expect(installed.wire.map((x) => x.request.url)).toEqual(['https://api.example/me']);
    installed.restore();
    installed.restore();
    expect(globalThis.fetch).toBe(original);
  });

  it('global fetch sees the browser\'s CORS failure', async () => {
    installed = installBrowserFetch({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
    const error = await fetch('https://api.example/me', { method: 'DELETE' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('Failed to fetch');
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('MethodDisallowedByPreflightResponse');
  });

  it('a page at another origin is blocked where the allowed one reads', async () => {
    installed = installBrowserFetch({ origin: 'https://evil.example', browser: 'firefox', transport: nodeHandlerTransport(app) });
    await expect(loadProfile()).rejects.toThrow('NetworkError when attempting to fetch resource.');
  });

  it('a client library built on fetch (ofetch) goes through it', async () => {
    installed = installBrowserFetch({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
    expect(await ofetch('https://api.example/me')).toEqual({ id: 1 });
    await expect(ofetch('https://api.example/me', { method: 'DELETE' })).rejects.toThrow('Failed to fetch');
    expect(installed.console).toContainEqual(expect.stringContaining('has been blocked by CORS policy'));
  });

  it('installs on a given target and removes what was not there', () => {
    const target: { fetch?: unknown } = {};
    installed = installBrowserFetch({ origin: 'https://app.example', transport: nodeHandlerTransport(app), target });
    expect(typeof target.fetch).toBe('function');
    installed.restore();
    expect('fetch' in target).toBe(false);
  });
});
