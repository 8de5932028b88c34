// The user's PACS servers, in the settings folder beside the sync targets (no secrets: see credentials.ts).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { VoxbenchError } from '../../common/errors.js';
import { pacsServerSchema, type PacsServer } from '../../common/pacsModel.js';
import { writeDurably } from '../durableFile.js';

export class PacsServerStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'pacs-servers.json');
  }

  async list(): Promise<PacsServer[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '[]';
      throw error;
    });
    const parsed = z.array(pacsServerSchema).safeParse(JSON.parse(text));
    if (!parsed.success) throw new VoxbenchError('BadSettings', `${this.path}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  async get(name: string): Promise<PacsServer> {
    const server = (await this.list()).find((candidate) => candidate.name === name);
    if (!server) throw new VoxbenchError('UnknownServer', `No PACS server named "${name}" (see ${this.path}).`);
    return server;
  }

  /** Adds the server, or replaces the one of the same name; read, changed and written under the file's lock. */
  async save(server: PacsServer): Promise<PacsServer> {
    await this.change((servers) => [...servers.filter(({ name }) => name !== server.name), server]);
    return server;
  }

  async remove(name: string): Promise<void> {
    await this.change((servers) => servers.filter((server) => server.name !== name));
  }

  private async change(how: (servers: PacsServer[]) => PacsServer[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeDurably(this.path, async () => `${JSON.stringify(how(await this.list()), null, 2)}\n`);
  }
}
