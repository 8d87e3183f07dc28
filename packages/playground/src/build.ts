/**
 * The playground's Vite configuration, shared by `vite.config.ts` and the end-to-end test's build: static
 * files with relative asset paths, workspace packages read from source through the `source` condition.
 */
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, type InlineConfig } from 'vite';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../../../dist/playground', import.meta.url));

export function playgroundConfig(outDir: string = DEFAULT_OUT_DIR): InlineConfig {
  return {
    configFile: false,
    root: PACKAGE_ROOT,
    base: './',
    resolve: { conditions: ['source', ...defaultClientConditions] },
    server: { fs: { allow: [REPO_ROOT] } },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  };
}
