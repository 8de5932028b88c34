// Compiles the C++ kernels (native/src/addon.cc) into native/build/voxbench_kernels.node with the system g++/clang++.
// node-gyp is not used: it downloads Node headers, while Node-API needs only node-api-headers (ABI-stable, so one
// build serves Node and Electron). A missing compiler or a failed build prints one line; the TypeScript kernels serve.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const source = 'native/src';
const output = 'native/build/voxbench_kernels.node';
// g++ compiles LZ4 as C++ (it is written to build as both); the C libraries below are compiled by the C compiler.
const sources = [join(source, 'addon.cc'), join(source, 'vendor/lz4/lz4.c')];
const objects = 'native/build/objects';
const vendored = (folder, files) => files.map((file) => join(source, 'vendor', folder, file));

/**
 * The vendored C libraries. One that does not compile is left out of the addon when it is `optional` (its `define`
 * is then not set, and its callers in JS take their wasm path), else the whole addon is not built.
 */
const libraries = [
  {
    name: 'libdeflate',
    files: vendored('libdeflate/lib', ['deflate_decompress.c', 'zlib_decompress.c', 'adler32.c', 'utils.c', 'x86/cpu_features.c', 'arm/cpu_features.c']),
    flags: [],
  },
  {
    name: 'OpenJPEG',
    // Its thread pool stays off (no MUTEX_pthread): the addon decodes one frame per thread.
    files: vendored('openjpeg', ['bio.c', 'cio.c', 'dwt.c', 'event.c', 'function_list.c', 'ht_dec.c', 'image.c', 'invert.c', 'j2k.c', 'jp2.c', 'mct.c', 'mqc.c', 'openjpeg.c', 'opj_clock.c', 'opj_malloc.c', 'pi.c', 'sparse_array.c', 't1.c', 't2.c', 'tcd.c', 'tgt.c', 'thread.c']),
    flags: ['-O3', '-DNDEBUG', '-DOPJ_STATIC'],
    optional: { define: '-DVOXBENCH_OPENJPEG', fallback: 'JPEG 2000 decodes in wasm' },
  },
];

const newest = (folder) => Math.max(...readdirSync(folder, { recursive: true }).map((name) => statSync(join(folder, name)).mtimeMs));

function upToDate() {
  try {
    return newest(source) < statSync(output).mtimeMs;
  } catch {
    return false;
  }
}

function compilerFlags() {
  // An async read finishing after its worker thread was terminated (a volume closed, the app quitting) cannot throw into
  // the dying environment: node-addon-api then swallows the error instead of calling std::terminate on the process.
  const common = ['-O3', '-std=c++17', '-shared', '-fPIC', '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS', '-DNODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS', '-fexceptions', '-Inode_modules/node-addon-api', '-Inode_modules/node-api-headers/include'];
  // napi_* symbols resolve against the host process at load time (macOS needs to be told so).
  return process.platform === 'darwin' ? [...common, '-undefined', 'dynamic_lookup'] : common;
}

const firstLine = (error, program) =>
  error.code === 'ENOENT' ? `${error.path ?? program} not found` : (String(error.stderr ?? error.message).split('\n').find((line) => line.trim()) ?? 'compile failed');

/** A library's objects, each compiled again only when it or a header beside it is newer than its object. */
function compileLibrary({ files, flags }, cCompiler) {
  return files.map((file) => {
    const object = join(objects, file.slice(join(source, 'vendor').length + 1).replaceAll('/', '-').replace(/\.c$/, '.o'));
    let fresh = false;
    try {
      fresh = statSync(object).mtimeMs > newest(dirname(file));
    } catch {
      // not compiled yet
    }
    if (!fresh) execFileSync(cCompiler, ['-O2', '-fPIC', ...flags, '-c', file, '-o', object], { stdio: ['ignore', 'ignore', 'pipe'] });
    return object;
  });
}

export function buildNative() {
  if (upToDate()) return;
  if (process.platform === 'win32') {
    console.log('native kernels: not built on Windows by this script (needs MSVC and node.lib); using the TypeScript kernels');
    return;
  }
  const compiler = process.env.CXX ?? (process.platform === 'darwin' ? 'clang++' : 'g++');
  const cCompiler = process.env.CC ?? 'cc';
  try {
    mkdirSync(objects, { recursive: true });
    const compiled = [];
    const defines = [];
    for (const library of libraries) {
      try {
        compiled.push(...compileLibrary(library, cCompiler));
        if (library.optional) defines.push(library.optional.define);
      } catch (error) {
        if (!library.optional) throw error;
        console.log(`native kernels: ${library.name} not built (${firstLine(error, cCompiler)}); ${library.optional.fallback}`);
      }
    }
    execFileSync(compiler, [...compilerFlags(), ...defines, ...sources, ...compiled, '-lpthread', '-o', output], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmSync(output, { force: true }); // a stale addon would not match the sources
    console.log(`native kernels: not built (${firstLine(error, compiler)}); using the TypeScript kernels`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildNative();
