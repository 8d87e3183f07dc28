/**
 * The command line as a user meets it: help, exit codes, usage errors with hints, `--json`, paths relative to the
 * caller, and `check` / `explain` / `replay` / `compare` on real loopback servers and scenario files.
 */
import http from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import express from 'express';
import cors from 'cors';
import { listen, type Listening } from '../node/test-helpers.js';
import { parseCommandArgs } from './args.js';
import { COMMANDS as SPECS } from './commands.js';
import { main } from './main.js';
import { processIo, type CliIo } from './io.js';
import { VERSION } from './version.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const EXAMPLES = path.join(ROOT, 'examples');

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(argv: readonly string[], cwd = ROOT): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), cwd, colour: false };
  const code = await main(argv, io);
  return { code, out, err };
}

const COMMANDS = ['check', 'explain', 'audit', 'replay', 'compare', 'record'];

describe('help and version', () => {
  for (const command of COMMANDS) {
    test(`${command} --help, -h and help ${command} print the options and the exit codes (exit 0)`, async () => {
      for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
        const r = await run(argv);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(new RegExp(`^usage: corsim ${command}`));
        expect(r.out).toContain('exit codes:');
        expect(r.out).toContain('--help');
      }
    });
  }

  test('--help lists every command and the exit codes; no command at all is a usage error', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toContain(`  ${c} `);
    expect(r.out).toMatch(/3 {2}the network failed/);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('usage: corsim <command>');
  });

  test("every command's help example is an invocation its own options accept", () => {
    // The shell words of a one-line example: '…' and "…" quote, && joins two invocations.
    const words = (line: string): string[] => [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
    for (const { spec } of SPECS) {
      const invocations = spec.example.split(' && ').map(words);
      const own = invocations.filter(([program, name]) => program === 'corsim' && name === spec.name);
      expect(own, spec.example).toHaveLength(1);
      for (const [program, name, ...argv] of invocations) {
        expect(program).toBe('corsim');
        const command = SPECS.find((c) => c.spec.name === name);
        expect(command, `${spec.name}: ${name ?? ''}`).toBeDefined();
        const parsed = parseCommandArgs(command!.spec, argv);
        expect(parsed.positionals.length, spec.example).toBeGreaterThan(0);
      }
    }
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'packages/corsim/package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const r = await run(['--version']);
    expect([r.code, r.out.trim()]).toEqual([0, pkg.version]);
  });

  test('an unknown command or option is a usage error with a hint', async () => {
    expect(await run(['chek'])).toMatchObject({ code: 2, err: expect.stringContaining("did you mean 'check'?") });
    expect(await run(['help', 'audt'])).toMatchObject({ code: 2, err: expect.stringContaining("did you mean 'audit'?") });
    expect(await run(['check', 'http://x.test/', '--origin', 'http://a.test', '--jsn'])).toMatchObject({ code: 2, err: expect.stringContaining('did you mean --json?') });
    expect(await run(['replay', 'x.json', '--brwser', 'firefox'])).toMatchObject({ code: 2, err: expect.stringContaining('did you mean --browser?') });
    expect(await run(['replay', 'x.json', '--browser', 'firefx'])).toMatchObject({ code: 2, err: expect.stringContaining("did you mean 'firefox'?") });
  });
});

describe('record and colour', () => {
  test('record: a missing --browser or --out, or a browser it does not know, is a usage error', async () => {
    expect(await run(['record', 'x.json', '--out', 'o'])).toMatchObject({ code: 2, err: expect.stringContaining('--browser is required') });
    expect(await run(['record', 'x.json', '--browser', 'chromium'])).toMatchObject({ code: 2, err: expect.stringContaining('--out is required') });
    expect(await run(['record', 'x.json', '--browser', 'netscape', '--out', 'o'])).toMatchObject({ code: 2, err: expect.stringContaining('must be one of chromium, firefox, webkit') });
    expect(await run(['record', '--browser', 'chromium', '--out', 'o'])).toMatchObject({ code: 2, err: expect.stringContaining('at least one scenario') });
  });

  test('colour only when the io says so, and never with NO_COLOR', async () => {
    const file = path.join(EXAMPLES, 'preflight-without-acao.json');
    let out = '';
    await main(['explain', file], { out: (t) => void (out += t), err: () => {}, cwd: ROOT, colour: true });
    expect(out).toContain('\u001b[31mBLOCKED\u001b[0m');
    expect((await run(['explain', file])).out).not.toContain('\u001b[');
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      expect(processIo().colour).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });
});

