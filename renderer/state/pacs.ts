// The PACS panel's state: servers, the last study search and its answer, the chosen study's series, and the last thing that went wrong, in words. Opening a series is a job in jobs.ts: its
// retrieval's progress shows with the other long tasks, with pacs.cancel as its Cancel.
import { create } from 'zustand';
import type { ParamsOf, ResultOf } from '../../electron/common/contract';
import { jobIds } from '../../electron/common/jobIds';
import { client } from '../client/client';
import { track } from './jobs';

export type PacsServer = ResultOf<'pacs.servers'>[number];
export type PacsStudy = ResultOf<'pacs.searchStudies'>[number];
export type PacsSeries = ResultOf<'pacs.listSeries'>[number];
export type StudyQuery = ParamsOf<'pacs.searchStudies'>['query'];
type Credentials = NonNullable<ParamsOf<'pacs.saveServer'>['credentials']>;

interface PacsState {
  servers: PacsServer[];
  server?: string;
  studies?: PacsStudy[];
  study?: PacsStudy;
  series?: PacsSeries[];
  busy: boolean;
  message?: string;
  /** Volumes retrieved in this session, which can be saved out of the session cache. */
  retrieved: string[];
  /** Where the last save put the files. */
  saved?: string;
  /** What the last store of a segmentation in the PACS made. */
  stored?: ResultOf<'pacs.storeSegmentation'>;
  loadServers(): Promise<void>;
  chooseServer(name: string): void;
  saveServer(server: PacsServer, credentials?: Credentials): Promise<boolean>;
  removeServer(name: string): Promise<void>;
  search(query: StudyQuery): Promise<void>;
  chooseStudy(study: PacsStudy): Promise<void>;
  open(series: PacsSeries): Promise<void>;
  /** Copies a retrieved volume's DICOM files into `into`, a folder made if missing. */
  save(volumeId: string, into: string): Promise<void>;
  /** Stores the volume's segmentation in the chosen PACS as a DICOM SEG. */
  storeSegmentation(volumeId: string): Promise<void>;
}

/** The server searches and retrievals go to: the one picked, else the first configured. */
export const chosenServer = ({ server, servers }: Pick<PacsState, 'server' | 'servers'>): string => server ?? servers[0]?.name ?? '';

export const usePacs = create<PacsState>((set, get) => {
  /** Runs a call; its failure becomes the panel's message instead of an exception. */
  async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    set({ busy: true });
    try {
      const result = await work();
      set({ message: undefined });
      return result;
    } catch (error) {
      set({ message: error instanceof Error ? error.message : String(error) });
      return undefined;
    } finally {
      set({ busy: false });
    }
  }
  const server = () => chosenServer(get());

  return {
    servers: [],
    busy: false,
    retrieved: [],
    async loadServers() {
      const servers = await attempt(() => client().call('pacs.servers', {}));
      if (servers) set({ servers });
    },
    chooseServer: (name) => set({ server: name, studies: undefined, study: undefined, series: undefined }),
    async saveServer(input, credentials) {
      const saved = await attempt(() => client().call('pacs.saveServer', { server: input, ...(credentials && { credentials }) }));
      if (!saved) return false;
      set({ servers: [...get().servers.filter(({ name }) => name !== saved.name), saved], server: saved.name });
      return true;
    },
    async removeServer(name) {
      if ((await attempt(() => client().call('pacs.removeServer', { name }))) === undefined) return;
      set({ servers: get().servers.filter((each) => each.name !== name), server: undefined });
    },
    async search(query) {
      set({ studies: undefined, study: undefined, series: undefined });
      const studies = await attempt(() => client().call('pacs.searchStudies', { server: server(), query }));
      if (studies) set({ studies });
    },
    async chooseStudy(study) {
      set({ study, series: undefined });
      const series = await attempt(() => client().call('pacs.listSeries', { server: server(), studyUid: study.studyUid }));
      if (!series || get().study !== study) return;
      set({ series });
    },
    async open(series) {
      const job = jobIds.pacs(series.seriesUid);
      const label = `Retrieving ${series.description ?? series.modality ?? 'series'} from ${server()}`;
      const cancel = () => void client().call('pacs.cancel', { job });
      // The main side emits volume.opened once the series is read; the volumes store shows it.
      const info = await attempt(() => track({ id: job, kind: 'pacs', label, cancel }, () => client().call('pacs.openSeries', { server: server(), studyUid: series.studyUid, seriesUid: series.seriesUid, job })));
      if (info) set({ retrieved: [...get().retrieved, info.id] });
    },
    async storeSegmentation(volumeId) {
      set({ stored: undefined });
      const stored = await attempt(() => track({ id: jobIds.pacs(`store-${volumeId}`), kind: 'pacs', label: `Storing the segmentation in ${server()}` }, () => client().call('pacs.storeSegmentation', { server: server(), volumeId })));
      if (stored) set({ stored });
    },
    async save(volumeId, into) {
      const saved = await attempt(() => client().call('pacs.saveSeries', { volumeId, into }));
      if (saved) set({ saved: `${saved.files.length} files saved in ${into}` });
    },
  };
});
