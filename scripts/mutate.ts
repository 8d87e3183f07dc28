/**
 * Mutation harness: proves that every property in spec-tests/properties can fail. It copies the workspace to a
 * temporary directory (node_modules included: pnpm's workspace links are relative, so they keep working there),
 * applies one named mutation at a time to an engine source file (a plain string replacement), runs the property
 * tests in the copy, and prints which properties failed — the mutation is "killed" by them. The working tree is
 * never touched.
 *
 *   node_modules/.bin/tsx --conditions=source scripts/mutate.ts [--only NAME]… [--seed N] [--with-fuzz] [--keep]
 *
 * --only       run only the named mutations (repeatable)
 * --seed       CORSIM_FC_SEED for every run (default 1, so the table is reproducible; any seed should do)
 * --with-fuzz  also run spec-tests/fuzz in each mutant, and report the fuzz targets that failed
 * --keep       keep the temporary copy (its path is printed)
 *
 * Exit status: 0 when the unmutated run passes, every mutation applies and is killed, and every property kills at
 * least one mutation; 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Mutation {
  readonly name: string;
  /** What the mutant gets wrong, in one line. */
  readonly description: string;
  /** Path from the workspace root. */
  readonly file: string;
  /** Replaced text: must occur exactly once in the file. */
  readonly find: string;
  readonly replace: string;
}

const E = 'packages/engine/src';
export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'drop-128-byte-check', description: 'safelisted header values may be longer than 128 bytes',
    file: `${E}/headers.ts`, find: 'if (byteLength(value) > 128) return false;', replace: '',
  },
  {
    name: 'safelist-case-sensitive', description: 'safelisted header names are compared case-sensitively',
    file: `${E}/headers.ts`, find: 'if (!isSafelistedByLowercaseName(lower, value, extra)) {', replace: 'if (!isSafelistedByLowercaseName(name as LowercaseHeaderName, value, extra)) {',
  },
  {
    name: 'content-type-any-essence', description: 'any parsable Content-Type is safelisted',
    file: `${E}/headers.ts`, find: 'return mime !== null && SAFELISTED_CONTENT_TYPES.has(mime.essence);', replace: 'return mime !== null;',
  },
  {
    name: 'last-header-only', description: 'only the last request header is classified',
    file: `${E}/headers.ts`, find: '  for (const [name, value] of list) {\n    const lower = lowercaseHeaderName(name);', replace: '  for (const [name, value] of list.slice(-1)) {\n    const lower = lowercaseHeaderName(name);',
  },
  {
    name: 'headers-never-preflight', description: 'only the method decides on a preflight',
    file: `${E}/preflight.ts`, find: 'return !isCorsSafelistedMethod(method) || unsafeHeaderNames.length > 0;', replace: 'return !isCorsSafelistedMethod(method);',
  },
  {
    name: 'always-preflight', description: 'every CORS request is preflighted',
    file: `${E}/preflight.ts`, find: 'return !isCorsSafelistedMethod(method) || unsafeHeaderNames.length > 0;', replace: 'return true;',
  },
  {
    name: 'acrh-unsorted', description: 'Access-Control-Request-Headers in header-list order, not sorted',
    file: `${E}/preflight.ts`, find: '? convertHeaderNamesToSortedLowercaseSet(input.unsafeHeaderNames)', replace: '? [...new Set(input.unsafeHeaderNames.map((n) => n.toLowerCase()))]',
  },
  {
    name: 'token-list-lenient', description: 'an Access-Control-Allow-*/Expose-Headers item that is not a token is skipped, not fatal',
    file: `${E}/preflight.ts`, find: 'if (!isToken(item)) return null;', replace: 'if (!isToken(item)) continue;',
  },
  {
    name: 'decode-split-ignores-quotes', description: 'get, decode and split splits inside quoted strings too',
    file: `${E}/headers.ts`, find: 'if (ch === \'"\') {\n      // Collect an HTTP quoted string', replace: 'if (false) {\n      // Collect an HTTP quoted string',
  },
  {
    name: 'forbidden-headers-sent', description: 'the Headers guard lets forbidden request-headers through',
    file: `${E}/request.ts`, find: 'if (isForbiddenRequestHeader(rawName, value, options.extraForbiddenHeaders)) {', replace: 'if (false) {',
  },
  {
    name: 'duplicates-not-combined', description: 'same-name request headers are checked one by one (the spec, not Chromium)',
    file: `${E}/request.ts`, find: 'options.combineDuplicateHeaders === false ? guarded : combineHeaderList(guarded)', replace: 'guarded',
  },
  {
    name: 'wildcard-credentials-inverted', description: "ACAO '*' passes with credentials 'include' and fails without",
    file: `${E}/cors-check.ts`, find: "if (allowOrigin === '*') {\n    if (credentials !== 'include') return { ok: true };", replace: "if (allowOrigin === '*') {\n    if (credentials === 'include') return { ok: true };",
  },
  {
    name: 'acac-checked-without-credentials', description: "Access-Control-Allow-Credentials is required whatever the credentials mode",
    file: `${E}/cors-check.ts`, find: "if (credentials !== 'include') return { ok: true };\n  const allowCredentials", replace: 'const allowCredentials',
  },
  {
    name: 'acac-case-insensitive', description: "Access-Control-Allow-Credentials: True is accepted",
    file: `${E}/cors-check.ts`, find: "if (allowCredentials === 'true') return { ok: true };", replace: "if (allowCredentials?.toLowerCase() === 'true') return { ok: true };",
  },
  {
    name: 'acao-case-insensitive', description: 'Access-Control-Allow-Origin is compared case-insensitively',
    file: `${E}/cors-check.ts`, find: 'if (allowOrigin !== requestOrigin) {', replace: 'if (allowOrigin.toLowerCase() !== requestOrigin.toLowerCase()) {',
  },
  {
    name: 'expose-all-headers', description: 'every response header but Set-Cookie is exposed',
    file: `${E}/response-filter.ts`, find: 'const exposed = corsExposedHeaderNames(response.headers, credentials);', replace: "const exposed = '*' as const;",
  },
  {
    name: 'set-cookie-exposed', description: 'Set-Cookie is not a forbidden response-header name',
    file: `${E}/headers.ts`, find: "return isHeaderNamed(name, 'set-cookie') || isHeaderNamed(name, 'set-cookie2');", replace: 'return false;',
  },
  {
    name: 'cache-never-expires', description: 'preflight cache entries never expire',
    file: `${E}/preflight-cache.ts`, find: 'const expiry = now + maxAgeSeconds * 1000;', replace: 'const expiry = Infinity;',
  },
  {
    name: 'max-age-uncapped', description: "Access-Control-Max-Age is not capped at Chromium's 7200 s",
    file: `${E}/profiles/chromium.ts`, find: 'return n > BigInt(CHROMIUM_MAX_AGE_CAP) ? CHROMIUM_MAX_AGE_CAP : Number(n);', replace: 'return Number(n);',
  },
  {
    name: 'cache-over-capacity', description: 'the preflight cache never evicts',
    file: `${E}/preflight-cache.ts`, find: 'if (this.#entries.size < capacity) return;', replace: 'return;',
  },
  {
    name: 'cache-ignores-coverage', description: 'a cached entry is a hit even when it does not cover the request',
    file: `${E}/preflight-cache.ts`, find: 'if (!allows.ok) {\n      if (this.#policy.update', replace: 'if (false) {\n      if (this.#policy.update',
  },
  {
    name: 'no-redirect-taint', description: "a redirect never taints the origin to 'null'",
    file: `${E}/http-redirect-fetch.ts`, find: 'request.tainted = true;', replace: 'request.tainted = false;',
  },
  {
    name: 'redirect-credentials-allowed', description: 'a redirect to a URL with credentials is followed',
    file: `${E}/http-redirect-fetch.ts`, find: 'if (hasCredentials && (', replace: 'if (false && hasCredentials && (',
  },
];

