// Saving and removing a target together with its credentials (the keychain entry, or the user-only file).
import { VoxbenchError } from '../../common/errors.js';
import type { Credentials, Target, TargetInput } from '../../common/syncModel.js';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeDurably } from '../durableFile.js';
import { keychainKey, readCredentialsFile, type SecretStore } from './secrets.js';
import type { TargetStore } from './targets.js';

export async function saveTarget(targets: TargetStore, secrets: SecretStore | undefined, input: TargetInput, credentials?: Credentials): Promise<Target> {
  if (credentials) {
    const { auth } = input;
    if (auth.from === 'env') throw new VoxbenchError('CredentialsNotStored', `Target ${input.name} reads its credentials from environment variables; Voxbench stores none for it.`);
    if (auth.from === 'file') await writeCredentialsFile(auth.path, credentials);
    else if (!secrets) throw new VoxbenchError('NoKeychain', 'Only the desktop app can store credentials encrypted; here, use "env" or "file" credentials (a "file" target\'s keys are written to a file only you can read).');
    else await secrets.set(keychainKey(input.name), JSON.stringify(credentials));
  }
  return targets.save(input);
}

/** The credentials file a target's auth "file" names, readable by its owner only (a file already there must be so too). */
async function writeCredentialsFile(path: string, credentials: Credentials): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeDurably(path, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
  await readCredentialsFile(path); // refuses a file others can read, as a push would
}

export async function removeTarget(targets: TargetStore, secrets: SecretStore | undefined, name: string): Promise<void> {
  await targets.remove(name);
  await secrets?.delete(keychainKey(name));
}
