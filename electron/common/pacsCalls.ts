// The contract entries of the PACS domain (DICOMweb), spread into contract.ts's one table.
import { z } from 'zod';
import { call, noParams } from './call.js';
import { pacsCredentialsSchema, pacsServerSchema, studyQuerySchema, type PacsSeries, type PacsServer, type PacsStudy } from './pacsModel.js';
import type { VolumeInfo } from './wire.js';

const server = z.string().min(1);
const uid = z.string().regex(/^[0-9.]{1,64}$/, 'a DICOM UID');
const seriesRef = { server, studyUid: uid, seriesUid: uid };

export const pacsCalls = {
  'pacs.servers': call(noParams).returns<PacsServer[]>(),
  /** Adds or replaces a server; `credentials` go to the desktop app's keychain (credentials from "keychain" only). */
  'pacs.saveServer': call(z.object({ server: pacsServerSchema, credentials: pacsCredentialsSchema.optional() }).strict()).returns<PacsServer>(),
  'pacs.removeServer': call(z.object({ name: server }).strict()).returns<null>(),
  /** QIDO-RS: the studies matching the query, newest first. */
  'pacs.searchStudies': call(z.object({ server, query: studyQuerySchema }).strict()).returns<PacsStudy[]>(),
  'pacs.listSeries': call(z.object({ server, studyUid: uid }).strict()).returns<PacsSeries[]>(),
  /** A small rendered image of the series' middle instance (WADO-RS rendered), as a data: URL; null if the PACS renders none. */
  /** Retrieves the series (WADO-RS, instances in parallel, progress on `job`) into the session cache and opens it: a series
   * of single-frame images opens from its metadata at once (`volume.opened`), its slices announced as they arrive
   * (`volume.slices`), the middle first; the call returns once every slice has (or Cancel stopped it). */
  'pacs.openSeries': call(z.object({ ...seriesRef, job: z.string().min(1) }).strict()).returns<VolumeInfo>(),
  /** Stops the retrieval running as `job`: a volume opening slice by slice keeps the slices that arrived (marked
   * incomplete); otherwise nothing opens and its files are removed. */
  'pacs.cancel': call(z.object({ job: z.string().min(1) }).strict()).returns<null>(),
  /** Copies a volume's retrieved DICOM files out of the session cache (removed when Voxbench closes) into `into`. */
  /** Writes the volume's segmentation as a DICOM SEG on its series and stores it in the PACS (STOW-RS). */
  'pacs.storeSegmentation': call(z.object({ server, volumeId: z.string().min(1) }).strict()).returns<{ studyUid: string; seriesUid: string; sopInstanceUid: string }>(),
  'pacs.saveSeries': call(z.object({ volumeId: z.string().min(1), into: z.string().min(1) }).strict()).returns<{ files: string[] }>(),
};
