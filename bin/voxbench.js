#!/usr/bin/env node
// The installed `voxbench` command: the CLI that `npm install` (postinstall) and `npm run build` bundle into dist/.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/electron/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('voxbench: dist/electron/cli.js is not built yet; run `npm run build` in the Voxbench folder.');
  process.exit(1);
}
await import(cli.href);
