/**
 * What a command loads: `--help` loads neither the engine (nor its dependencies) nor a transport, and `replay` in
 * process loads the engine's dependencies but neither undici nor light-my-request. Checked in a fresh process,
 * where the CommonJS packages a run has loaded are the keys of `require.cache`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../../..');
const WATCHED = ['tldts', 'whatwg-mimetype', 'http-cache-semantics', 'undici', 'light-my-request'];

const CHILD = `
import { createRequire } from 'node:module';
const { main } = await import(${JSON.stringify(pathToFileURL(path.join(HERE, 'main.ts')).href)});
const io = { out() {}, err() {}, cwd: ${JSON.stringify(ROOT)}, colour: false };
const watched = ${JSON.stringify(WATCHED)};
const loaded = () => watched.filter((name) => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes(\`/node_modules/\${name}/\`)));
const codes = [await main(['--help'], io)];
const help = loaded();
codes.push(await main(['replay', 'examples/preflight-without-acao.json'], io));
console.log(JSON.stringify({ codes, help, replay: loaded() }));
`;

function runChild(): Promise<{ codes: number[]; help: string[]; replay: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--conditions=source', '--input-type=module', '-e', CHILD], { cwd: ROOT }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { codes: number[]; help: string[]; replay: string[] });
    });
  });
}

test('--help loads no dependency; replay in process loads the engine\'s, not undici nor light-my-request', async () => {
  const { codes, help, replay } = await runChild();
  expect(codes).toEqual([0, 0]);
  expect(help).toEqual([]);
  expect(replay).toEqual(['tldts', 'whatwg-mimetype', 'http-cache-semantics']);
}, 60_000);
