// The batch worker bundle (dist/worker/): Voxbench's CLI and its worker threads with every JS dependency bundled
// in, the package.json it reads its version from, and the kernels addon. A cluster node needs only Node ≥ 20
// (and, for model steps, onnxruntime-node beside it: native, so never bundled).
import { isBuiltin } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export async function buildWorkerBundle() {
  const { build } = await import('esbuild');
  rmSync('dist/worker', { recursive: true, force: true });
  const workers = JSON.parse(readFileSync('electron/workers/entries.json', 'utf8'));
  // Bundled CommonJS packages call require(); an ESM bundle gets one (and __dirname) made for it. ssh2's optional native speedups
  // (cpu-features, sshcrypto.node) stay out: it falls back without them.
  const banner = {
    js: "import { createRequire as voxbenchRequire } from 'node:module'; import { fileURLToPath as voxbenchPath } from 'node:url'; const require = voxbenchRequire(import.meta.url); const __filename = voxbenchPath(import.meta.url); const __dirname = voxbenchPath(new URL('.', import.meta.url));",
  };
  // Split into chunks, so a module the CLI imports lazily (import()) keeps its own imports out of the CLI's start-up.
  const outdir = 'dist/worker/dist/electron';
  const { metafile } = await build({ entryPoints: { cli: 'electron/shell/cli.ts', ...workers }, outdir, bundle: true, splitting: true, metafile: true, platform: 'node', target: 'node20', format: 'esm', external: ['onnxruntime-node', 'electron', 'cpu-features', '*.node'], banner, logLevel: 'warning' });
  const missing = externalsAtStartup(metafile, `${outdir}/cli.js`);
  if (missing.length) throw new Error(`build/worker-bundle.mjs: the bundled CLI imports ${missing.join(', ')} at start-up; a cluster node may not have it. Import it with import() in the command that needs it.`);
  const { name, version, type } = JSON.parse(readFileSync('package.json', 'utf8'));
  mkdirSync('dist/worker/native/build', { recursive: true });
  writeFileSync('dist/worker/package.json', `${JSON.stringify({ name, version, type }, null, 1)}\n`);
  if (existsSync('native/build/voxbench_kernels.node')) copyFileSync('native/build/voxbench_kernels.node', 'dist/worker/native/build/voxbench_kernels.node');
}

/** Packages outside the bundle that `entry` loads before any command runs: its static imports and theirs, chunks included. */
function externalsAtStartup(metafile, entry) {
  const seen = new Set([entry]);
  const found = new Set();
  for (const file of seen) {
    for (const { path, kind, external } of metafile.outputs[file]?.imports ?? []) {
      if (kind !== 'import-statement') continue;
      if (!external) seen.add(path);
      else if (!isBuiltin(path)) found.add(path);
    }
  }
  return [...found];
}
