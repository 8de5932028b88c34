// Saving and removing a target together with its keychain entry.
import { VoxbenchError } from '../../common/errors.js';
import type { Credentials, Target, TargetInput } from '../../common/syncModel.js';
import { keychainKey, type SecretStore } from './secrets.js';
import type { TargetStore } from './targets.js';

export async function saveTarget(targets: TargetStore, secrets: SecretStore | undefined, input: TargetInput, credentials?: Credentials): Promise<Target> {
  if (credentials) {
    if (input.auth.from !== 'keychain') throw new VoxbenchError('CredentialsNotStored', `Target ${input.name} reads its credentials from ${input.auth.from === 'env' ? 'environment variables' : 'a file'}; Voxbench stores none for it.`);
    if (!secrets) throw new VoxbenchError('NoKeychain', 'Only the desktop app can store credentials (encrypted); here, use "env" or "file" credentials.');
    await secrets.set(keychainKey(input.name), JSON.stringify(credentials));
  }
  return targets.save(input);
}

export async function removeTarget(targets: TargetStore, secrets: SecretStore | undefined, name: string): Promise<void> {
  await targets.remove(name);
  await secrets?.delete(keychainKey(name));
}
