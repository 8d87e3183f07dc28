import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordCommand, RECORDER_MISSING } from './record.js';

afterEach(() => { vi.restoreAllMocks(); });

function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /x/corsim/dist/cli/record.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

describe('corsim record', () => {
  it('without @corsim/recorder says which package to add and exits 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    expect(await recordCommand(['x.json'], () => Promise.reject(notFound('@corsim/recorder')))).toBe(2);
    expect(stderr).toHaveBeenCalledWith(RECORDER_MISSING);
    expect(RECORDER_MISSING).toContain('npm install --save-dev @corsim/recorder');
  });

  it('a dependency missing inside the recorder is not reported as the recorder missing', async () => {
    await expect(recordCommand([], () => Promise.reject(notFound('playwright-core')))).rejects.toThrow('playwright-core');
  });

  it('hands the arguments to the recorder', async () => {
    const seen: (readonly string[])[] = [];
    const code = await recordCommand(['a.json', '--browser', 'chromium'], async () => ({ recordCommand: async (argv: readonly string[]) => { seen.push(argv); return 0; } }));
    expect(code).toBe(0);
    expect(seen).toEqual([['a.json', '--browser', 'chromium']]);
  });
});
