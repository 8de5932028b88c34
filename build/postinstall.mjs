// After `npm install`: fetch Electron's binary if it is missing (Electron 45 has no install script of its own;
// npm 11 ran older ones only when allowed), build, and put the CLI on node_modules/.bin so `npx voxbench` works in
// a checkout. A failed download never fails the install: `npm start` then opens browser mode and says why.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

// Not require('electron'): from Electron 45 on it downloads a missing binary. path.txt is written by its install.js.
function electronInstalled() {
  try {
    return existsSync(`node_modules/electron/dist/${readFileSync('node_modules/electron/path.txt', 'utf8')}`);
  } catch {
    return false;
  }
}

/** Why install.js failed: its error's line (the last line of stderr that is not a stack frame), else how it ended. */
function downloadFailure(result) {
  const lines = String(result.stderr ?? '').split('\n').map((line) => line.trim());
  const reason = lines.filter((line) => line && !/^at |^Node\.js v|^[{}]$/.test(line)).at(-1);
  return reason ?? (result.error ? result.error.message : `exit status ${result.status ?? result.signal}`);
}

if (!process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && existsSync('node_modules/electron/install.js') && !electronInstalled()) {
  const result = spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'pipe', timeout: 300_000 });
  if (result.status !== 0) {
    console.log(`Electron's binary could not be downloaded here (${downloadFailure(result)}): \`npm start\` will open browser mode instead. ` +
      'To install it later: node node_modules/electron/install.js');
  }
}

execFileSync(process.execPath, ['build/build.mjs'], { stdio: 'inherit' });

// npm links the bins of dependencies, never the project's own: link the file package.json's `bin` names.
mkdirSync('node_modules/.bin', { recursive: true });
if (process.platform === 'win32') {
  writeFileSync('node_modules/.bin/voxbench.cmd', '@node "%~dp0\\..\\..\\bin\\voxbench.js" %*\r\n');
} else {
  rmSync('node_modules/.bin/voxbench', { force: true });
  symlinkSync('../../bin/voxbench.js', 'node_modules/.bin/voxbench');
}
