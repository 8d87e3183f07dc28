/**
 * The real-browser recordings kept as evidence for the presets (`spec-tests/recordings/<browser>/preset-<name>`)
 * must be of the preset as it is now: a preset edited after its recording fails here until it is recorded again.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './build.js';

const RECORDINGS = path.join(REPO_ROOT, 'spec-tests/recordings');
const recorded = readdirSync(RECORDINGS).flatMap((browser) => (existsSync(path.join(RECORDINGS, browser))
  ? readdirSync(path.join(RECORDINGS, browser)).filter((f) => /^preset-.*(?<!\.result)\.json$/.test(f)).map((f) => ({ browser, file: f }))
  : []));

describe('preset recordings', () => {
  it('exist', () => {
    expect(recorded.length).toBeGreaterThan(0);
  });

  it.each(recorded)('$browser/$file is the preset of the same name, and its result is there', ({ browser, file }) => {
    const name = file.replace(/^preset-/, '');
    const preset = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8')) as { id: string };
    const scenario = JSON.parse(readFileSync(path.join(RECORDINGS, browser, file), 'utf8')) as { id: string };
    expect(scenario).toEqual({ ...preset, id: `preset-${preset.id}` });
    const result = JSON.parse(readFileSync(path.join(RECORDINGS, browser, file.replace(/\.json$/, '.result.json')), 'utf8')) as { id: string };
    expect(result.id).toBe(scenario.id);
  });
});
