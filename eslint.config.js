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
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main.ts and electron/preload.ts may import electron.' }] }],
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
          paths: [{ name: 'electron', message: 'The renderer reaches the main side only through renderer/api.ts.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node built-ins.' },
            { group: ['**/electron/*', '!**/electron/contract', '!**/electron/bridge'], message: 'The renderer may not import service code.' },
            { group: ['**/electron/contract', '**/electron/bridge'], allowTypeImports: true, message: 'Only types may cross from the main side.' },
          ],
        },
      ],
    },
  },
);
