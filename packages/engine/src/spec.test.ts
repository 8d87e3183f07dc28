/**
 * Every Fetch Standard anchor the engine links — the SPEC table, the links in the engine's comments and in its
 * README — names an id the Standard has, at the whatwg/fetch commit pinned in test-data/fetch-standard-ids.txt.
 *
 * How the list was made: from fetch.bs at that commit, (1) every explicit `id=` attribute (headings, dfns,
 * elements); (2) for each `<dfn>` outside the IDL blocks that has no `id`, the id Bikeshed derives from it: its
 * first linking text (`lt=`, else its text) lower-cased, with whitespace, `/`, `(` and `,` runs turned into `-`
 * and other characters but `[a-z0-9_-]` dropped, prefixed by its `for` value the same way (`fetch params` +
 * `request` → `fetch-params-request`); (3) the ids its `Translate IDs` metadata gives IDL definitions
 * (`enumdef-requestcache` → `requestcache`). Other IDL dfns (`dom-…` ids), headings without an explicit id and the
 * numbered ids Bikeshed gives to colliding derivations are left out, so an anchor of those kinds has to be added by
 * hand.
 * When the engine moves to a newer Fetch Standard, regenerate the list at the new commit and update the header.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SPEC } from './spec.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const listFile = readFileSync(path.join(here, '..', 'test-data', 'fetch-standard-ids.txt'), 'utf8');
const ids = new Set(listFile.split('\n').filter((l) => l !== '' && !l.startsWith('#')));
const ANCHOR = /https:\/\/fetch\.spec\.whatwg\.org\/#([A-Za-z0-9_.?-]+)/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [file] : [];
  });
}

/** `file: id` for every Fetch Standard link in `file`. */
function linksIn(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(ANCHOR)].map((m) => `${path.relative(path.join(here, '..'), file)}: ${m[1] ?? ''}`);
}

describe('Fetch Standard anchors', () => {
  it('pins the list to a whatwg/fetch commit', () => {
    expect(listFile).toMatch(/^# .*\n# [0-9a-f]{40} /);
    expect(ids.size).toBeGreaterThan(400);
  });

  it.each(Object.entries(SPEC))('SPEC.%s is an id of the Standard', (_name, anchor) => {
    expect(ids).toContain(anchor.slice('https://fetch.spec.whatwg.org/#'.length));
  });

  it("every link in the engine's sources and README names an id of the Standard", () => {
    const links = [...sources(here), path.join(here, '..', 'README.md')].flatMap(linksIn);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((l) => !ids.has(l.slice(l.lastIndexOf(': ') + 2)))).toEqual([]);
  });
});
