// Handlers of the host file browser's contract entries, merged into host.ts's one dispatch.
import { homedir } from 'node:os';
import { basename } from 'node:path';
import type { hostFilesCalls } from '../../common/hostFilesCalls.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { listFolder, rootLabel, rootOf } from './folderListing.js';

/** Preview pixels a side: what the dialog draws. */
const PREVIEW_SIZE = 128;

export function hostFilesHandlers({ services }: HostContext): HandlersOf<typeof hostFilesCalls> {
  const roots = services.browseRoots;
  return {
    'files.roots': async () => roots.map((path) => ({ label: rootLabel(path, homedir()), path })),
    'files.list': ({ path }) => listFolder(path, roots),
    'files.recent': () => services.recentScans.list(),
    'files.preview': async ({ path }) => {
      rootOf(path, roots);
      const reader = services.readers.take(`The preview reader of ${basename(path)}`);
      try {
        const { width, height, grey } = await reader.request('preview', { path, size: PREVIEW_SIZE });
        return { width, height, grey: Buffer.from(grey.buffer, grey.byteOffset, grey.byteLength).toString('base64') };
      } finally {
        await reader.close();
      }
    },
    'files.onHost': async ({ name, bytes, modified }) => ({ path: await services.recentScans.find(name, bytes, modified) }),
  };
}
