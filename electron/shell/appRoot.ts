import { fileURLToPath } from 'node:url';

/** The checkout or app folder: entry points are bundled into dist/electron/. */
export const appRoot = fileURLToPath(new URL('../..', import.meta.url));
