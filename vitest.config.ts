import { configDefaults, defineConfig } from 'vitest/config';

// Packages run from source: the `source` export condition points each workspace package at its src/.
const conditions = ['source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  // Only `source` plus Node's own conditions for the workers: `import`/`module` there would also steer native require() (express's is-promise) to ESM builds.
  ssr: { resolve: { conditions: ['source', 'node', 'default'], externalConditions: ['source'] } },
  test: {
    projects: [
      { extends: true, test: { name: 'engine', include: ['packages/engine/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'vitest-matchers', include: ['packages/vitest/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'corsim', include: ['packages/corsim/src/**/*.test.ts'], testTimeout: 30_000 } },
      { extends: true, test: { name: 'playground', include: ['packages/playground/src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000 } },
      { extends: true, test: { name: 'examples', include: ['examples/*.test.ts'] } },
      { extends: true, test: { name: 'recorder', include: ['packages/recorder/src/**/*.test.ts'], testTimeout: 30_000 } },
      // spec-tests/package/project is a user's project, run by the packing test after installing the tarballs.
      { extends: true, test: { name: 'spec-tests', include: ['spec-tests/**/*.test.ts'], exclude: [...configDefaults.exclude, 'spec-tests/package/project/**'], testTimeout: 120_000 } },
    ],
  },
});
