// Where the user's settings live (targets, the sync journal, batch journals): apart from the stores that read them,
// so a command that only finds the folder loads no schema.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** VOXBENCH_CONFIG_DIR, else the XDG config folder (the desktop app passes its own userData folder). */
export function defaultSettingsDir(): string {
  return process.env.VOXBENCH_CONFIG_DIR ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'voxbench');
}
