// Handlers of the host file browser's contract entries, merged into host.ts's one dispatch.
import { homedir } from 'node:os';
import type { hostFilesCalls } from '../../common/hostFilesCalls.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { listFolder, rootLabel } from './folderListing.js';

export function hostFilesHandlers({ services }: HostContext): HandlersOf<typeof hostFilesCalls> {
  const roots = services.browseRoots;
  return {
    'files.roots': async () => roots.map((path) => ({ label: rootLabel(path, homedir()), path })),
    'files.list': ({ path }) => listFolder(path, roots),
    'files.recent': () => services.recentScans.list(),
    'files.onHost': async ({ name, bytes, modified }) => ({ path: await services.recentScans.find(name, bytes, modified) }),
  };
}
