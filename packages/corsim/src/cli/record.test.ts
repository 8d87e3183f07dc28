import { describe, expect, it } from 'vitest';
import { loadRecorder, RECORDER_MISSING } from './record.js';

function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /x/corsim/dist/cli/record.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

describe('loading @corsim/recorder', () => {
  it('is null when the package is not installed, and the message names the package to add', async () => {
    expect(await loadRecorder(() => Promise.reject(notFound('@corsim/recorder')))).toBeNull();
    expect(RECORDER_MISSING).toContain('npm install --save-dev @corsim/recorder');
  });

  it('a dependency missing inside the recorder is not reported as the recorder missing', async () => {
    await expect(loadRecorder(() => Promise.reject(notFound('playwright-core')))).rejects.toThrow('playwright-core');
  });

  it('loads the workspace recorder', async () => {
    const recorder = await loadRecorder();
    expect(typeof recorder?.recordFiles).toBe('function');
  });
});
