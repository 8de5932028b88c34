// A cluster reached through SSH to its login node (ssh2): key authentication, the host key checked against
// known_hosts (a missing or changed key refuses the connection; checking cannot be switched off), files by SFTP.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Client, type SFTPWrapper } from 'ssh2';
import { VoxbenchError } from '../../common/errors.js';
import type { BatchJob } from './journal.js';
import { directCluster, shellWord, type Cluster, type CommandResult } from './cluster.js';
import { knownKeys } from './knownHosts.js';

export interface LoginNode {
  host: string;
  port: number;
  username: string;
  /** Path of the private key file. */
  privateKey: string;
  /** Path of the known_hosts file the host key must be in. */
  knownHosts: string;
}

/** Logs in; `onClosed` hears when the connection ends (dropped by the network or the server, or closed). */
export async function sshCluster(login: LoginNode, onClosed?: () => void): Promise<Cluster> {
  const client = new Client();
  const known = knownKeys(login.knownHosts, login.host, login.port);
  let refused = false;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', (error) =>
      reject(refused ? new VoxbenchError('HostKeyRefused', `${login.host}:${login.port} offered a host key that ${login.knownHosts} does not hold; check the login node's key and add it there.`) : new VoxbenchError('LoginFailed', `SSH to ${login.username}@${login.host}:${login.port}: ${error.message}`)),
    );
    void readFile(login.privateKey).then(
      (privateKey) =>
        client.connect({
          host: login.host,
          port: login.port,
          username: login.username,
          privateKey,
          readyTimeout: 20_000,
          hostVerifier: (key: Buffer) => (refused = !known.some((blob) => blob.equals(key))) === false,
        }),
      reject,
    );
  });
  // An error after login ends the connection ('close' follows): the next command fails and its caller says so.
  client.on('error', () => undefined).once('close', () => onClosed?.());
  // SFTP calls in flight when the connection ends never call back (ssh2): they end with it instead.
  const ended = new Promise<never>((_, reject) => client.once('close', () => reject(new VoxbenchError('LoginFailed', `${login.host}: the connection closed during a file transfer`))));
  ended.catch(() => undefined);
  const whileOpen = <T>(transfer: Promise<T>): Promise<T> => Promise.race([transfer, ended]);
  let sftp: Promise<SFTPWrapper> | undefined;
  const files = () => (sftp ??= new Promise((resolve, reject) => client.sftp((error, wrapper) => (error ? reject(error) : resolve(wrapper)))));
  const exec = (command: string) =>
    new Promise<CommandResult>((resolve, reject) => {
      const failed = (error: Error) => reject(new VoxbenchError('LoginFailed', `${login.host}: could not run a command: ${error.message}`));
      // ssh2 throws "Not connected" at once when the connection has ended.
      try {
        client.exec(command, (error, stream) => {
          if (error) return failed(error);
          let stdout = '';
          let stderr = '';
          stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          stream.on('close', (code: number | null) => resolve({ stdout, stderr, code: code ?? 255 }));
        });
      } catch (error) {
        failed(error as Error);
      }
    });
  const made = new Set<string>();
  const makeFolder = async (folder: string) => {
    await exec(`mkdir -p ${shellWord(folder)}`);
    made.add(folder);
  };
  /** Writes into `path`'s folder: a folder made once is not asked for again (a round trip per file); one removed since is made again. */
  const intoFolder = async (path: string, write: () => Promise<void>) => {
    if (made.has(dirname(path))) await write().catch(async () => (await makeFolder(dirname(path)), write()));
    else await makeFolder(dirname(path)).then(write);
  };
  let home: string | undefined;
  return {
    exec,
    writeFile: async (path, data, mode = 0o644) => {
      const wrapper = await files();
      await whileOpen(intoFolder(path, () => new Promise<void>((resolve, reject) => wrapper.writeFile(path, Buffer.from(data), { mode }, (error) => (error ? reject(error) : resolve())))));
    },
    putFile: async (path, source, mode, sent) => {
      const wrapper = await files();
      // fastPut keeps 64 pieces of 32 KiB in flight: a few MB in memory whatever the file's size.
      const put = () => new Promise<void>((resolve, reject) => wrapper.fastPut(source, path, { mode, step: (_total, piece) => sent(piece) }, (error) => (error ? reject(new VoxbenchError('UploadFailed', `${source} to ${login.host}:${path}: ${error.message}`)) : resolve())));
      await whileOpen(intoFolder(path, put));
    },
    readFile: async (path) => {
      const wrapper = await files();
      return whileOpen(new Promise<Buffer>((resolve, reject) => wrapper.readFile(path, (error, bytes) => (error ? reject(new VoxbenchError('ClusterReadFailed', `${login.host}:${path}: ${error.message}`)) : resolve(bytes)))));
    },
    home: async () => (home ??= (await exec('printf %s "$HOME"')).stdout),
    close: async () => void client.end(),
  };
}

/** The cluster a job runs on: through its login node, or this machine (Slurm here, or a run here). */
export const clusterFor = (where: BatchJob['where']): Promise<Cluster> => (where.kind === 'slurm' && where.login ? sshCluster(where.login) : Promise.resolve(directCluster));
