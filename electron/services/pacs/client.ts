// The DICOMweb client of a configured PACS server: its URL and sign-in from the settings and secrets.
import type { Services } from '../services.js';
import { authorization } from './credentials.js';
import { DicomWebClient } from './dicomWeb.js';
import { PacsServerStore } from './servers.js';

export async function pacsClient({ sync: { settingsDir, secrets } }: Pick<Services, 'sync'>, name: string): Promise<DicomWebClient> {
  const server = await new PacsServerStore(settingsDir).get(name);
  return new DicomWebClient(server.url, await authorization(server, secrets), server.name);
}
