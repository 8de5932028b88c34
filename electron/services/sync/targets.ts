// The user's data-centre targets, in the settings folder (no secrets: see secrets.ts).
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { VoxbenchError } from '../../common/errors.js';
import { writeDurably } from '../durableFile.js';
import { targetSchema, type Target, type TargetInput } from '../../common/syncModel.js';

/** VOXBENCH_CONFIG_DIR, else the XDG config folder (the desktop app passes its own userData folder). */
export function defaultSettingsDir(): string {
  return process.env.VOXBENCH_CONFIG_DIR ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'voxbench');
}

export class TargetStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'sync-targets.json');
  }

  async list(): Promise<Target[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '[]';
      throw error;
    });
    const parsed = z.array(targetSchema).safeParse(JSON.parse(text));
    if (!parsed.success) throw new VoxbenchError('BadSettings', `${this.path}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  async get(name: string): Promise<Target> {
    const target = (await this.list()).find((candidate) => candidate.name === name);
    if (!target) throw new VoxbenchError('UnknownTarget', `No sync target named "${name}" (see ${this.path}).`);
    return target;
  }

  /** Adds the target, or replaces the one of the same name. */
  async save(input: TargetInput): Promise<Target> {
    const target = targetSchema.parse(input);
    await this.change((targets) => [...targets.filter(({ name }) => name !== target.name), target]);
    return target;
  }

  async remove(name: string): Promise<void> {
    await this.change((targets) => targets.filter((target) => target.name !== name));
  }

  /** Read, change and write under the file's lock, so a target another process saves meanwhile is kept. */
  private async change(how: (targets: Target[]) => Target[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeDurably(this.path, async () => `${JSON.stringify(how(await this.list()), null, 2)}\n`);
  }
}
