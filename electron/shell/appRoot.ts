import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VoxbenchError } from '../common/errors.js';

/** The checkout or app folder: entry points are bundled into dist/electron/. */
export const appRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The app's version, from the nearest package.json above this module (bundled in dist/electron/ or not). */
export function appVersion(): string {
  for (let dir = import.meta.dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  }
  throw new VoxbenchError('NoVersion', `No package.json above ${import.meta.dirname}.`);
}
