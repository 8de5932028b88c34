// A DICOMweb client on Node's fetch: QIDO-RS searches, WADO-RS instances and rendered images, STOW-RS. Not the
// dicomweb-client package: it calls XMLHttpRequest, which Node does not have.
import { VoxbenchError } from '../../common/errors.js';
import { stowInstances } from '../dicomSeg/stow.js';
import type { DicomJson } from './dicomJson.js';
import { boundaryOf, multipartBodies } from './multipart.js';

const DICOM_PARTS = 'multipart/related; type="application/dicom"';

export class DicomWebClient {
  constructor(
    private readonly root: string,
    private readonly authorization?: string,
    private readonly serverName = root,
  ) {}

  /** QIDO-RS: `path` under the root (e.g. "studies"), query parameters as given. */
  async search(path: string, query: Record<string, string | string[]>, signal?: AbortSignal): Promise<DicomJson[]> {
    const url = this.url(path);
    for (const [key, value] of Object.entries(query)) for (const each of [value].flat()) url.searchParams.append(key, each);
    const response = await this.get(url, 'application/dicom+json', signal);
    const text = await response.text();
    // An empty 204 (or empty body) is "no matches".
    return text.trim() ? (JSON.parse(text) as DicomJson[]) : [];
  }

  /** WADO-RS: one instance as its DICOM file, in the transfer syntax it is stored in where the PACS allows. */
  async instance(studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<Uint8Array> {
    const url = this.url(`studies/${studyUid}/series/${seriesUid}/instances/${sopUid}`);
    const response = await this.get(url, `${DICOM_PARTS}; transfer-syntax=*`, signal).catch((error: unknown) => {
      // Some PACS refuse "any syntax" (406): ask again for their default, Explicit VR Little Endian.
      if (error instanceof VoxbenchError && error.kind === 'PacsNotAcceptable') return this.get(url, DICOM_PARTS, signal);
      throw error;
    });
    const parts = multipartBodies(new Uint8Array(await response.arrayBuffer()), boundaryOf(response.headers.get('content-type') ?? '') ?? '', url.pathname);
    if (parts.length !== 1) throw new VoxbenchError('BadReply', `PACS ${this.serverName}: instance ${sopUid} came back as ${parts.length} parts, not one.`);
    return parts[0]!;
  }

  /** WADO-RS rendered: a JPEG of the instance at most `size` pixels wide and high; undefined when the PACS renders none. */
  async rendered(studyUid: string, seriesUid: string, sopUid: string, size: number): Promise<Uint8Array | undefined> {
    // The comma literal: URLSearchParams would write %2C, which Orthanc refuses (HTTP 400).
    const url = this.url(`studies/${studyUid}/series/${seriesUid}/instances/${sopUid}/rendered?viewport=${size},${size}`);
    const response = await this.get(url, 'image/jpeg').catch(() => undefined);
    return response && new Uint8Array(await response.arrayBuffer());
  }

  /** STOW-RS: the instances stored in one request. */
  store(instances: Uint8Array[]): Promise<void> {
    return stowInstances({ url: this.root, ...(this.authorization && { authorization: this.authorization }) }, instances);
  }

  private url(path: string): URL {
    return new URL(path, this.root.endsWith('/') ? this.root : `${this.root}/`);
  }

  private async get(url: URL, accept: string, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, ...(this.authorization && { Authorization: this.authorization }) };
    const where = `PACS ${this.serverName} (${url.pathname})`;
    const response = await fetch(url, { headers, signal }).catch((error: Error) => {
      if (signal?.aborted) throw new VoxbenchError('Cancelled', `${where}: cancelled.`);
      throw new VoxbenchError('PacsUnreachable', `${where}: ${(error.cause as Error | undefined)?.message ?? error.message}.`);
    });
    if (response.ok) return response;
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) throw new VoxbenchError('PacsUnauthorized', `${where} refused the credentials (HTTP ${response.status}).`);
    if (response.status === 406) throw new VoxbenchError('PacsNotAcceptable', `${where} cannot answer as ${accept} (HTTP 406).`);
    if (response.status === 404) throw new VoxbenchError('PacsNotFound', `${where}: not found (HTTP 404).`);
    throw new VoxbenchError('PacsError', `${where} answered HTTP ${response.status} ${response.statusText}.`);
  }
}
