// Test connection for a cluster being set up: the key file, the login node's key in known_hosts (an unknown host
// is refused here with what to do, never trusted on first sight), SSH, and Slurm's answer to sinfo, in words.
import { clusterSchema, type ClusterInput } from '../../common/clusterModel.js';
import { VoxbenchError } from '../../common/errors.js';
import { readPrivateFile } from '../sync/secrets.js';
import { loginOf } from './clusters.js';
import { knownKeys } from './knownHosts.js';
import { sshCluster } from './sshCluster.js';

/** Throws (typed) at the first thing that fails; else what the login node answered. */
export async function testCluster(input: ClusterInput): Promise<string> {
  const settings = clusterSchema.parse(input);
  const login = loginOf(settings);
  const where = `${login.username}@${login.host}:${login.port}`;
  await readPrivateFile(login.privateKey); // missing, or readable by others (ssh refuses such a key too)
  let known: Buffer[];
  try {
    known = knownKeys(login.knownHosts, login.host, login.port);
  } catch (error) {
    throw new VoxbenchError('NoKnownHosts', `${login.knownHosts}: ${(error as Error).message}. Give the known_hosts file that holds the login node's key.`);
  }
  const name = login.port === 22 ? login.host : `[${login.host}]:${login.port}`;
  if (!known.length) {
    throw new VoxbenchError('HostKeyUnknown', `${login.knownHosts} holds no key for ${name}: the login node is unknown and Voxbench never accepts a host key unseen. Ask your site for its key fingerprint, compare it with ssh-keyscan -p ${login.port} ${login.host}, and add the line to ${login.knownHosts}.`);
  }
  const cluster = await sshCluster(login);
  try {
    const asked = await cluster.exec(`sinfo -h -o '%P|%a|%D|%t'; echo "sinfo exit $?"; node --version 2>/dev/null`);
    const [, listing = '', code, nodeVersion = ''] = /^([\s\S]*?)sinfo exit (\d+)\n([\s\S]*)$/.exec(asked.stdout) ?? [];
    if (code !== '0') throw new VoxbenchError('SlurmUnreachable', `${where}: sinfo failed (${code ?? 'no answer'}): ${asked.stderr.trim().split('\n').at(-1) ?? ''}`);
    const partitions = listing.split('\n').filter(Boolean).map((line) => line.split('|') as [string, string, string, string]);
    if (!partitions.length) throw new VoxbenchError('SlurmUnreachable', `${where}: sinfo lists no partitions.`);
    const names = partitions.map(([partition]) => partition.replace(/\*$/, ''));
    if (settings.partition && !names.includes(settings.partition)) throw new VoxbenchError('UnknownPartition', `${where}: Slurm has no partition ${settings.partition} (it has ${names.join(', ')}).`);
    const described = partitions.map(([partition, up, nodes, state]) => `partition ${partition} ${up}, ${nodes} node${nodes === '1' ? '' : 's'} ${state}`).join('; ');
    const node = nodeVersion.trim() ? `Node.js ${nodeVersion.trim()} on the login node` : 'no Node.js on the login node\'s PATH (the compute nodes need Node.js 20 or later)';
    return `${where}: Slurm answers: ${described}; ${node}`;
  } finally {
    await cluster.close();
  }
}
