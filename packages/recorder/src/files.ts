/**
 * Recording scenario files into result files: what `corsim record` (and scripts/record.ts) does.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Scenario } from 'corsim/scenario';
import { createRecorder, type RecordOptions } from './record.js';
import { parsePlayableScenario } from './scenario-file.js';

/**
 * The scenario files among `paths`: files as given, and for a directory its `*.json` files
 * (not `*.result.json`), sorted. Throws when a path does not exist.
 */
export async function collectScenarioFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new Error(`no such file or directory: ${p}`);
    }
    if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith('.json') && !n.endsWith('.result.json')).sort();
      out.push(...names.map((n) => path.join(p, n)));
    } else {
      out.push(p);
    }
  }
  return out;
}

export interface RecordFilesOptions extends RecordOptions {
  readonly files: readonly string[];
  readonly outDir: string;
  /** Progress and problems, one line each. Default: nothing. */
  readonly log?: (line: string) => void;
  readonly freshBrowser?: boolean;
}

export interface RecordFilesSummary {
  readonly recorded: string[];
  /** Files that are cors-result/1 and so were not played. */
  readonly skipped: string[];
  readonly failed: Array<{ readonly file: string; readonly error: string }>;
  readonly browser: string | undefined;
}

async function loadScenario(file: string): Promise<Scenario | 'result'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format === 'cors-result/1') return 'result';
  return parsePlayableScenario(json, path.basename(file));
}

/** Records every file in turn with one browser process; a bad file is reported and the rest go on. */
export async function recordFiles(options: RecordFilesOptions): Promise<RecordFilesSummary> {
  const log = options.log ?? (() => undefined);
  const summary: RecordFilesSummary = { recorded: [], skipped: [], failed: [], browser: undefined };
  await mkdir(options.outDir, { recursive: true });
  const recorder = createRecorder(options);
  try {
    for (const [i, file] of options.files.entries()) {
      const tag = `[${i + 1}/${options.files.length}]`;
      let scenario: Scenario | 'result';
      try {
        scenario = await loadScenario(file);
      } catch (e) {
        const error = (e as Error).message;
        summary.failed.push({ file, error });
        log(`${tag} ${file}: ERROR ${error}`);
        continue;
      }
      if (scenario === 'result') {
        summary.skipped.push(file);
        continue;
      }
      const started = Date.now();
      try {
        const result = await recorder.record(scenario);
        const out = path.join(options.outDir, `${scenario.id}.result.json`);
        await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
        summary.recorded.push(file);
        log(`${tag} ${scenario.id}: ${result.steps.map((s) => (s.outcome === 'response' ? s.response?.status : (s.error?.code ?? 'error'))).join(', ')} (${Date.now() - started} ms)`);
      } catch (e) {
        const error = (e as Error).message;
        summary.failed.push({ file, error });
        log(`${tag} ${file}: ERROR ${error}`);
        if ((e as Error).name === 'BrowserNotInstalledError') {
          // Nothing else can be recorded either: say so for every remaining file.
          for (const rest of options.files.slice(i + 1)) summary.failed.push({ file: rest, error });
          log(`${options.files.length - i - 1} more files not attempted`);
          break;
        }
      }
    }
  } finally {
    (summary as { browser: string | undefined }).browser = recorder.version();
    await recorder.close();
  }
  return summary;
}
