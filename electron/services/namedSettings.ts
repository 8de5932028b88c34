// A list of named entries kept in one JSON file of the settings folder (sync targets, PACS servers; never
// secrets): checked against its schema when read, and read, changed and written under the file's lock, so an
// entry another process saves meanwhile is kept.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { VoxbenchError } from '../common/errors.js';
import { writeDurably } from './durableFile.js';

export class NamedSettings<S extends z.ZodType<{ name: string }>> {
  readonly path: string;

  constructor(
    readonly dir: string,
    fileName: string,
    private readonly schema: S,
    /** What an unknown name is: the error's kind and the entry's name in words ("sync target"). */
    private readonly unknown: { kind: string; what: string },
  ) {
    this.path = join(dir, fileName);
  }

  async list(): Promise<z.output<S>[]> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '[]';
      throw error;
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new VoxbenchError('BadSettings', `${this.path} is not JSON: ${(error as Error).message}`);
    }
    const parsed = z.array(this.schema).safeParse(json);
    if (!parsed.success) throw new VoxbenchError('BadSettings', `${this.path}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  async get(name: string): Promise<z.output<S>> {
    const entry = (await this.list()).find((candidate) => candidate.name === name);
    if (!entry) throw new VoxbenchError(this.unknown.kind, `No ${this.unknown.what} named "${name}" (see ${this.path}).`);
    return entry;
  }

  /** Adds the entry, or replaces the one of the same name. */
  async save(input: z.input<S>): Promise<z.output<S>> {
    const entry = this.schema.parse(input);
    await this.change((entries) => [...entries.filter(({ name }) => name !== entry.name), entry]);
    return entry;
  }

  async remove(name: string): Promise<void> {
    await this.change((entries) => entries.filter((entry) => entry.name !== name));
  }

  private async change(how: (entries: z.output<S>[]) => z.output<S>[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeDurably(this.path, async () => `${JSON.stringify(how(await this.list()), null, 2)}\n`);
  }
}
