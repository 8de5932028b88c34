// Compiles the C++ kernels (native/src/addon.cc) into native/build/voxbench_kernels.node with the system g++/clang++.
// node-gyp is not used: it downloads Node headers, while Node-API needs only node-api-headers (ABI-stable, so one
// build serves Node and Electron). A missing compiler or a failed build prints one line; the TypeScript kernels serve.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const source = 'native/src';
const output = 'native/build/voxbench_kernels.node';
// g++ compiles LZ4 as C++ (it is written to build as both); libdeflate is C only, compiled by the C compiler.
const sources = [join(source, 'addon.cc'), join(source, 'vendor/lz4/lz4.c')];
const libdeflate = ['deflate_decompress.c', 'zlib_decompress.c', 'adler32.c', 'utils.c', 'x86/cpu_features.c', 'arm/cpu_features.c'].map((file) => join(source, 'vendor/libdeflate/lib', file));
const objects = 'native/build/objects';

function upToDate() {
  try {
    const built = statSync(output).mtimeMs;
    return readdirSync(source, { recursive: true }).every((name) => statSync(join(source, name)).mtimeMs < built);
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
    const compiled = libdeflate.map((file) => join(objects, file.split('/').slice(-2).join('-').replace(/\.c$/, '.o')));
    libdeflate.forEach((file, i) => execFileSync(cCompiler, ['-O2', '-fPIC', '-c', file, '-o', compiled[i]], { stdio: ['ignore', 'ignore', 'pipe'] }));
    execFileSync(compiler, [...compilerFlags(), ...sources, ...compiled, '-lpthread', '-o', output], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const reason = error.code === 'ENOENT' ? `${error.path ?? compiler} not found` : String(error.stderr ?? error.message).split('\n').find((line) => line.trim()) ?? 'compile failed';
    rmSync(output, { force: true }); // a stale addon would not match the sources
    console.log(`native kernels: not built (${reason}); using the TypeScript kernels`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildNative();
