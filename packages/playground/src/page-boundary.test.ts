/**
 * The playground's browser-safety rules of eslint.config.js, seen failing: deliberate violations linted as if
 * they were a page module must each be reported, and the same code in the Node-only helpers and tests must not.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './build.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function rulesFired(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const PAGE = 'packages/playground/src/deliberate-violation.ts';

describe('playground page boundary', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", 'no-restricted-imports'],
    ["import { deflateRawSync } from 'zlib';", 'no-restricted-imports'],
    ["import { createBrowser } from 'corsim';", 'no-restricted-imports'],
    ["import { arbitraryScenario } from 'corsim/arbitraries';", 'no-restricted-imports'],
    ["import { fixOf } from '../../corsim/src/cli/teach.js';", 'no-restricted-imports'],
    ["import { shareFragment } from './share-node.js';", 'no-restricted-imports'],
    ["import { playgroundConfig } from './build.js';", 'no-restricted-imports'],
    ["import { build } from 'vite';", 'no-restricted-imports'],
    ["import { chromium } from 'playwright-core';", 'no-restricted-imports'],
    ['export const env = process.env;', 'no-restricted-globals'],
    ["export const bytes = Buffer.from('x');", 'no-restricted-globals'],
  ])('reports %s', async (code, rule) => {
    expect(await rulesFired(code, PAGE)).toContain(rule);
  });

  it('allows the engine, corsim/scenario and the page’s own modules', async () => {
    const code = "import { chromium } from '@corsim/engine';\nimport { fixOf } from 'corsim/scenario';\nimport { h } from './dom.js';\nexport const x = [chromium, fixOf, h];";
    expect(await rulesFired(code, PAGE)).toEqual([]);
  });

  it('leaves the Node-only helpers and the tests free to use Node', async () => {
    const code = "import { deflateRawSync } from 'node:zlib';\nexport const x = [deflateRawSync, process.env, Buffer.from('')];";
    for (const file of ['share-node.ts', 'share-link.ts', 'build.ts', 'x.test.ts']) {
      expect(await rulesFired(code, `packages/playground/src/${file}`), file).toEqual([]);
    }
  });
});
