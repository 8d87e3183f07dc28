/**
 * The import-boundary rules of eslint.config.js, seen failing: deliberate violations linted as if they lived in the
 * engine, in a browser-safe corsim module and in corsim's root entry must each be reported, and the same code
 * where it is allowed must not be.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function rulesFired(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const ENGINE = 'packages/engine/src/deliberate-violation.ts';
const BROWSER_SAFE = 'packages/corsim/src/scenario/deliberate-violation.ts';
const ROOT_ENTRY = 'packages/corsim/src/index.ts';

describe('engine boundary', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", 'no-restricted-imports'],
    ["import net from 'net';", 'no-restricted-imports'],
    ["import { promises } from 'fs/promises';", 'no-restricted-imports'],
    ["import { createBrowser } from 'corsim';", 'no-restricted-imports'],
    ["import { corsMatchers } from '@corsim/vitest';", 'no-restricted-imports'],
    ["export { parseScenario } from 'corsim/scenario';", 'no-restricted-imports'],
    ['setTimeout(() => {}, 1);', 'no-restricted-globals'],
    ['setInterval(() => {}, 1);', 'no-restricted-globals'],
    ['setImmediate(() => {});', 'no-restricted-globals'],
    ['export const now = Date.now();', 'no-restricted-globals'],
    ['export const today = new Date();', 'no-restricted-globals'],
    ['export const r = Math.random();', 'no-restricted-properties'],
    ['export const env = process.env;', 'no-restricted-globals'],
    ['export const g = globalThis.fetch;', 'no-restricted-globals'],
  ])('reports %s', async (code, rule) => {
    expect(await rulesFired(code, ENGINE)).toContain(rule);
  });

  it('allows queueMicrotask and the engine importing its own modules', async () => {
    expect(await rulesFired("import { chromium } from './profiles/chromium.js';\nqueueMicrotask(() => void chromium);", ENGINE)).toEqual([]);
  });

  it('exempts tests from the runtime bans', async () => {
    expect(await rulesFired("import { readFileSync } from 'node:fs';\nsetTimeout(() => readFileSync('x'), Date.now() % 2);", 'packages/engine/src/x.test.ts')).toEqual([]);
  });
});

describe('browser-safe corsim boundary', () => {
  it.each([
    "import net from 'node:net';",
    "import { STATUS_CODES } from 'http';",
    "import { request } from 'undici';",
    "import inject from 'light-my-request';",
    "import { chromium } from 'playwright-core';",
    "import puppeteer from 'puppeteer-core';",
    "import { undiciTransport } from '../node/undici.js';",
    "export { rawHttpExchange } from '../../src/node/raw-http.js';",
  ])('reports %s', async (code) => {
    expect(await rulesFired(code, BROWSER_SAFE)).toContain('no-restricted-imports');
  });

  it('allows the same imports in the Node-only folders', async () => {
    expect(await rulesFired("import net from 'node:net';\nimport { request } from 'undici';", 'packages/corsim/src/node/x.ts')).toEqual([]);
  });
});

describe("corsim's root entry", () => {
  it('reports a direct import of the recorder', async () => {
    expect(await rulesFired("export { recordScenario } from '../../recorder/src/index.js';", ROOT_ENTRY)).toContain('corsim/no-transitive-import');
  });

  it('reports the recorder reached through another module', async () => {
    // scripts/record.ts imports @corsim/recorder. (corsim's own cli/record.ts loads it only when `corsim record` runs.)
    expect(await rulesFired("export * from '../../../scripts/record.js';", ROOT_ENTRY)).toContain('corsim/no-transitive-import');
  });

  it('reports the recorder package', async () => {
    expect(await rulesFired("export * from '@corsim/recorder';", ROOT_ENTRY)).toContain('corsim/no-transitive-import');
  });

  it('allows what the entry exports today', async () => {
    expect(await rulesFired("export { createBrowser } from './browser.js';\nexport * from './transports/index.js';", ROOT_ENTRY)).toEqual([]);
  });
});

describe('disable directives', () => {
  it('reports an eslint-disable comment that suppresses nothing', async () => {
    const messages = await rulesFired('// eslint-disable-next-line no-debugger\nexport const x = 1;', 'packages/corsim/src/node/x.ts');
    expect(messages.join()).toMatch(/Unused eslint-disable directive/);
  });
});
