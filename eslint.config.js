// House rules as lint: only the shell imports electron; the renderer sees the main side through types only.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'zlib', 'stream', 'url', 'util'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'test/fixtures/generated/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/main.ts', 'electron/shell/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/shell/main.ts and electron/shell/preload.ts may import electron.' }] }],
    },
  },
  {
    files: ['test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['child_process', 'node:child_process'].map((name) => ({ name, message: 'Unit tests are pure Node: a test that runs Python, Chromium or a server belongs in test/integration.' })) }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the main side only through renderer/client/api.ts.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node built-ins.' },
            { group: ['**/electron/*', '**/electron/*/**', '!**/electron/common', '!**/electron/common/**'], message: 'The renderer may import only the contract (electron/common).' },
            { group: ['**/electron/common/**'], allowTypeImports: true, message: 'Only types may cross from the main side.' },
          ],
        },
      ],
    },
  },
);
