import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from 'corsim/scenario';
import { fromBase64url, toBase64url } from './fragment.js';
import { readShareFragment, shareFragment } from './share-node.js';

const text = readFileSync(new URL('../../../examples/put-json-then-credentialed.json', import.meta.url), 'utf8');
const parsed = parseScenarioText(text);
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const scenario = parsed.scenario;

describe('share links made in Node', () => {
  it('carry the scenario as base64url raw DEFLATE, and read back exactly', () => {
    const hash = shareFragment(scenario);
    expect(hash).toMatch(/^#scenario=[A-Za-z0-9_-]+$/);
    expect(readShareFragment(hash)).toEqual({ json: JSON.stringify(scenario), browser: 'chromium', t: null });
    const data = hash.slice('#scenario='.length);
    expect(data).toBe(toBase64url(deflateRawSync(Buffer.from(JSON.stringify(scenario)))));
  });

  it('add browser and t only when they are not the defaults', () => {
    expect(shareFragment(scenario, { browser: 'chromium' })).not.toContain('&');
    const hash = shareFragment(scenario, { browser: 'webkit', t: 12.5 });
    expect(hash).toMatch(/&browser=webkit&t=12\.5$/);
    expect(readShareFragment(hash)).toMatchObject({ browser: 'webkit', t: 12.5 });
  });

  it('keep non-ASCII text intact', () => {
    const json = JSON.stringify({ ...scenario, description: 'Ünïcode — “quotes” ✓' });
    expect(readShareFragment(shareFragment(json)).json).toBe(json);
  });

  it('refuse malformed fragments with a clear error', () => {
    expect(() => readShareFragment('#nothing=1')).toThrow(/no scenario=/);
    expect(() => readShareFragment('#scenario=ab+c')).toThrow(/base64url/);
    expect(() => readShareFragment(`${shareFragment(scenario)}&browser=lynx`)).toThrow(/lynx/);
    expect(() => readShareFragment(`${shareFragment(scenario)}&t=-1`)).toThrow(/t=-1/);
  });

  it('refuse a scenario that inflates past the size limit', () => {
    const hash = `#scenario=${toBase64url(deflateRawSync(Buffer.alloc(5 * 1024 * 1024, 32)))}`;
    expect(hash.length).toBeLessThan(20_000);
    expect(() => readShareFragment(hash)).toThrow();
  });

  it('base64url round-trips every byte value, with or without padding', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const encoded = toBase64url(bytes);
    expect(encoded).not.toMatch(/[+/=]/);
    expect(fromBase64url(encoded)).toEqual(bytes);
    expect(fromBase64url(`${toBase64url(bytes.subarray(0, 1))}==`)).toEqual(bytes.subarray(0, 1));
  });
});

describe('share-link.ts', () => {
  it('prints the fragment of a scenario file, and refuses a missing one', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = new URL('../../../', import.meta.url).pathname;
    const run = (...args: string[]) => spawnSync(`${root}node_modules/.bin/tsx`, ['--conditions=source', 'packages/playground/src/share-link.ts', ...args], { cwd: root, encoding: 'utf8' });
    const ok = run('examples/put-json-then-credentialed.json', '--browser', 'firefox', '--base', 'https://example.test/play/');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toBe(`https://example.test/play/${shareFragment(scenario, { browser: 'firefox' })}`);
    const missing = run('examples/no-such-file.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-file.json');
  });
});
