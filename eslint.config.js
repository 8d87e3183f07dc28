// ESLint (flat config): a small rule set whose point is the layering — what each part of the repository may import
// and which runtime globals it may touch. Syntax-only (no type information), so a whole-repository run stays quick.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

const root = path.dirname(fileURLToPath(import.meta.url));

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const nodeBuiltinPaths = nodeBuiltins.flatMap((name) => [name, `${name}/*`]);

const NODE_BUILTIN = { group: ['node:*', ...nodeBuiltinPaths], message: 'Node built-ins are not available in a browser page.' };

const ENGINE_IMPORTS = {
  patterns: [
    { ...NODE_BUILTIN, message: 'The engine is pure: no I/O, no Node built-ins; ports bring the outside world in.' },
    { regex: '^(@corsim/|corsim($|/))', message: 'The engine is the bottom layer: it imports no workspace package.' },
  ],
};

const ENGINE_GLOBALS = [
  ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map((name) => ({
    name, message: 'The engine has no clock: timers come in through an interface (queueMicrotask is fine).',
  })),
  { name: 'Date', message: 'The engine has no clock: time comes in through the Clock port.' },
  { name: 'process', message: 'The engine runs unchanged in a browser page: no process.' },
  { name: 'globalThis', message: 'The engine reads no globals.' },
];

const BROWSER_SAFE_IMPORTS = {
  patterns: [
    NODE_BUILTIN,
    { group: ['undici', 'undici/*', 'light-my-request', 'playwright-core', 'playwright-core/*', 'puppeteer-core', 'puppeteer-core/*'],
      message: 'Browser-safe corsim modules may not depend on Node-only packages; put Node-only code in src/node/.' },
    { regex: '^\\.\\.?/(.*/)?node/', message: 'Browser-safe corsim modules may not import the Node-only src/node/ folder.' },
  ],
};

// The playground's page modules run in a browser tab: Node built-ins and globals, Node-only packages, the corsim
// root entry (it re-exports the Node transports), corsim's sources by path and the page's own Node helpers are out.
const PLAYGROUND_NODE_HELPERS = ['build', 'share-node', 'share-link'];
const PLAYGROUND_PAGE_IMPORTS = {
  patterns: [
    NODE_BUILTIN,
    { group: [...BROWSER_SAFE_IMPORTS.patterns[1].group, 'vite', 'vite/*', 'vitest', 'vitest/*'],
      message: 'The playground page runs in a browser tab: no Node-only packages.' },
    { regex: '^corsim$', message: 'The corsim root entry re-exports Node transports: the page imports corsim/scenario.' },
    { regex: '^corsim/(?!scenario$)', message: 'The page imports only the browser-safe corsim/scenario entry.' },
    { regex: '^\\.\\./', message: 'The page imports workspace packages by name (their browser-safe entries), not by path.' },
    { regex: `^\\./(${PLAYGROUND_NODE_HELPERS.join('|')})(\\.[jt]s)?$`, message: 'Node-only playground helper: the page may not import it.' },
  ],
};
const PLAYGROUND_PAGE_GLOBALS = ['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global'].map((name) => ({
  name, message: 'The playground page runs in a browser tab: no Node globals.',
}));

/** Resolves a relative specifier the way TypeScript's NodeNext resolution does for this repository's sources. */
function resolveRelative(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base.replace(/\.(m?)js$/, '.$1ts'), base, `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((file) => /\.[mc]?[jt]s$/.test(file) && existsSync(file));
}

/**
 * `corsim/no-transitive-import`: the linted module must not reach a forbidden module through any chain of
 * relative imports (static, re-export or dynamic). `forbidden` entries match a bare specifier (`regex`) or a
 * repository folder (`path`, relative to the root).
 */
const noTransitiveImport = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid reaching a module through any chain of imports' },
    schema: [{ type: 'object', properties: { forbidden: { type: 'array' } }, required: ['forbidden'], additionalProperties: false }],
    messages: { reaches: 'This module reaches {{what}} through {{chain}}.' },
  },
  create(context) {
    const forbidden = context.options[0].forbidden.map((f) => ({ ...f, regex: f.regex && new RegExp(f.regex), dir: f.path && path.join(root, f.path) }));
    const hit = (specifier, file) => forbidden.find((f) => (f.regex && f.regex.test(specifier)) || (f.dir && file?.startsWith(f.dir)));
    return {
      'Program:exit'(node) {
        const start = path.resolve(context.filename);
        const seen = new Set([start]);
        const queue = [{ file: start, text: context.sourceCode.text, chain: [] }];
        while (queue.length > 0) {
          const { file, text, chain } = queue.shift();
          for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
            const target = specifier.startsWith('.') ? resolveRelative(file, specifier) : undefined;
            const found = hit(specifier, target);
            const next = [...chain, specifier];
            if (found) return void context.report({ node, messageId: 'reaches', data: { what: found.message, chain: next.join(' → ') } });
            if (target && !seen.has(target)) {
              seen.add(target);
              queue.push({ file: target, text: readFileSync(target, 'utf8'), chain: next });
            }
          }
        }
      },
    };
  },
};

const TESTS = ['**/*.test.ts'];

export default defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/.tmp/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, corsim: { rules: { 'no-transitive-import': noTransitiveImport } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    // no-control-regex stays off: byte-class regexes over control characters are the point of HTTP header checks.
    rules: {
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-self-compare': 'error',
      '@typescript-eslint/no-empty-object-type': 'error',
    },
  },
  {
    files: ['packages/engine/src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', ENGINE_IMPORTS],
      'no-restricted-globals': ['error', ...ENGINE_GLOBALS],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'The engine is deterministic: randomness comes in as a seed.' }],
    },
  },
  {
    files: ['packages/corsim/src/**/*.ts'],
    // The two barrels re-export the Node transports for Node users; a browser entry must not go through them.
    ignores: [...TESTS, 'packages/corsim/src/{node,cli}/**', 'packages/corsim/src/index.ts', 'packages/corsim/src/transports/index.ts'],
    rules: { 'no-restricted-imports': ['error', BROWSER_SAFE_IMPORTS] },
  },
  {
    // Known exception, kept visible here rather than hidden in the file: it reads Node's STATUS_CODES table.
    files: ['packages/corsim/src/transports/fetch-handler.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: BROWSER_SAFE_IMPORTS.patterns.map((p) => (p === NODE_BUILTIN ? { ...p, group: [...p.group, '!node:http'] } : p)) }] },
  },
  {
    files: ['packages/corsim/src/index.ts'],
    rules: {
      'corsim/no-transitive-import': ['error', {
        forbidden: [
          { regex: '^@corsim/recorder($|/)', message: 'the recorder package' },
          { path: 'packages/recorder/', message: 'the recorder (packages/recorder)' },
        ],
      }],
    },
  },
  {
    files: ['packages/playground/src/**/*.ts'],
    ignores: [...TESTS, ...PLAYGROUND_NODE_HELPERS.map((name) => `packages/playground/src/${name}.ts`)],
    rules: {
      'no-restricted-imports': ['error', PLAYGROUND_PAGE_IMPORTS],
      'no-restricted-globals': ['error', ...PLAYGROUND_PAGE_GLOBALS],
    },
  },
);
