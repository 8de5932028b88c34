// House rules as lint: only the shell imports electron; the renderer sees the main side through the contract;
// folders import along the layer order (ARCHITECTURE.md §1); bulk URLs come from common/routes.ts's builders.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'zlib', 'stream', 'url', 'util'];
const onlyShellImportsElectron = { name: 'electron', message: 'Only electron/shell/main.ts and electron/shell/preload.ts may import electron.' };

/** A folder's own import bans, added to what every file of its side may not import (a later block replaces a rule's options). */
const electronImports = (...patterns) => ['error', { paths: [onlyShellImportsElectron], patterns }];
const rendererImports = (...patterns) => [
  'error',
  {
    paths: [{ name: 'electron', message: 'The renderer reaches the main side only through renderer/client/api.ts.' }],
    patterns: [
      { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node built-ins.' },
      { group: ['**/electron/*', '**/electron/*/**', '!**/electron/common', '!**/electron/common/**'], message: 'The renderer may import only the contract (electron/common).' },
      { group: ['**/electron/common/**', '!**/electron/common/routes', '!**/electron/common/jobIds'], allowTypeImports: true, message: 'Only types, route builders and job ids may cross from the main side.' },
      ...patterns,
    ],
  },
];

/** Route paths start with these (common/routes.ts), bare or under the transport's data root. */
const routeStart = String.raw`/^(\/?(data\/)?|voxbench:\/\/)(volume|segment|surface|upload|export)\//`;
const routeMessage = 'Build bulk paths with electron/common/routes.ts (routes.<name>.path(...)), then client.dataUrl(path).';

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
    rules: { 'no-restricted-imports': electronImports() },
  },
  {
    // The contract is a leaf: the renderer, the shell, the services and the workers import it, it imports none of them.
    files: ['electron/common/**/*.ts'],
    rules: { 'no-restricted-imports': electronImports({ regex: String.raw`^(?!zod$|\./(?!.*\.\.))`, message: 'electron/common imports nothing but zod and its own files.' }) },
  },
  {
    files: ['electron/workers/**/*.ts'],
    rules: { 'no-restricted-imports': electronImports({ regex: String.raw`^\.\./(?!common/)|^\.\./.*\.\.`, message: 'The worker layer imports only electron/common (and Node).' }) },
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: { 'no-restricted-imports': electronImports({ regex: String.raw`^(\.\./)+(shell|renderer)/`, message: 'Services are plain Node: they never import the shell or the renderer.' }) },
  },
  {
    // Threads are started only by the worker layer, which owns boot, crash handling and pools.
    files: ['electron/**/*.ts'],
    ignores: ['electron/workers/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Worker']", message: 'Only electron/workers/ starts threads: use its worker client.' },
        { selector: "NewExpression[callee.property.name='Worker']", message: 'Only electron/workers/ starts threads: use its worker client.' },
      ],
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
      '@typescript-eslint/no-restricted-imports': rendererImports(),
      'no-restricted-syntax': [
        'error',
        { selector: `TemplateLiteral[quasis.0.value.raw=${routeStart}]`, message: routeMessage },
        { selector: `Literal[value=${routeStart}]`, message: routeMessage },
        { selector: ':matches(CallExpression[callee.name="dataUrl"], CallExpression[callee.property.name="dataUrl"]) > :matches(Literal, TemplateLiteral, BinaryExpression)', message: routeMessage },
      ],
    },
  },
  {
    // Pure geometry: nothing of the renderer but itself.
    files: ['renderer/geometry/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': rendererImports({ regex: String.raw`^\.\./(?!\.\./)`, message: 'renderer/geometry is pure: it imports only itself and the contract.' }) },
  },
  {
    files: ['renderer/state/**/*.{ts,tsx}'],
    // segments.ts takes the tool ids and their defaults from the tool list until they come from electron/common.
    ignores: ['renderer/state/segments.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': rendererImports({ regex: String.raw`^(\.\./)+(views|tools|actions|panels)(/|$)`, message: 'Stores sit below views, tools, actions and panels: they may not import them.' }) },
  },
  {
    files: ['renderer/tools/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': rendererImports({ regex: String.raw`^(\.\./)+(views|panels)(/|$)`, message: 'Tools sit below views and panels: they may not import them.' }) },
  },
  {
    files: ['renderer/views/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': rendererImports({ regex: String.raw`^(\.\./)+panels(/|$)`, message: 'Views sit below panels: they may not import them.' }) },
  },
);
