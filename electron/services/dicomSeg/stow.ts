// STOW-RS (PS3.18 10.5): DICOM instances stored to a PACS in one multipart/related request. Takes the server's
// DICOMweb root and its Authorization header value, so any settings store (the PACS panel's) can call it.
import { randomUUID } from 'node:crypto';
import { VoxbenchError } from '../../common/errors.js';

export interface DicomWebServer {
  /** The DICOMweb root, e.g. https://pacs.example/dicom-web. */
  url: string;
  /** The Authorization header value ("Basic …" or "Bearer …"), if the server needs one. */
  authorization?: string;
}

/** Items of the Failed SOP Sequence (0008,1198) of a store response (PS3.18 Table 10.5.3-1); Orthanc sends it empty. */
function failedInstances(text: string): number {
  try {
    const answer = JSON.parse(text) as { '00081198'?: { Value?: unknown[] } };
    return answer['00081198']?.Value?.length ?? 0;
  } catch {
    return 0;
  }
}

/** Stores the instances; a PACS that refuses any of them (HTTP status, or a Failed SOP Sequence) is an error. */
export async function stowInstances(server: DicomWebServer, instances: Uint8Array[]): Promise<void> {
  const boundary = `voxbench-${randomUUID()}`;
  const parts = instances.flatMap((bytes) => [new TextEncoder().encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), bytes, new TextEncoder().encode('\r\n')]);
  const body = new Blob([...parts, new TextEncoder().encode(`--${boundary}--\r\n`)] as BlobPart[]);
  const headers: Record<string, string> = { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' };
  if (server.authorization) headers.Authorization = server.authorization;
  const url = `${server.url.replace(/\/+$/, '')}/studies`;
  const response = await fetch(url, { method: 'POST', headers, body }).catch((error: Error) => {
    throw new VoxbenchError('PacsUnreachable', `STOW to ${url} failed: ${error.message}.`);
  });
  const text = await response.text();
  if (!response.ok || failedInstances(text) > 0) {
    throw new VoxbenchError('PacsRefused', `STOW to ${url}: the PACS answered ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 300)}` : ''}.`);
  }
}
