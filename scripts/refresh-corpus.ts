/**
 * Refreshes the in-repo copies of the recorded corpora (spec-tests/corpus/<browser>/) from a shared
 * conformance directory, so a clone is self-contained.
 *   tsx scripts/refresh-corpus.ts [SOURCE_DIR]   (default ../shared/conformance)
 */
import { cpSync, existsSync, readdirSync, rmSync, statSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'conformance'));
if (!existsSync(source)) {
  console.error(`refresh-corpus: no such directory ${source}`);
  process.exit(2);
}
const target = path.join(root, 'spec-tests', 'corpus');
for (const browser of readdirSync(source).filter((d) => statSync(path.join(source, d)).isDirectory())) {
  const to = path.join(target, browser);
  rmSync(to, { recursive: true, force: true });
  cpSync(path.join(source, browser), to, { recursive: true });
  for (const f of readdirSync(to)) chmodSync(path.join(to, f), 0o644);
  console.log(`${browser}: ${readdirSync(to).length} files copied from ${path.join(source, browser)}`);
}
