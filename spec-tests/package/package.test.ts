/**
 * corsim as a user meets it: the packages are built and packed the way a release packs them (`pnpm pack`,
 * which rewrites `workspace:` ranges), installed with npm into fresh projects outside the workspace, and
 * used with plain `node` through their public entry points only. Also lints the tarballs (publint, attw).
 *
 * Needs the npm registry for the packages' own dependencies; when it is unreachable the tests skip, saying so.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');
/** Every published package, in dependency order. */
const PACKAGES = ['engine', 'corsim', 'vitest', 'jest', 'recorder'] as const;
const SIZE_BUDGET_BYTES = 15 * 1024 * 1024;
/** What the fresh project adds from the registry for the checks, pinned as the workspace pins them. */
const USER_DEV_DEPENDENCIES = ['express@5.3.0', 'cors@2.8.6', 'vitest@4.1.12', 'jest@30.5.2', '@jest/globals@30.5.2', 'typescript@5.9.3', '@types/node@20.19.43'];
/** The README's examples that need only express and cors, run here against the installed tarballs too. */
const README_EXAMPLES = ['express.test.ts', 'browser-fetch.test.ts', 'install-browser-fetch.test.ts', 'jest', 'node-test'];
/** What each runner's deliberately failing test must say (a credentialed read of an app whose cors() has no `credentials: true`). */
const EXPECTED_FAILURE = ['expected the browser to allow the request, but it was blocked', 'verdict: blocked: InvalidAllowCredentials on the actual'] as const;
const INSTALL_TIMEOUT = 600_000;

/**
 * Each runner's user test file, written into the fresh project: the same two tests (the page reads `/me`; a
 * credentialed read that fails on purpose) in the runner's own words.
 */
const RUNNER_TESTS: Readonly<Record<string, { readonly imports: readonly string[]; readonly allowed: (outcome: string) => string }>> = {
  'vitest/cors.test.ts': { imports: ["import { expect, test } from 'vitest';", "import '@corsim/vitest';"], allowed: (o) => `expect(${o}).toBeAllowedByCors()` },
  'jest/cors.test.mjs': { imports: ["import { expect, test } from '@jest/globals';", "import '@corsim/jest';"], allowed: (o) => `expect(${o}).toBeAllowedByCors()` },
  'node-test/cors.test.mjs': { imports: ["import { test } from 'node:test';", "import { assertAllowedByCors } from 'corsim/assert';"], allowed: (o) => `assertAllowedByCors(${o})` },
};

