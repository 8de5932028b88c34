// Handlers of the sync domain's contract entries, merged into host.ts's one dispatch.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import type { Services } from '../services.js';
import type { syncCalls } from '../../common/syncCalls.js';
import { labelsPush } from './labelsPush.js';
import { listDatasets, pullDataset } from './pull.js';
import { SyncQueue } from './queue.js';
import { safeName } from './remoteSchemas.js';
import { credentialsFor } from './secrets.js';
import { scanPublish, segmentationPush } from './segmentationPush.js';
import { saveTarget, removeTarget } from './targetCredentials.js';
import { testTarget } from './testTarget.js';

const queues = new WeakMap<Services, SyncQueue>();

/** The host's one sync queue (the batch domain publishes through it too), made on first use, so a host that never syncs never reads the user's journal. */
export function syncQueueOf({ services, emit }: HostContext): SyncQueue {
  const { settingsDir, secrets } = services.sync;
  let queue = queues.get(services);
  if (!queue) queues.set(services, (queue = new SyncQueue({ settingsDir, secrets, onJob: (job) => emit('sync.job', job) })));
  return queue;
}

export function syncHandlers(context: HostContext): HandlersOf<typeof syncCalls> {
  const { services } = context;
  const { secrets } = services.sync;
  const queue = () => syncQueueOf(context);
  const withCredentials = async (name: string) => {
    const target = await queue().targets.get(name);
    return { target, credentials: await credentialsFor(target, secrets) };
  };
  return {
    'sync.targets': () => queue().targets.list(),
    'sync.saveTarget': ({ target, credentials }) => saveTarget(queue().targets, secrets, target, credentials),
    'sync.testTarget': ({ target, credentials }) => testTarget(target, credentials, secrets),
    'sync.removeTarget': async ({ name }) => {
      await removeTarget(queue().targets, secrets, name);
      return null;
    },
    'sync.push': (request) => queue().push(request),
    'sync.pushSegmentation': async (request) => queue().push(await segmentationPush(services, request)),
    'sync.publishScan': (request) => queue().push(scanPublish(services, request)),
    'sync.pushLabels': async (request) => queue().push(await labelsPush(services, request)),
    'sync.pause': ({ id }) => queue().pause(id),
    'sync.resume': ({ id }) => queue().resume(id),
    'sync.retry': ({ id }) => queue().resume(id),
    'sync.cancel': ({ id }) => queue().cancel(id),
    'sync.status': () => queue().jobs(),
    'sync.datasets': async ({ target }) => {
      services.levels.warm(); // the list offers Open in place, which reads in the level reader
      const { target: found, credentials } = await withCredentials(target);
      return listDatasets(found, credentials);
    },
    'sync.pull': async ({ target, datasetKey, into, overwrite }) => {
      const { target: found, credentials } = await withCredentials(target);
      return { files: await pullDataset(found, credentials, datasetKey, into ?? join(homedir(), 'Voxbench', 'pulled', safeName(datasetKey, 'dataset')), { overwrite }) };
    },
  };
}
