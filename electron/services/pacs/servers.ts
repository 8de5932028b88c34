// The user's PACS servers, in the settings folder beside the sync targets (no secrets: see credentials.ts).
import { pacsServerSchema } from '../../common/pacsModel.js';
import { NamedSettings } from '../namedSettings.js';

export class PacsServerStore extends NamedSettings<typeof pacsServerSchema> {
  constructor(dir: string) {
    super(dir, 'pacs-servers.json', pacsServerSchema, { kind: 'UnknownServer', what: 'PACS server' });
  }
}
