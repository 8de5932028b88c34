// Handlers of the PACS domain's contract entries, merged into host.ts's one dispatch.
import { rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { pacsCalls } from '../../common/pacsCalls.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { openVolume } from '../services.js';
import { pacsClient } from './client.js';
import { pacsKeychainKey, storeCredentials } from './credentials.js';
import { arrivesBySlice, openArrivingSeries } from './arrivingSeries.js';
import { retrieveSeries } from './retrieve.js';
import { seriesMetadata } from './seriesMetadata.js';
import { PacsServerStore } from './servers.js';
import { storeSegmentation } from './storeSegmentation.js';
import { listSeries, searchStudies } from './studySearch.js';

export function pacsHandlers({ services, emit }: HostContext): HandlersOf<typeof pacsCalls> {
  const { settingsDir, secrets } = services.sync;
  const servers = new PacsServerStore(settingsDir);
  const retrievals = new Map<string, AbortController>();
  const clientFor = (name: string) => pacsClient(services, name);
  return {
    'pacs.servers': () => servers.list(),
    'pacs.saveServer': async ({ server, credentials }) => {
      if (credentials) await storeCredentials(server, credentials, secrets);
      return servers.save(server);
    },
    'pacs.removeServer': async ({ name }) => {
      await servers.remove(name);
      await secrets?.delete(pacsKeychainKey(name));
      return null;
    },
    'pacs.searchStudies': async ({ server, query }) => searchStudies(await clientFor(server), query),
    'pacs.listSeries': async ({ server, studyUid }) => listSeries(await clientFor(server), studyUid),
    'pacs.openSeries': async ({ server, studyUid, seriesUid, job }) => {
      if (retrievals.has(job)) throw new VoxbenchError('Busy', `Job ${job} is already retrieving a series.`);
      const pacs = await clientFor(server);
      const described = (await listSeries(pacs, studyUid)).find((each) => each.seriesUid === seriesUid);
      const folder = await services.pacs.folderFor([described?.modality, described?.description ?? seriesUid].filter(Boolean).join(' '));
      const abort = new AbortController();
      retrievals.set(job, abort);
      try {
        const images = await seriesMetadata(pacs, studyUid, seriesUid, abort.signal);
        if (arrivesBySlice(images)) return await openArrivingSeries({ services, emit, pacs, folder, name: basename(folder), job, signal: abort.signal }, { studyUid, seriesUid }, images);
        await retrieveSeries(pacs, studyUid, seriesUid, folder, {
          signal: abort.signal,
          onProgress: (done, total) => emit('progress', { job, done, total, message: `Retrieving from ${server}: ${done} of ${total} images` }),
        });
      } catch (error) {
        // A volume that opened keeps its folder: the slices that arrived stay, and can be saved.
        if (!services.volumes.list().some((volume) => volume.path === folder)) await rm(dirname(folder), { recursive: true, force: true });
        throw abort.signal.aborted ? new VoxbenchError('Cancelled', `Retrieving series ${seriesUid} from ${server} was cancelled.`) : error;
      } finally {
        retrievals.delete(job);
      }
      const info = await openVolume(services, emit, folder, { choice: seriesUid });
      services.pacs.remember(info.id, folder);
      return info;
    },
    'pacs.cancel': async ({ job }) => {
      retrievals.get(job)?.abort();
      return null;
    },
    'pacs.storeSegmentation': ({ server, volumeId }) => storeSegmentation(services, server, volumeId),
    'pacs.saveSeries': async ({ volumeId, into }) => ({ files: await services.pacs.save(volumeId, into) }),
  };
}
