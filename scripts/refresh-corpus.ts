/**
 * Refreshes the in-repo copies of the recorded corpora (spec-tests/corpus/) from a shared conformance
 * directory, so a clone is self-contained: every `<browser>/` directory, every nested corpus such as
 * `v2/<browser>/`, and the README that describes how they were recorded.
 *   tsx scripts/refresh-corpus.ts [SOURCE_DIR]   (default ../shared/conformance)
 */
import { chmodSync, cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'conformance'));
if (!existsSync(source)) {
  console.error(`refresh-corpus: no such directory ${source}`);
  process.exit(2);
}
const target = path.join(root, 'spec-tests', 'corpus');

/** The shared copy is read-only; the in-repo one must be writable by the next refresh. */
function makeWritable(entry: string): number {
  if (!statSync(entry).isDirectory()) {
    chmodSync(entry, 0o644);
    return 1;
  }
  chmodSync(entry, 0o755);
  return readdirSync(entry).reduce((n, child) => n + makeWritable(path.join(entry, child)), 0);
}

for (const entry of readdirSync(source)) {
  const from = path.join(source, entry);
  const to = path.join(target, entry);
  if (!statSync(from).isDirectory() && !entry.endsWith('.md')) continue;
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  console.log(`${entry}: ${makeWritable(to)} file(s) copied from ${from}`);
}
