/**
 * Every relative link in README.md and docs/**\/*.md resolves: the file (or folder) exists, and a `#anchor` names a
 * heading of the target Markdown file (GitHub's slugs). External links (a scheme or `//`) are not checked.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Link { line: number; target: string }

/** Markdown without fenced code blocks and inline code spans, line numbers kept. */
function withoutCode(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/(`+)[^`]*?\1/g, '');
  });
}

function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  withoutCode(markdown).forEach((text, i) => {
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*(?:<([^>]*)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g)) links.push({ line: i + 1, target: m[1] ?? m[2] ?? '' });
    const ref = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(text);
    if (ref) links.push({ line: i + 1, target: ref[1] ?? '' });
    for (const m of text.matchAll(/<a\s[^>]*href="([^"]+)"/g)) links.push({ line: i + 1, target: m[1] ?? '' });
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const counts = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of withoutCodeKeepingSpans(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    const html = [...line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)].map((m) => m[1] ?? '');
    html.forEach((id) => anchors.add(id));
    if (!heading) continue;
    const plain = (heading[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const slug = plain.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
    const n = counts.get(slug) ?? 0;
    counts.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function withoutCodeKeepingSpans(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    return fenced || /^\s*(```|~~~)/.test(line) ? '' : line;
  });
}

/** Why a relative link from `file` does not resolve, or undefined when it does (or is external). */
function brokenBecause(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
  const [rawPath = '', anchor] = target.split('#', 2);
  const pathPart = decodeURIComponent(rawPath.split('?')[0] ?? '');
  const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), pathPart);
  if (!existsSync(resolved)) return `no such file: ${path.relative(root, resolved)}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return `#${anchor} on a file that is not Markdown`;
  return anchorsOf(readFileSync(resolved, 'utf8')).has(anchor.toLowerCase()) ? undefined : `no heading for #${anchor} in ${path.relative(root, resolved)}`;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(full) : e.name.endsWith('.md') ? [full] : [];
  });
}

const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];

describe('relative links in README.md and docs/', () => {
  it.each(files.map((f) => [path.relative(root, f), f]))('%s: every relative link resolves', (_name, file) => {
    const broken = linksOf(readFileSync(file, 'utf8'))
      .map((link) => ({ ...link, why: brokenBecause(file, link.target) }))
      .filter((link) => link.why !== undefined)
      .map((link) => `line ${link.line}: ${link.target} (${link.why})`);
    expect(broken).toEqual([]);
  });

  it('finds the README links it checks', () => {
    expect(linksOf(readFileSync(files[0] ?? '', 'utf8')).map((l) => l.target)).toContain('docs/testing.md');
  });
});

describe('the link checker', () => {
  const readme = path.join(root, 'README.md');

  it('reports a missing file, a missing anchor and a missing anchor in another file', () => {
    expect(brokenBecause(readme, 'docs/no-such-page.md')).toMatch(/no such file/);
    expect(brokenBecause(readme, '#no-such-heading')).toMatch(/no heading/);
    expect(brokenBecause(readme, 'docs/testing.md#no-such-heading')).toMatch(/no heading/);
  });

  it('accepts external links, folders and anchors made the way GitHub makes them', () => {
    expect(brokenBecause(readme, 'https://example.com/missing.md')).toBeUndefined();
    expect(brokenBecause(readme, 'docs/')).toBeUndefined();
    const md = '# Quick start\n## `corsim replay`: the CLI\n## Notes\n## Notes\n```\n# not a heading\n```';
    expect([...anchorsOf(md)]).toEqual(['quick-start', 'corsim-replay-the-cli', 'notes', 'notes-1']);
  });

  it('reads inline, reference and HTML links but not links inside code', () => {
    const md = 'See [a](a.md "title") and ![img](<b c.png>).\n[ref]: ./d.md\n<a href="e.md">e</a>\n`[x](code.md)`\n```\n[y](fenced.md)\n```';
    expect(linksOf(md).map((l) => l.target)).toEqual(['a.md', 'b c.png', './d.md', 'e.md']);
  });
});
