// Builds everything `npm start`, `npm run serve` and the CLI run: the main side (esbuild), the renderer
// (Vite) and the default scan in assets/.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Written last, so its time is when every output was complete.
const stamp = 'dist/.built';
const inputs = ['electron', 'renderer', 'build', 'native', 'package.json', 'package-lock.json', 'vite.config.ts'];
const outputs = [stamp, 'dist/electron/cli.js', 'dist/worker/dist/electron/cli.js', 'dist/worker/bundle.sha256', 'assets/shepp-logan.nii.gz', 'assets/models/demo-tissue.onnx', 'assets/models/demo-box-threshold.onnx'];

function newestInput() {
  const files = inputs.flatMap((path) => (statSync(path).isDirectory() ? readdirSync(path, { recursive: true }).map((name) => join(path, name)) : [path]));
  return Math.max(...files.filter((file) => !file.startsWith('native/build')).map((file) => statSync(file).mtimeMs));
}

if (outputs.every((file) => existsSync(file)) && statSync(stamp).mtimeMs > newestInput()) {
  console.log('build up to date');
  process.exit(0);
}
const { build } = await import('esbuild');
const { build: viteBuild } = await import('vite');

const node = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning' };

// esbuild adds files and never removes any: a split CLI's chunks of earlier builds would pile up beside the new ones.
rmSync('dist/electron', { recursive: true, force: true });

// One bundle per thread the app starts: the shell, browser mode, and each kind of worker (the list workers/boot.ts starts from).
const workers = JSON.parse(readFileSync('electron/workers/entries.json', 'utf8'));
const entryPoints = { main: 'electron/shell/main.ts', start: 'electron/shell/start.ts', ...workers };
await build({ ...node, entryPoints, outdir: 'dist/electron', format: 'esm' });
// The CLI as dist/worker's (its packages bundled in, split per command); its chunks sit beside the entries, as
// workers/boot.ts and appRoot.ts find their files from their own location.
const { bundledCli } = await import('./worker-bundle.mjs');
await build({ ...bundledCli, entryPoints: ['electron/shell/cli.ts'], outdir: 'dist/electron', sourcemap: 'linked', banner: { js: `#!/usr/bin/env node\n${bundledCli.banner.js}` } });
chmodSync('dist/electron/cli.js', 0o755);
// Sandboxed preloads must be CommonJS; electron is the only outside module they may require.
await build({ ...node, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', packages: undefined, external: ['electron'] });
await build({ ...node, entryPoints: ['build/make-phantom.ts', 'build/make-demo-model.ts'], outdir: 'dist/build', format: 'esm' });

if (!existsSync('assets/shepp-logan.nii.gz')) execFileSync(process.execPath, ['dist/build/make-phantom.js'], { stdio: 'inherit' });
if (!['demo-tissue', 'demo-box-threshold'].every((name) => existsSync(`assets/models/${name}.onnx`))) execFileSync(process.execPath, ['dist/build/make-demo-model.js'], { stdio: 'inherit' });
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
(await import('./native.mjs')).buildNative();
await (await import('./worker-bundle.mjs')).buildWorkerBundle();
writeFileSync(stamp, `${new Date().toISOString()}\n`);