function runnerTest({ imports, allowed }: (typeof RUNNER_TESTS)[string]): string {
  return [
    "import express from 'express';",
    "import cors from 'cors';",
    ...imports,
    "import { createBrowser, nodeHandlerTransport } from 'corsim';",
    '',
    "const app = express().use(cors({ origin: 'https://app.example' })).get('/me', (_req, res) => { res.json({ id: 1 }); });",
    "const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });",
    '',
    "test('the page reads /me', async () => {",
    `  ${allowed("await browser.outcome('https://api.example/me')")};`,
    '});',
    '',
    "test('deliberately failing: a credentialed read', async () => {",
    `  ${allowed("await browser.outcome('https://api.example/me', { credentials: 'include' })")};`,
    '});',
    '',
  ].join('\n');
}
const STEP_TIMEOUT = 180_000;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, timeout = STEP_TIMEOUT): Promise<Run> {
  return new Promise((resolve) => {
    // npm_config_* from the pnpm that runs this suite would steer npm in the fresh project: leave them out.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^PNPM_|^NODE_OPTIONS$/i.test(k)));
    execFile(command, args, { cwd, timeout, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function mustRun(command: string, args: readonly string[], cwd: string, timeout?: number): Promise<Run> {
  const r = await run(command, args, cwd, timeout);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Installed bytes and package count of a node_modules tree. */
async function treeSize(dir: string): Promise<{ bytes: number; packages: number }> {
  let bytes = 0;
  let packages = 0;
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.isFile()) {
        bytes += (await stat(p)).size;
        if (entry.name === 'package.json' && path.basename(path.dirname(path.dirname(p))).replace(/^@.*/, 'node_modules') === 'node_modules') packages++;
      }
    }
  };
  await walk(dir);
  return { bytes, packages };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const registry = await run('npm', ['ping'], os.tmpdir(), 30_000);
const reachable = registry.code === 0;
const title = reachable ? 'corsim installed from its tarballs' : `corsim installed from its tarballs (skipped: the npm registry is unreachable: ${registry.stderr.trim().split('\n').at(-1)})`;

describe.skipIf(!reachable)(title, () => {
  let work: string;
  let light: string;
  let full: string;
  const tarballs = new Map<string, string>();
  const sizes: Record<string, { bytes: number; packages: number }> = {};
  let corsimInstall: Run;

  beforeAll(async () => {
    await mustRun(path.join(BIN, 'tsc'), ['-b', 'tsconfig.build.json'], ROOT);
    work = await mkdtemp(path.join(os.tmpdir(), 'corsim-package-'));
    const packs = path.join(work, 'tarballs');
    for (const name of PACKAGES) {
      const r = await mustRun(path.join(BIN, 'pnpm'), ['pack', '--pack-destination', packs], path.join(ROOT, 'packages', name));
      tarballs.set(name, r.stdout.trim().split('\n').at(-1)!.trim());
    }
    const project = async (dir: string): Promise<string> => {
      await mkdir(dir);
      await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name: path.basename(dir), private: true, type: 'module' }, null, 2)}\n`);
      return dir;
    };
    const npmInstall = (dir: string, specs: readonly string[]): Promise<Run> => mustRun('npm', ['install', '--save-dev', '--no-audit', '--no-fund', ...specs], dir, INSTALL_TIMEOUT);
    const tgz = (...names: string[]): string[] => names.map((n) => tarballs.get(n)!);

    // corsim alone, then with @corsim/vitest: what `npm i -D corsim @corsim/vitest` costs.
    light = await project(path.join(work, 'light'));
    corsimInstall = await npmInstall(light, tgz('engine', 'corsim'));
    sizes['corsim'] = await treeSize(path.join(light, 'node_modules'));
    await npmInstall(light, tgz('vitest'));
    sizes['corsim + @corsim/vitest'] = await treeSize(path.join(light, 'node_modules'));

    // Everything, plus the frameworks and runners the checks use.
    full = await project(path.join(work, 'full'));
    await cp(path.join(HERE, 'project'), full, { recursive: true });
    for (const [file, runner] of Object.entries(RUNNER_TESTS)) {
      await mkdir(path.dirname(path.join(full, file)), { recursive: true });
      await writeFile(path.join(full, file), runnerTest(runner));
    }
    // vitest's examples in readme/, jest's and node:test's beside it (so that vitest does not collect them).
    for (const example of README_EXAMPLES) await cp(path.join(ROOT, 'examples', example), path.join(full, example.endsWith('.ts') ? `readme/${example}` : `readme-${example}`), { recursive: true });
    await npmInstall(full, [...tgz(...PACKAGES), ...USER_DEV_DEPENDENCIES]);
    console.info(`[package] installed node_modules: ${Object.entries(sizes).map(([k, v]) => `${k}: ${mb(v.bytes)} (${v.packages} packages)`).join('; ')}; budget for corsim alone ${mb(SIZE_BUDGET_BYTES)}`);
  }, INSTALL_TIMEOUT);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('installs without engine warnings and within the size budget', () => {
    expect(`${corsimInstall.stdout}${corsimInstall.stderr}`).not.toMatch(/EBADENGINE|Unsupported engine/);
    expect(sizes['corsim']!.bytes).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });

  it('the tarballs pass publint and arethetypeswrong (ESM-only profile)', async () => {
    const lint = (file: string): Promise<[Run, Run]> => Promise.all([
      run(path.join(ROOT, 'spec-tests/node_modules/.bin/publint'), ['run', file, '--strict'], work),
      run(path.join(ROOT, 'spec-tests/node_modules/.bin/attw'), [file, '--profile', 'esm-only', '--format', 'ascii'], work),
    ]);
    const results = await Promise.all([...tarballs].map(async ([name, file]) => [name, await lint(file)] as const));
    for (const [name, [publint, attw]] of results) {
      expect(publint.code, `publint ${name}\n${publint.stdout}${publint.stderr}`).toBe(0);
      expect(attw.code, `attw ${name}\n${attw.stdout}${attw.stderr}`).toBe(0);
    }
  }, STEP_TIMEOUT);

  it('an ESM script tests an express app in process with plain node', async () => {
    const r = await mustRun('node', ['app.mjs'], full);
    expect(r.stdout).toBe('GET: allowed\nPUT: blocked MethodDisallowedByPreflightResponse\n');
  });

  it('a fetch-handler user does not load undici or light-my-request', async () => {
    const r = await mustRun('node', [path.join(full, 'light.mjs')], full);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, before: [], after: ['light-my-request'] });
  });

  /** vitest's and jest's JSON reports (the same shape): one test passed, one failed with the matcher's message. */
  async function expectOnePassOneFail(result: Run, reportFile: string): Promise<void> {
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(await readFile(path.join(full, reportFile), 'utf8')) as { numPassedTests: number; numFailedTests: number; testResults: { assertionResults: { status: string; failureMessages: string[] }[] }[] };
    expect([report.numPassedTests, report.numFailedTests]).toEqual([1, 1]);
    const failure = report.testResults[0]!.assertionResults.find((a) => a.status === 'failed')!.failureMessages.join('\n');
    expect(failure).toContain(EXPECTED_FAILURE[0]);
    expect(failure).toContain(EXPECTED_FAILURE[1]);
  }

  it('vitest with @corsim/vitest: one passing test, one failing with the verdict in its message', async () => {
    await expectOnePassOneFail(await run('npx', ['--no', '--', 'vitest', 'run', 'vitest/', '--reporter=json', '--outputFile=vitest.json'], full), 'vitest.json');
  });

  it('jest with @corsim/jest: one passing test, one failing with the verdict in its message', async () => {
    await expectOnePassOneFail(await run('node', ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--json', '--outputFile=jest.json'], full), 'jest.json');
  });

  it('node --test with corsim/assert: one passing test, one failing with the verdict in its message', async () => {
    const r = await run('node', ['--test', '--test-reporter=tap', 'node-test/cors.test.mjs'], full);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# pass 1$/m);
    expect(r.stdout).toMatch(/^# fail 1$/m);
    expect(r.stdout).toContain("code: 'ERR_ASSERTION'");
    expect(r.stdout).toContain(EXPECTED_FAILURE[0]);
    expect(r.stdout).toContain(EXPECTED_FAILURE[1]);
  });

  it('the README\'s examples pass here too: vitest, jest and node --test', async () => {
    const vitest = await run('npx', ['--no', '--', 'vitest', 'run', 'readme/'], full);
    expect(vitest.code, `${vitest.stdout}${vitest.stderr}`).toBe(0);
    const jest = await run('node', ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--testMatch', '<rootDir>/readme-jest/*.test.mjs'], full);
    expect(jest.code, `${jest.stdout}${jest.stderr}`).toBe(0);
    const nodeTest = await run('node', ['--test', 'readme-node-test/cors.test.mjs'], full);
    expect(nodeTest.code, `${nodeTest.stdout}${nodeTest.stderr}`).toBe(0);
  });

  it('the typed user test file passes tsc --noEmit', async () => {
    const r = await run('npx', ['--no', '--', 'tsc', '-p', 'types/tsconfig.json'], full);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
  });

  describe('the corsim command', () => {
    let server: http.Server;
    let base: string;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.url === '/open') res.setHeader('Access-Control-Allow-Origin', '*');
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('--help and --version exit 0', async () => {
      const help = await run('npx', ['--no', '--', 'corsim', '--help'], full);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('usage: corsim <command>');
      expect(help.stdout).toMatch(/^  check <url>/m);
      const version = await run('npx', ['--no', '--', 'corsim', '--version'], full);
      expect([version.code, version.stdout]).toEqual([0, 'corsim 0.1.0\n']);
    });

    it('check exits 0 when the page could read the answer, 1 when the browser blocks it, 2 for bad input', async () => {
      const allowed = await run('npx', ['--no', '--', 'corsim', 'check', `${base}/open`, '--origin', 'http://app.example'], full);
      expect(allowed.code, allowed.stderr).toBe(0);
      const blocked = await run('npx', ['--no', '--', 'corsim', 'check', `${base}/closed`, '--origin', 'http://app.example'], full);
      expect(blocked.code, blocked.stderr).toBe(1);
      expect(`${blocked.stdout}${blocked.stderr}`).toContain('MissingAllowOriginHeader');
      const bad = await run('npx', ['--no', '--', 'corsim', 'check', `${base}/open`], full);
      expect(bad.code).toBe(2);
    });

    it('record without @corsim/recorder names the package to add and exits 2; with it, runs', async () => {
      const missing = await run('npx', ['--no', '--', 'corsim', 'record', 'x.json', '--browser', 'chromium', '--out', 'out'], light);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('npm install --save-dev @corsim/recorder');
      const present = await run('npx', ['--no', '--', 'corsim', 'record', '--help'], full);
      expect([present.code, present.stdout]).toEqual([0, expect.stringContaining('usage: corsim record')]);
    });
  });
});
