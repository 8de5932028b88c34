// The user's data-centre targets, in the settings folder (no secrets: see secrets.ts).
import { targetSchema } from '../../common/syncModel.js';
import { NamedSettings } from '../namedSettings.js';

export class TargetStore extends NamedSettings<typeof targetSchema> {
  constructor(dir: string) {
    super(dir, 'sync-targets.json', targetSchema, { kind: 'UnknownTarget', what: 'sync target' });
  }
}