describe('check: usage errors exit 2, a down server exits 3', () => {
  const url = 'http://127.0.0.1:9/ok';
  const cases: ReadonlyArray<[string, readonly string[], RegExp]> = [
    ['a URL without a scheme', ['127.0.0.1:47811/ok', '--origin', 'http://a.test'], /absolute http\(s\) URL.*did you mean http:\/\/127\.0\.0\.1:47811\/ok\?/],
    ['--credentials yes', [url, '--origin', 'http://a.test', '--credentials', 'yes'], /--credentials must be one of omit, same-origin, include/],
    ["--method 'GE T'", [url, '--origin', 'http://a.test', '--method', 'GE T'], /not an HTTP method/],
    ['no --origin', [url], /needs --origin/],
    ['a bad --origin', [url, '--origin', 'localhost:3000'], /--origin must be an absolute http\(s\) URL/],
    ['a header without a colon', [url, '--origin', 'http://a.test', '-H', 'X-Foo'], /'Name: value'/],
    ['a value-less option', [url, '--origin'], /--origin needs a value/],
    ['two URLs', [url, url, '--origin', 'http://a.test'], /exactly one URL/],
  ];
  for (const [name, argv, message] of cases) {
    test(name, async () => {
      const r = await run(['check', ...argv]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    });
  }

  test('a refused connection is 3, not a CORS verdict, and says so', async () => {
    const r = await run(['check', url, '--origin', 'http://a.test']);
    expect(r.code).toBe(3);
    expect(r.out).toContain('NETWORK ERROR');
    expect(r.out).toContain('not a CORS problem');
  });
});

describe('check against real servers', () => {
  let servers: Record<'defaults' | 'handwritten', Listening>;
  beforeAll(async () => {
    const app = express();
    app.use(cors());
    app.get('/data', (_req, res) => void res.json({ ok: true }));
    // The seed's first error: the API answers OPTIONS itself, without Access-Control-Allow-Origin.
    const handwritten = http.createServer((req, res) => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { Allow: 'GET, PUT' }).end();
        return;
      }
      res.writeHead(200, { 'Access-Control-Allow-Origin': 'http://localhost:3000', 'Content-Type': 'text/plain' }).end('saved');
    });
    servers = { defaults: await listen(http.createServer(app)), handwritten: await listen(handwritten) };
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });

  test('--resolve-only: a name given with --resolve connects, any other fails as ERR_NAME_NOT_RESOLVED (exit 3) without system DNS', async () => {
    const port = new URL(servers.defaults.origin).port;
    const listed = ['--resolve', 'api.test=127.0.0.1', '--resolve-only'];
    const ok = await run(['check', `http://api.test:${port}/data`, '--origin', 'http://localhost:3000', ...listed]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('ALLOWED');
    // localhost is in every hosts file: only the closed map keeps it from resolving.
    const unlisted = await run(['check', `http://localhost:${port}/data`, '--origin', 'http://localhost:3000', ...listed]);
    expect(unlisted.code).toBe(3);
    expect(unlisted.out).toContain('ERR_NAME_NOT_RESOLVED');
    const open = await run(['check', `http://localhost:${port}/data`, '--origin', 'http://localhost:3000', '--resolve', 'api.test=127.0.0.1', '--json']);
    expect(open.out).not.toContain('ERR_NAME_NOT_RESOLVED');
  });

  test('allowed: exit 0, says no preflight was needed and what script sees', async () => {
    const r = await run(['check', `${servers.defaults.origin}/data`, '--origin', 'http://localhost:3000']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ALLOWED');
    expect(r.out).toContain('No preflight: GET is a CORS-safelisted method');
    expect(r.out).toMatch(/script sees: a cors response, status 200/);
  });

  test('blocked on the preflight: exit 1, names the header that forced it, the console line and the fix with its headers', async () => {
    const r = await run(['check', `${servers.handwritten.origin}/data`, '--origin', 'http://localhost:3000', '-X', 'PUT', '-H', 'Content-Type: application/json', '--data', '{}']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Preflight needed: PUT is not a CORS-safelisted method; CORS-unsafe request-header names: content-type');
    expect(r.out).toContain("console:\n  Access to fetch at");
    expect(r.out).toContain('fix: answer the OPTIONS request to /data with `Access-Control-Allow-Origin: http://localhost:3000`');
    expect(r.out).toContain('    Access-Control-Allow-Methods: PUT');
    expect(r.out).toContain('    Access-Control-Allow-Headers: content-type');
    expect(r.out).toMatch(/✗ .*https:\/\/fetch\.spec\.whatwg\.org\//);
  });

  test('* with credentials: the fix says to echo the origin and add Vary: Origin', async () => {
    const r = await run(['check', `${servers.defaults.origin}/data`, '--origin', 'http://localhost:3000', '--credentials', 'include']);
    expect(r.code).toBe(1);
    expect(r.out).toContain("fix: don't send `*` with credentials: echo the allowed origin (`http://localhost:3000`)");
    expect(r.out).toContain('add `Vary: Origin`');
  });

  test('no-cors: no preflight, and script sees an opaque response', async () => {
    const r = await run(['check', `${servers.handwritten.origin}/data`, '--origin', 'http://localhost:3000', '--mode', 'no-cors', '-X', 'POST', '--data', 'x']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('an opaque response: status 0, no headers, no body');
  });

  test('--cookie puts a cookie in the jar: a same-site credentialed fetch carries it in every browser', async () => {
    const r = await run(['check', `${servers.defaults.origin}/data`, '--origin', 'http://127.0.0.1:3000', '--credentials', 'include', '-b', 'sid=1', '--browser', 'all', '--json']);
    const browsers = (JSON.parse(r.out) as { browsers: Array<{ browser: string; wire: Array<{ request: { headers: string[][] } }> }> }).browsers;
    expect(browsers.map((b) => [b.browser, b.wire[0]?.request.headers.find(([n]) => n === 'Cookie')?.[1]])).toEqual([['chromium', 'sid=1'], ['firefox', 'sid=1'], ['webkit', 'sid=1']]);
  });

  test('--cookie: a cookie the browser would not store is a usage error that says why', async () => {
    const r = await run(['check', `${servers.defaults.origin}/data`, '--origin', 'http://127.0.0.1:3000', '-b', 'sid=1; Secure']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--cookie 'sid=1; Secure': chromium would not store it (a Secure cookie cannot be set from an insecure URL)");
  });

  test('a forbidden header given with -H is reported as dropped by the browser', async () => {
    const r = await run(['check', `${servers.defaults.origin}/data`, '--origin', 'http://localhost:3000', '-H', 'Cookie: a=1', '-H', 'X-Ok: 1']);
    expect(r.out).toMatch(/dropped by the browser: Cookie is a forbidden request-header/);
    expect(r.out).not.toMatch(/Cookie: a=1/);
  });

  test('--browser all shows the three browsers side by side, each with its console line', async () => {
    const r = await run(['check', `${servers.defaults.origin}/data`, '--origin', 'http://localhost:3000', '--credentials', 'include', '--browser', 'all']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    for (const b of ['chromium', 'firefox', 'webkit']) {
      expect(lines.some((l) => l.startsWith(b) && l.includes('BLOCKED'))).toBe(true);
      expect(lines.some((l) => l.startsWith(b) && l.includes('console:'))).toBe(true);
    }
  });

  test('--json gives the whole outcome per browser', async () => {
    const r = await run(['check', `${servers.handwritten.origin}/data`, '--origin', 'http://localhost:3000', '-X', 'PUT', '--browser', 'all', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { browsers: Array<Record<string, any>> };
    expect(json.browsers.map((b) => b.browser)).toEqual(['chromium', 'firefox', 'webkit']);
    for (const b of json.browsers) {
      expect(b.verdict).toBe('blocked');
      expect(b.reason.code).toBe('PreflightMissingAllowOriginHeader');
      expect(b.fix.summary).toContain('answer the OPTIONS request to /data');
      expect(b.trace.length).toBeGreaterThan(2);
      expect(b.wire[0].request.method).toBe('OPTIONS');
      expect(b.console.length).toBeGreaterThan(0);
    }
  });
});

describe('explain and the examples', () => {
  const EXPECTED: Record<string, ReadonlyArray<string>> = {
    'apache-htaccess.json': ['allowed', 'allowed', 'WildcardOriginNotAllowed'],
    'express-allow-cross-domain.json': ['allowed', 'MethodDisallowedByPreflightResponse'],
    'preflight-without-acao.json': ['PreflightMissingAllowOriginHeader'],
    'wildcard-with-credentials.json': ['allowed', 'WildcardOriginNotAllowed'],
    'json-content-type-not-allowed.json': ['HeaderDisallowedByPreflightResponse', 'allowed'],
  };
  for (const [file, verdicts] of Object.entries(EXPECTED)) {
    test(`${file}: every browser gives ${verdicts.join(', ')}, each failure with a fix`, async () => {
      const r = await run(['explain', path.join(EXAMPLES, file), '--browser', 'all', '--json']);
      expect(r.code).toBe(verdicts.every((v) => v === 'allowed') ? 0 : 1);
      const json = JSON.parse(r.out) as { steps: Array<{ browsers: Array<Record<string, any>> }> };
      expect(json.steps.map((s) => s.browsers.map((b) => (b.verdict === 'allowed' ? 'allowed' : b.reason.code)))).toEqual(verdicts.map((v) => [v, v, v]));
      for (const s of json.steps) for (const b of s.browsers) if (b.verdict !== 'allowed') expect(b.fix.summary.length).toBeGreaterThan(10);
    });
  }

  test('the README names every example', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const file of Object.keys(EXPECTED)) expect(readme).toContain(`examples/${file}`);
  });

  test('explain resolves the file against the caller\'s directory and shows the cache entry the preflight made', async () => {
    const r = await run(['explain', 'apache-htaccess.json', '--step', '1'], EXAMPLES);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Cache hit for http://localhost:8080/api/items');
    expect(r.out).toMatch(/entry http:\/\/localhost:8080\/api\/items: method DELETE until t = 1000 s/);
    expect((await run(['explain', 'apache-htaccess.json'], ROOT)).code).toBe(2);
  });

  test('--step out of range is a usage error', async () => {
    expect((await run(['explain', path.join(EXAMPLES, 'preflight-without-acao.json'), '--step', '3'])).code).toBe(2);
  });
});

describe('replay and compare', () => {
  let dir: string;
  const scenario = (id: string, extra: Record<string, unknown> = {}, fetch: Record<string, unknown> = {}): string => JSON.stringify({
    format: 'cors-scenario/1', id, description: '', page: 'http://app.test/',
    servers: { 'http://api.test': [{ method: '*', path: '/x', headers: [['Access-Control-Allow-Origin', '*']], body: 'ok' }] },
    steps: [{ fetch: { url: 'http://api.test/x', ...fetch } }], ...extra,
  });
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'corsim-cli-'));
    mkdirSync(path.join(dir, 'empty'));
    mkdirSync(path.join(dir, 'dupes'));
    writeFileSync(path.join(dir, 'dupes', 'a.json'), scenario('same'));
    writeFileSync(path.join(dir, 'dupes', 'b.json'), scenario('same'));
    mkdirSync(path.join(dir, 'project'));
    writeFileSync(path.join(dir, 'project', 'package.json'), JSON.stringify({ name: 'x', private: true }));
    writeFileSync(path.join(dir, 'project', 'tsconfig.json'), '{}');
    writeFileSync(path.join(dir, 'project', 'one.json'), scenario('one'));
    writeFileSync(path.join(dir, 'good.json'), scenario('good'));
    writeFileSync(path.join(dir, '-dash.json'), scenario('dash'));
    writeFileSync(path.join(dir, 'typo.json'), scenario('typo', {}, { methd: 'PUT' }));
    writeFileSync(path.join(dir, 'inject.json'), JSON.stringify({
      format: 'cors-scenario/1', id: 'inject', description: '', page: 'http://app.test/',
      servers: { 'http://api.test': [{ method: '*', path: '/x', headers: [['X-A', 'a\r\nAccess-Control-Allow-Origin: *']] }] },
      steps: [{ fetch: { url: 'http://api.test/x' } }],
    }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('an empty directory, no scenario and duplicate ids are errors (2) before anything runs', async () => {
    expect(await run(['replay', 'empty'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no scenario files') });
    expect(await run(['replay'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('at least one scenario') });
    const out = path.join(dir, 'out-dupes');
    expect(await run(['replay', 'dupes', '--out', out], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/id 'same' is used by both .*a\.json and .*b\.json/) });
    expect(() => readdirSync(out)).toThrow();
  });

  test('a directory\'s package.json and tsconfig.json are not scenarios; named on the command line, they are read as one', async () => {
    expect(await run(['replay', 'project'], dir)).toMatchObject({ code: 0, out: expect.stringContaining('one') });
    expect((await run(['replay', path.join('project', 'package.json')], dir)).code).toBe(2);
  });

  test('a misspelt member is an error with a hint; the other files still run', async () => {
    const r = await run(['replay', 'typo.json', 'good.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('steps[0].fetch: unknown member "methd" (did you mean "method"?)');
    expect(r.out).toContain('good');
  });

  test('a CR/LF in a rule header value is refused and never reaches the wire', async () => {
    for (const transport of ['inprocess', 'http']) {
      const r = await run(['replay', 'inject.json', '--transport', transport], dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/the value of "X-A" holds NUL, CR, LF/);
      expect(r.out).not.toContain('ALLOWED');
    }
  });

  test('-- ends the options: a file whose name starts with a dash; --out is relative to the caller', async () => {
    const r = await run(['replay', '--out', 'results', '--', '-dash.json'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, 'results'))).toEqual(['dash.result.json']);
  });

  test('replay --json prints the results', async () => {
    const r = await run(['replay', 'good.json', '--json'], dir);
    expect(JSON.parse(r.out)).toMatchObject([{ format: 'cors-result/1', id: 'good', steps: [{ outcome: 'response' }] }]);
  });

  test('compare exits 0 when all agree and 1 with disagreements, with --json', async () => {
    await run(['replay', 'good.json', '--out', 'chromium'], dir);
    await run(['replay', 'good.json', '--out', 'same'], dir);
    writeFileSync(path.join(dir, 'other.json'), scenario('good', {}, { credentials: 'include' }));
    await run(['replay', 'other.json', '--out', 'different'], dir);
    expect((await run(['compare', 'chromium', 'same'], dir)).code).toBe(0);
    const r = await run(['compare', 'chromium', 'different', '--json'], dir);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as { disagreements: unknown[] }).disagreements.length).toBeGreaterThan(0);
    expect((await run(['compare', 'chromium'], dir)).code).toBe(2);
  });
});
