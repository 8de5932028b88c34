// Handlers of the PACS domain's contract entries, merged into host.ts's one dispatch.
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { pacsCalls } from '../../common/pacsCalls.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { openVolume } from '../services.js';
import { authorization, pacsKeychainKey, storeCredentials } from './credentials.js';
import { DicomWebClient } from './dicomWeb.js';
import { retrieveSeries } from './retrieve.js';
import { PacsServerStore } from './servers.js';
import { listInstances, listSeries, searchStudies } from './studySearch.js';

const THUMBNAIL_SIZE = 96;

export function pacsHandlers({ services, emit }: HostContext): HandlersOf<typeof pacsCalls> {
  const { settingsDir, secrets } = services.sync;
  const servers = new PacsServerStore(settingsDir);
  const retrievals = new Map<string, AbortController>();
  const clientFor = async (name: string) => {
    const server = await servers.get(name);
    return new DicomWebClient(server.url, await authorization(server, secrets), server.name);
  };
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
    'pacs.thumbnail': async ({ server, studyUid, seriesUid }) => {
      const pacs = await clientFor(server);
      const instances = await listInstances(pacs, studyUid, seriesUid);
      const middle = instances[Math.floor(instances.length / 2)];
      const jpeg = middle && (await pacs.rendered(studyUid, seriesUid, middle, THUMBNAIL_SIZE));
      return { dataUrl: jpeg ? `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}` : null };
    },
    'pacs.openSeries': async ({ server, studyUid, seriesUid, job }) => {
      if (retrievals.has(job)) throw new VoxbenchError('Busy', `Job ${job} is already retrieving a series.`);
      const pacs = await clientFor(server);
      const abort = new AbortController();
      retrievals.set(job, abort);
      const described = (await listSeries(pacs, studyUid)).find((each) => each.seriesUid === seriesUid);
      const folder = await services.pacs.folderFor([described?.modality, described?.description ?? seriesUid].filter(Boolean).join(' '));
      try {
        await retrieveSeries(pacs, studyUid, seriesUid, folder, {
          signal: abort.signal,
          onProgress: (done, total) => emit('progress', { job, done, total, message: `Retrieving from ${server}: ${done} of ${total} images` }),
        });
      } catch (error) {
        await rm(dirname(folder), { recursive: true, force: true });
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
    'pacs.saveSeries': async ({ volumeId, into }) => ({ files: await services.pacs.save(volumeId, into) }),
  };
}
