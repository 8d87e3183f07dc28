/**
 * Runs the robustness fuzz targets (spec-tests/fuzz/targets.ts, the same ones CI runs at a smaller size) with many
 * more cases, and prints the figures: cases per target, time, rate, failures.
 *
 *   node_modules/.bin/tsx --conditions=source scripts/fuzz.ts [--runs 1000000] [--target SUBSTRING] [--seed N]
 *
 * --runs     total number of cases, shared among the targets in the proportions of their CI sizes (default 1 000 000)
 * --target   only the targets whose name contains SUBSTRING (repeatable)
 * --seed     fast-check seed (default: random; printed, and every failure prints the seed and path to replay it)
 *
 * Exit status: 0 when every target passed, 1 when one failed, 2 for bad usage.
 */
import fc from 'fast-check';
import { TARGETS, disposeFuzzFixtures } from '../spec-tests/fuzz/targets.ts';

interface Options {
  runs: number;
  targets: string[];
  seed: number;
}

function usage(message: string): never {
  process.stderr.write(`fuzz: ${message}\nusage: fuzz.ts [--runs N] [--target SUBSTRING]… [--seed N]\n`);
  process.exit(2);
}

function parse(argv: readonly string[]): Options {
  const options: Options = { runs: 1_000_000, targets: [], seed: (Date.now() ^ (Math.random() * 0x100000000)) | 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => inline ?? argv[++i] ?? usage(`${name} needs a value`);
    switch (name) {
      case '--runs': {
        const n = Number(value().replace(/[_ ]/g, ''));
        if (!Number.isInteger(n) || n < 1) usage('--runs needs a positive integer');
        options.runs = n;
        break;
      }
      case '--target':
        options.targets.push(value());
        break;
      case '--seed': {
        const n = Number(value());
        if (!Number.isInteger(n)) usage('--seed needs an integer');
        options.seed = n;
        break;
      }
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return options;
}

const fmt = (n: number): string => n.toLocaleString('en-US').replace(/,/g, ' ');

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const targets = TARGETS.filter((t) => options.targets.length === 0 || options.targets.some((s) => t.name.includes(s)));
  if (targets.length === 0) usage(`no target matches ${options.targets.join(', ')}`);
  const weight = targets.reduce((sum, t) => sum + t.runs, 0);
  console.log(`fuzz: ${fmt(options.runs)} cases over ${targets.length} targets, seed ${options.seed}`);

  // Shares in proportion to the CI sizes, largest remainders first, so that they add up to exactly --runs.
  const exact = targets.map((t) => (options.runs * t.runs) / weight);
  const shares = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest);
  const missing = options.runs - shares.reduce((s, n) => s + n, 0);
  for (let k = 0; k < missing; k++) shares[order[k % order.length]!.i]! += 1;

  const rows: Array<{ name: string; cases: number; ms: number; failed: string | null }> = [];
  const started = performance.now();
  for (const [index, target] of targets.entries()) {
    const numRuns = Math.max(1, shares[index] as number);
    const t0 = performance.now();
    let failed: string | null = null;
    let cases = numRuns;
    try {
      const details = await fc.check(target.property() as fc.IAsyncProperty<unknown>, {
        seed: options.seed, numRuns, ...(target.timeout !== undefined ? { timeout: target.timeout } : {}),
      });
      cases = details.numRuns;
      if (details.failed) {
        const error = details.errorInstance instanceof Error ? `\nError: ${details.errorInstance.message}` : '';
        failed = `${fc.defaultReportMessage(details) ?? 'failed'}${error}\nReplay: CORSIM_FC_SEED=${details.seed} CORSIM_FC_PATH='${details.counterexamplePath ?? ''}' node_modules/.bin/vitest run spec-tests/fuzz -t '${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "'\\''")}'`;
      }
    } catch (error) {
      failed = `the run itself threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
    }
    const ms = performance.now() - t0;
    rows.push({ name: target.name, cases, ms, failed });
    console.log(`  ${failed ? 'FAIL' : 'ok  '} ${target.name}: ${fmt(cases)} cases in ${(ms / 1000).toFixed(1)} s`);
    if (failed) console.log(failed.split('\n').map((l) => `       ${l}`).join('\n'));
  }
  const total = performance.now() - started;
  disposeFuzzFixtures();

  const width = Math.max(...rows.map((r) => r.name.length), 6);
  console.log(`\n| ${'target'.padEnd(width)} | ${'cases'.padStart(9)} | ${'time (s)'.padStart(8)} | ${'cases/s'.padStart(8)} | failures |`);
  console.log(`|${'-'.repeat(width + 2)}|${'-'.repeat(11)}|${'-'.repeat(10)}|${'-'.repeat(10)}|----------|`);
  for (const r of rows) {
    console.log(`| ${r.name.padEnd(width)} | ${fmt(r.cases).padStart(9)} | ${(r.ms / 1000).toFixed(1).padStart(8)} | ${fmt(Math.round(r.cases / (r.ms / 1000))).padStart(8)} | ${(r.failed ? '1' : '0').padStart(8)} |`);
  }
  const cases = rows.reduce((s, r) => s + r.cases, 0);
  const failures = rows.filter((r) => r.failed).length;
  console.log(`| ${'total'.padEnd(width)} | ${fmt(cases).padStart(9)} | ${(total / 1000).toFixed(1).padStart(8)} | ${fmt(Math.round(cases / (total / 1000))).padStart(8)} | ${String(failures).padStart(8)} |`);
  return failures ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
