// What is wrong with a cluster form, field by field, in words a person can act on before saving (the main side
// checks again with the contract's schema), and the cluster the form's text makes.
import type { ClusterInput } from '../state/batch';

export const clusterFields = ['name', 'host', 'port', 'username', 'privateKey', 'knownHosts', 'partition', 'account', 'minutes', 'cpus', 'memMb', 'throttle', 'remoteDir'] as const;
export type ClusterField = (typeof clusterFields)[number];
export type ClusterValues = Partial<Record<ClusterField, string>>;

const optional = new Set<ClusterField>(['partition', 'account', 'remoteDir']);
const numeric: Partial<Record<ClusterField, [number, number]>> = { port: [1, 65535], minutes: [1, 43_200], cpus: [1, 1024], memMb: [100, 4_194_304], throttle: [1, 10_000] };

const absolute = (value: string) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value);

const rules: Partial<Record<ClusterField, (value: string) => string | undefined>> = {
  name: (value) => (/^[\w.-]{1,64}$/.test(value) ? undefined : 'Letters, digits, ".", "_" or "-" only, 64 at most.'),
  host: (value) => (value && !/\s/.test(value) ? undefined : 'Give the login node, e.g. login.hpc.example.org.'),
  username: (value) => (value ? undefined : 'Give your user name on the cluster.'),
  privateKey: (value) => (absolute(value) ? undefined : 'Give the full path of your private key on this computer (e.g. /home/you/.ssh/id_ed25519).'),
  knownHosts: (value) => (absolute(value) ? undefined : 'Give the full path of the known_hosts file that holds the login node\'s key (e.g. /home/you/.ssh/known_hosts).'),
};

function numberProblem(value: string, [min, max]: [number, number]): string | undefined {
  return /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max ? undefined : `A whole number from ${min} to ${max}.`;
}

/** Each field's problem; empty when the form can be saved. */
export function clusterProblems(values: ClusterValues): Partial<Record<ClusterField, string>> {
  const problems: Partial<Record<ClusterField, string>> = {};
  for (const field of clusterFields) {
    const value = (values[field] ?? '').trim();
    if (optional.has(field) && !value) continue;
    const range = numeric[field];
    const problem = range ? numberProblem(value, range) : rules[field]?.(value);
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** The cluster the form describes (check clusterProblems first). */
export function clusterOf(values: ClusterValues): ClusterInput {
  const text = (field: ClusterField) => (values[field] ?? '').trim();
  const number = (field: ClusterField) => Number(text(field));
  return {
    name: text('name'),
    host: text('host'),
    port: number('port'),
    username: text('username'),
    privateKey: text('privateKey'),
    knownHosts: text('knownHosts'),
    ...(text('partition') && { partition: text('partition') }),
    ...(text('account') && { account: text('account') }),
    minutes: number('minutes'),
    cpus: number('cpus'),
    memMb: number('memMb'),
    throttle: number('throttle'),
    ...(text('remoteDir') && { remoteDir: text('remoteDir') }),
  };
}

/** A new cluster form: the usual port and a modest share of a node per task. */
export const clusterDefaults: ClusterValues = { port: '22', minutes: '60', cpus: '1', memMb: '2000', throttle: '8' };
