// How Voxbench reaches a cluster: run a shell command, and write, copy and read files there. Directly when this machine
// can run sbatch itself; sshCluster.ts through a login node otherwise. Everything above this speaks only these calls.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { homedir } from 'node:os';
import { chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Cluster {
  /** Runs a bash command line in the user's home there. */
  exec(command: string): Promise<CommandResult>;
  /** Writes a file there (its folder made first). */
  writeFile(path: string, data: string | Uint8Array, mode?: number): Promise<void>;
  /** Copies the file `source` here to `path` there (its folder made first), streamed, never whole in memory; `sent` hears each piece's bytes. */
  putFile(path: string, source: string, mode: number, sent: (bytes: number) => void): Promise<void>;
  /** Reads a file there (a task's labelmap, the recipe a job ran). */
  readFile(path: string): Promise<Buffer>;
  /** The user's home there (where relative paths start). */
  home(): Promise<string>;
  close(): Promise<void>;
}

/** This machine: commands run through bash, files are written in place. */
export const directCluster: Cluster = {
  exec: (command) =>
    new Promise((resolve) => {
      execFile('bash', ['-c', command], { cwd: homedir(), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      });
    }),
  writeFile: async (path, data, mode = 0o644) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    await chmod(path, mode);
  },
  putFile: async (path, source, mode, sent) => {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'w', mode);
    try {
      for await (const piece of createReadStream(source)) {
        await file.write(piece as Buffer);
        sent((piece as Buffer).length);
      }
    } finally {
      await file.close();
    }
    await chmod(path, mode); // open's mode is masked by the umask
  },
  readFile: (path) =>
    readFile(path).catch((error: Error) => {
      throw new VoxbenchError('ClusterReadFailed', `${path}: ${error.message}`);
    }),
  home: async () => homedir(),
  close: async () => undefined,
};

/** A single-quoted bash word. */
export const shellWord = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
