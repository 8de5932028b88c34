// After `npm install`: fetch Electron's binary if it is missing (npm 11 does not run electron's own
// install script unless allowed), build, and put the CLI on node_modules/.bin so `npx voxbench` works in
// a checkout. A failed download never fails the install: `npm start` then opens browser mode and says why.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronInstalled() {
  try {
    return existsSync(require('electron'));
  } catch {
    return false;
  }
}

if (!process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && existsSync('node_modules/electron/install.js') && !electronInstalled()) {
  const result = spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'pipe', timeout: 300_000 });
  if (result.status !== 0) {
    console.log("Electron's binary could not be downloaded here: `npm start` will open browser mode instead.");
  }
}

execFileSync(process.execPath, ['build/build.mjs'], { stdio: 'inherit' });

// npm links the bins of dependencies, never the project's own.
mkdirSync('node_modules/.bin', { recursive: true });
if (process.platform === 'win32') {
  writeFileSync('node_modules/.bin/voxbench.cmd', '@node "%~dp0\\..\\..\\dist\\electron\\cli.js" %*\r\n');
} else {
  rmSync('node_modules/.bin/voxbench', { force: true });
  symlinkSync('../../dist/electron/cli.js', 'node_modules/.bin/voxbench');
}
