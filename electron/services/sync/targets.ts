// The user's data-centre targets, in the settings folder (no secrets: see secrets.ts).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { targetSchema } from '../../common/syncModel.js';
import { NamedSettings } from '../namedSettings.js';

/** VOXBENCH_CONFIG_DIR, else the XDG config folder (the desktop app passes its own userData folder). */
export function defaultSettingsDir(): string {
  return process.env.VOXBENCH_CONFIG_DIR ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'voxbench');
}

export class TargetStore extends NamedSettings<typeof targetSchema> {
  constructor(dir: string) {
    super(dir, 'sync-targets.json', targetSchema, { kind: 'UnknownTarget', what: 'sync target' });
  }
}
