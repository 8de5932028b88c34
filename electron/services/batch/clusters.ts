// The user's Slurm clusters, in the settings folder beside the sync targets (nothing secret: the key is a path).
import { clusterSchema, type Cluster } from '../../common/clusterModel.js';
import { NamedSettings } from '../namedSettings.js';
import type { LoginNode } from './sshCluster.js';

export class ClusterStore extends NamedSettings<typeof clusterSchema> {
  constructor(dir: string) {
    super(dir, 'clusters.json', clusterSchema, { kind: 'UnknownCluster', what: 'cluster' });
  }
}

export const loginOf = ({ host, port, username, privateKey, knownHosts }: Cluster): LoginNode => ({ host, port, username, privateKey, knownHosts });
