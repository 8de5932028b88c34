// A real PACS for the hospital tests: a throw-away Orthanc with its DICOMweb plugin on 127.0.0.1 (start-orthanc.sh),
// on ports and in a folder of its own per run, so parallel runs never meet.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const here = import.meta.dirname;
const run = promisify(execFile);

export interface Pacs {
  /** DICOMweb root, ending in /dicom-web. */
  dicomWeb: string;
  /** Orthanc's own REST API (uploads: POST /instances). */
  rest: string;
  username: string;
  password: string;
  /** DIMSE: AE title ORTHANC on this port. */
  dicomPort: number;
  base: string;
}

export async function startPacs(): Promise<Pacs> {
  const base = await mkdtemp(join(tmpdir(), 'voxbench-orthanc-'));
  const [http, dicom] = [await freePort(), await freePort()];
  const env = { ...process.env, BASE: base, HTTP_PORT: String(http), DICOM_PORT: String(dicom), USERNAME: 'voxbench', PASSWORD: 'voxbench' };
  await run(join(here, 'start-orthanc.sh'), [], { env, timeout: 60_000 });
  const rest = `http://127.0.0.1:${http}`;
  return { dicomWeb: `${rest}/dicom-web`, rest, username: 'voxbench', password: 'voxbench', dicomPort: dicom, base };
}

export async function stopPacs(pacs: Pacs): Promise<void> {
  await run(join(here, 'stop-orthanc.sh'), [], { env: { ...process.env, BASE: pacs.base } });
  await rm(pacs.base, { recursive: true, force: true });
}

/** Stores DICOM files in the PACS through its REST API (as a modality's C-STORE would). */
export async function storeInPacs(pacs: Pacs, files: Uint8Array<ArrayBuffer>[]): Promise<void> {
  const auth = `Basic ${Buffer.from(`${pacs.username}:${pacs.password}`).toString('base64')}`;
  for (const body of files) {
    const response = await fetch(`${pacs.rest}/instances`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/dicom' }, body: new Blob([body]) });
    if (!response.ok) throw new Error(`Orthanc refused an instance: ${response.status} ${await response.text()}`);
  }
}
