// The cluster form's checks: each field says what to write, numbers stay in range, and the form makes the cluster
// the contract's schema accepts (optional fields left out when empty).
import { expect, test } from 'vitest';
import { clusterSchema } from '../../electron/common/clusterModel';
import { clusterDefaults, clusterOf, clusterProblems } from '../../renderer/panels/clusterFormCheck';

const good = { ...clusterDefaults, name: 'dc', host: 'login.example.org', username: 'me', privateKey: '/home/me/.ssh/id_ed25519', knownHosts: '/home/me/.ssh/known_hosts' };

test('a complete form has no problems and makes a cluster the schema takes as it is', () => {
  expect(clusterProblems(good)).toEqual({});
  const cluster = clusterOf({ ...good, partition: ' gpu ', account: '' });
  expect(cluster).toEqual({ name: 'dc', host: 'login.example.org', port: 22, username: 'me', privateKey: '/home/me/.ssh/id_ed25519', knownHosts: '/home/me/.ssh/known_hosts', partition: 'gpu', minutes: 60, cpus: 1, memMb: 2000, throttle: 8 });
  expect(clusterSchema.parse(cluster)).toEqual(cluster);
});

test('an empty form names every required field; key paths must be whole paths on this computer', () => {
  expect(Object.keys(clusterProblems({}))).toEqual(['name', 'host', 'port', 'username', 'privateKey', 'knownHosts', 'minutes', 'cpus', 'memMb', 'throttle']);
  expect(clusterProblems({ ...good, privateKey: '~/.ssh/id_ed25519' }).privateKey).toMatch(/^Give the full path of your private key/);
});

test('numbers are whole and in range', () => {
  expect(clusterProblems({ ...good, port: '70000', throttle: '0', cpus: '1.5' })).toEqual({ port: 'A whole number from 1 to 65535.', throttle: 'A whole number from 1 to 10000.', cpus: 'A whole number from 1 to 1024.' });
});
