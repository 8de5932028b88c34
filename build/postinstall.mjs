// After `npm install`: fetch Electron's binary if it is missing (npm 11 does not run electron's own
// install script unless allowed), then build. A failed download never fails the install: `npm start`
// then opens browser mode and says why.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