interface Options {
  only: string[];
  seed: string;
  withFuzz: boolean;
  keep: boolean;
}

function parse(argv: readonly string[]): Options {
  const o: Options = { only: [], seed: '1', withFuzz: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--only') o.only.push(argv[++i] ?? '');
    else if (a === '--seed') o.seed = argv[++i] ?? '1';
    else if (a === '--with-fuzz') o.withFuzz = true;
    else if (a === '--keep') o.keep = true;
    else {
      process.stderr.write(`mutate: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  for (const n of o.only) if (!MUTATIONS.some((m) => m.name === n)) {
    process.stderr.write(`mutate: no mutation named '${n}' (known: ${MUTATIONS.map((m) => m.name).join(', ')})\n`);
    process.exit(2);
  }
  return o;
}

interface TestResult {
  readonly file: string;
  readonly title: string;
  readonly status: string;
}

/** Runs vitest in `root` on `paths` and returns every test's status (from the JSON reporter). */
async function runVitest(root: string, paths: readonly string[], seed: string): Promise<{ results: TestResult[]; ms: number; exit: number | null }> {
  const out = path.join(root, '.mutate-result.json');
  rmSync(out, { force: true });
  const t0 = performance.now();
  const exit = await new Promise<number | null>((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/vitest'), ['run', '--project', 'spec-tests', ...paths, '--reporter=json', `--outputFile=${out}`], {
      cwd: root, env: { ...process.env, CORSIM_FC_SEED: seed, CORSIM_FC_PATH: '', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== 1) process.stderr.write(stderr);
      resolve(code);
    });
  });
  const ms = performance.now() - t0;
  if (!existsSync(out)) return { results: [], ms, exit };
  const json = JSON.parse(readFileSync(out, 'utf8')) as { testResults: Array<{ name: string; assertionResults: Array<{ title: string; ancestorTitles: string[]; status: string }> }> };
  const results = json.testResults.flatMap((f) => f.assertionResults.map((a) => ({
    file: path.relative(root, f.name), title: [...a.ancestorTitles.slice(-1), a.title].join(' > '), status: a.status,
  })));
  return { results, ms, exit };
}

const isKnownBugLedger = (r: TestResult): boolean => r.file.endsWith('known-bugs.test.ts');

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const workspace = path.resolve(here, '..');
  const mutations = MUTATIONS.filter((m) => options.only.length === 0 || options.only.includes(m.name));
  const tmp = mkdtempSync(path.join(tmpdir(), 'corsim-mutate-'));
  const root = path.join(tmp, 'workspace');
  console.log(`mutate: copying ${workspace} to ${root}`);
  cpSync(workspace, root, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.startsWith(path.join(workspace, '.git')) });
  const paths = ['spec-tests/properties', ...(options.withFuzz ? ['spec-tests/fuzz'] : [])];
  let ok = true;
  try {
    console.log(`mutate: baseline run (no mutation), CORSIM_FC_SEED=${options.seed}`);
    const baseline = await runVitest(root, paths, options.seed);
    const properties = baseline.results.filter((r) => !isKnownBugLedger(r));
    const baselineFailures = properties.filter((r) => r.status !== 'passed');
    console.log(`  ${properties.length} tests, ${baselineFailures.length} failing, ${(baseline.ms / 1000).toFixed(1)} s`);
    if (properties.length === 0 || baselineFailures.length) {
      for (const f of baselineFailures) console.log(`  FAILS UNMUTATED: ${f.file} > ${f.title}`);
      console.log('mutate: the unmutated workspace must pass first');
      return 1;
    }
    // Stable ids: P1… for properties, F1… for fuzz targets, by file name then order in the file.
    const sorted = properties.map((r, i) => ({ r, i })).sort((a, b) => a.r.file.localeCompare(b.r.file) || a.i - b.i).map(({ r }) => r);
    const counters = { P: 0, F: 0 };
    const ids = new Map(sorted.map((r) => {
      const kind = r.file.includes('/fuzz/') ? 'F' : 'P';
      return [`${r.file}::${r.title}`, `${kind}${++counters[kind]}`];
    }));

    const rows: Array<{ mutation: Mutation; killedBy: string[]; applied: boolean; ms: number }> = [];
    for (const m of mutations) {
      const file = path.join(root, m.file);
      const original = readFileSync(file, 'utf8');
      const count = original.split(m.find).length - 1;
      if (count !== 1) {
        console.log(`  ${m.name}: NOT APPLIED (the text occurs ${count} times in ${m.file})`);
        rows.push({ mutation: m, killedBy: [], applied: false, ms: 0 });
        ok = false;
        continue;
      }
      writeFileSync(file, original.replace(m.find, m.replace));
      try {
        const run = await runVitest(root, paths, options.seed);
        const failed = run.results.filter((r) => !isKnownBugLedger(r) && r.status !== 'passed').map((r) => ids.get(`${r.file}::${r.title}`) ?? `?${r.title}`);
        // A run that produced no results at all (the mutant broke the import graph) kills nothing we can name.
        if (run.results.length === 0) failed.push(`(no results, exit ${run.exit})`);
        rows.push({ mutation: m, killedBy: failed, applied: true, ms: run.ms });
        console.log(`  ${m.name}: ${failed.length ? `killed by ${failed.join(' ')}` : 'SURVIVED'} (${(run.ms / 1000).toFixed(1)} s)`);
      } finally {
        writeFileSync(file, original);
      }
    }

    console.log('\nProperties:');
    for (const [key, id] of ids) console.log(`  ${id.padEnd(4)} ${key.replace('::', ' > ')}`);
    console.log('\n| mutation | what the mutant gets wrong | killed by |');
    console.log('|---|---|---|');
    for (const r of rows) console.log(`| ${r.mutation.name} | ${r.mutation.description} | ${r.applied ? (r.killedBy.length ? r.killedBy.join(', ') : '**survived**') : '**not applied**'} |`);
    console.log('\n| property | killed by |');
    console.log('|---|---|');
    const unkilled: string[] = [];
    for (const [key, id] of ids) {
      const by = rows.filter((r) => r.killedBy.includes(id)).map((r) => r.mutation.name);
      if (by.length === 0 && !id.startsWith('F')) unkilled.push(id);
      console.log(`| ${id} ${key.split('::')[1]} | ${by.length ? by.join(', ') : '**none**'} |`);
    }
    const survivors = rows.filter((r) => r.applied && r.killedBy.length === 0);
    if (survivors.length) {
      ok = false;
      console.log(`\nmutate: ${survivors.length} mutation(s) survived: ${survivors.map((r) => r.mutation.name).join(', ')}`);
    }
    if (unkilled.length) {
      ok = false;
      console.log(`mutate: ${unkilled.length} propert${unkilled.length === 1 ? 'y kills' : 'ies kill'} no mutation: ${unkilled.join(', ')}`);
    }
    if (ok) console.log(`\nmutate: all ${rows.length} mutations killed; every property kills at least one.`);
    return ok ? 0 : 1;
  } finally {
    if (options.keep) console.log(`mutate: kept ${root}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
