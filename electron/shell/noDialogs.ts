// Dialogs for shells that have none: browser mode and the CLI. Its own module, so the CLI's commands get it without
// host.ts and every domain's handlers.
import { VoxbenchError } from '../common/errors.js';
import type { Dialogs } from '../services/services.js';

export const noDialogs: Dialogs = {
  pickScan(): Promise<string | null> {
    throw new VoxbenchError('Unavailable', 'Native file dialogs exist only in the desktop app; use the page\'s Open button or drop a file.');
  },
  saveFile(): Promise<string | null> {
    throw new VoxbenchError('Unavailable', 'Native file dialogs exist only in the desktop app; the page downloads the file instead.');
  },
};
