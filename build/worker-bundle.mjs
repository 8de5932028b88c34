// The batch worker bundle (dist/worker/): Voxbench's CLI and its worker threads with every JS dependency bundled
// in, the package.json it reads its version from, the kernels addon, and ONNX Runtime for Linux x64 and arm64 in its
// node_modules (native, so never bundled: the inference worker of a model step loads it). A cluster node needs only
// Node ≥ 20. bundle.sha256 names its content, so a cluster installs each version once.
import { createHash } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// What of onnxruntime-node a Linux node loads: its JS, onnxruntime-common's, and the Linux binaries (not macOS's or Windows').
const onnxRuntimeFiles = ['onnxruntime-node/package.json', 'onnxruntime-node/dist', 'onnxruntime-node/bin/napi-v6/linux/x64', 'onnxruntime-node/bin/napi-v6/linux/arm64', 'onnxruntime-common/package.json', 'onnxruntime-common/dist'];

// Bundled CommonJS packages call require(); an ESM bundle gets one (and __dirname) made for it. ssh2's optional native speedups
// (cpu-features, sshcrypto.node) stay out: it falls back without them. ONNX Runtime and addons are native: never bundled.
const banner = {
  js: "import { createRequire as voxbenchRequire } from 'node:module'; import { fileURLToPath as voxbenchPath } from 'node:url'; const require = voxbenchRequire(import.meta.url); const __filename = voxbenchPath(import.meta.url); const __dirname = voxbenchPath(new URL('.', import.meta.url));",
};

/** esbuild options for a CLI whose JavaScript packages are bundled in (one file read instead of hundreds resolved at each
 * start), split into chunks so a module the CLI imports lazily (import()) keeps its own imports out of the start-up. */
export const bundledCli = { bundle: true, splitting: true, platform: 'node', target: 'node20', format: 'esm', external: ['onnxruntime-node', 'electron', 'cpu-features', '*.node'], banner, logLevel: 'warning' };

export async function buildWorkerBundle() {
  const { build } = await import('esbuild');
  rmSync('dist/worker', { recursive: true, force: true });
  const workers = JSON.parse(readFileSync('electron/workers/entries.json', 'utf8'));
  const outdir = 'dist/worker/dist/electron';
  const { metafile } = await build({ ...bundledCli, entryPoints: { cli: 'electron/shell/cli.ts', ...workers }, outdir, metafile: true });
  const missing = externalsAtStartup(metafile, `${outdir}/cli.js`);
  if (missing.length) throw new Error(`build/worker-bundle.mjs: the bundled CLI imports ${missing.join(', ')} at start-up; a cluster node may not have it. Import it with import() in the command that needs it.`);
  const { name, version, type } = JSON.parse(readFileSync('package.json', 'utf8'));
  mkdirSync('dist/worker/native/build', { recursive: true });
  writeFileSync('dist/worker/package.json', `${JSON.stringify({ name, version, type }, null, 1)}\n`);
  if (existsSync('native/build/voxbench_kernels.node')) copyFileSync('native/build/voxbench_kernels.node', 'dist/worker/native/build/voxbench_kernels.node');
  for (const path of onnxRuntimeFiles) cpSync(join('node_modules', path), join('dist/worker/node_modules', path), { recursive: true, dereference: true });
  writeFileSync('dist/worker/bundle.sha256', `${contentHash('dist/worker')}\n`);
}

/** SHA-256 over every file's path, size and bytes, in path order. */
function contentHash(dir) {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
  for (const path of files.sort()) {
    const bytes = readFileSync(join(dir, path));
    hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
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
