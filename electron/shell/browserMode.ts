// Browser mode as a process: services + web host on 127.0.0.1, until SIGINT/SIGTERM.
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createHost, noDialogs } from './host.js';
import { createServices } from '../services/services.js';
import { isInPlace } from '../services/volume/inPlacePaths.js';
import { startWebHost, type WebHost } from './webhost.js';

/** What the page's Open dialog may list: home, the folders given with --browse, and the folder of --open. */
function browseRoots(options: { open?: string; browse?: string[] }): string[] {
  const given = [...(options.browse ?? []), ...(options.open && !isInPlace(options.open) ? [dirname(options.open)] : [])];
  return [...new Set([homedir(), ...given.map((path) => resolve(path))])];
}

export async function runBrowserMode(root: string, options: { port?: number; open?: string; browse?: string[]; pyramidAboveBytes?: number }): Promise<WebHost> {
  const pyramids = options.pyramidAboveBytes ? { largeBytes: options.pyramidAboveBytes } : undefined;
  const host = createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, spareReader: true, browseRoots: browseRoots(options), ...(pyramids && { pyramids }) }));
  if (options.open) {
    const reply = await host.dispatch('volume.open', { path: options.open });
    // A refused scan is said in one line; the app still starts, so the user can open another.
    if (!reply.ok) console.error(`Voxbench could not open ${options.open}: ${reply.error.message}`);
  }
  const web = await startWebHost(host, { port: options.port });
  console.log(`Voxbench is running in browser mode: ${web.url}`);
  const stop = async () => {
    await web.close();
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return web;
}
