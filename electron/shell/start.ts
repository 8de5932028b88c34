// npm start: the desktop app where Electron can run, otherwise browser mode, said in one line.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { appRoot } from './appRoot.js';
import { runBrowserMode } from './browserMode.js';

function electronBinary(): { path?: string; why?: string } {
  try {
    // Not by requiring the electron package: from Electron 45 on that downloads a missing binary. install.js writes path.txt.
    const folder = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(folder, 'dist'), readFileSync(join(folder, 'path.txt'), 'utf8'));
    if (!existsSync(path)) return { why: `Electron's binary is missing at ${path}` };
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { why: 'there is no display' };
    return { path };
  } catch {
    return { why: "Electron's binary is not installed (its download failed or was skipped)" };
  }
}

const args = process.argv.slice(2);
const { path, why } = electronBinary();
if (path) {
  const child = spawn(path, [appRoot, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const at = args.indexOf('--open');
  console.log(`${why}: opening browser mode instead.`);
  await runBrowserMode(appRoot, { open: at >= 0 ? args[at + 1] : undefined });
}
