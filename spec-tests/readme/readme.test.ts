/**
 * The README's usage examples cannot drift: every `ts`/`js` code block in it is preceded by
 * `<!-- example: examples/… -->` and is that file's text exactly; the files themselves are run by the suite
 * (examples/*.test.ts) and by the packing test in a fresh project (spec-tests/package).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Block {
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  readonly example: string | undefined;
}

function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    const marker = /^<!-- example: (\S+) -->$/.exec(lines[start - 1] ?? '');
    blocks.push({ line: start + 1, lang: open[1]!, code: lines.slice(start + 1, end).join('\n'), example: marker?.[1] });
    i = end;
  }
  return blocks;
}

const usage = codeBlocks(README).filter((b) => ['ts', 'js', 'mjs', 'typescript', 'javascript'].includes(b.lang));

describe('README usage examples', () => {
  it('has some', () => {
    expect(usage.length).toBeGreaterThanOrEqual(6);
  });

  it.each(usage.map((b) => [`line ${b.line}`, b] as const))('the block at %s is an example file, verbatim', (_where, block) => {
    expect(block.example, 'a usage block needs <!-- example: examples/… --> on the line before it').toBeDefined();
    const file = path.join(ROOT, block.example!);
    expect(existsSync(file), `${block.example} does not exist`).toBe(true);
    expect(block.code).toBe(readFileSync(file, 'utf8').replace(/\n$/, ''));
  });

  it('every example file the README shows is run by a test', () => {
    const config = readFileSync(path.join(ROOT, 'vitest.config.ts'), 'utf8');
    const packing = readFileSync(path.join(ROOT, 'spec-tests/package/package.test.ts'), 'utf8');
    for (const { example } of usage) {
      const rel = example!.replace(/^examples\//, '');
      const inSuite = /^[^/]+\.test\.ts$/.test(rel) && config.includes("'examples/*.test.ts'");
      const inPacking = packing.includes(`'${rel.split('/')[0]}'`);
      expect(inSuite || inPacking, `${example} is run by no test`).toBe(true);
    }
  });
});
