// Credentials of a target, never written in plain text by us: the desktop app keeps them encrypted with
// Electron's safeStorage (handed in by main.ts as a Cipher); browser mode and the CLI read them from
// environment variables or from a file only its owner can read.
import { readFile, stat } from 'node:fs/promises';
import { VoxbenchError } from '../../common/errors.js';
import { writeDurably } from '../durableFile.js';
import { credentialsSchema, type Credentials, type Target } from '../../common/syncModel.js';

/** The app's keychain, one secret per key. */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What Electron's safeStorage offers (main.ts passes it in; nothing here imports electron). */
export interface Cipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Secrets encrypted by `cipher`, kept as base64 blobs in `file` (mode 0600). */
export function encryptedSecrets(cipher: Cipher, file: string): SecretStore {
  const load = async () => JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, string>;
  const check = () => {
    if (!cipher.isEncryptionAvailable()) throw new VoxbenchError('NoKeychain', 'This system offers no encryption for stored secrets (no keyring); use an environment variable or a user-only file for this target.');
  };
  return {
    async get(key) {
      const blob = (await load())[key];
      if (blob === undefined) return undefined;
      check();
      return cipher.decryptString(Buffer.from(blob, 'base64'));
    },
    async set(key, value) {
      check();
      await writeDurably(file, async () => JSON.stringify({ ...(await load()), [key]: cipher.encryptString(value).toString('base64') })); // read under the lock: no other process's secret is lost
    },
    async delete(key) {
      await writeDurably(file, async () => {
        const { [key]: _removed, ...rest } = await load();
        return JSON.stringify(rest);
      });
    },
  };
}

export const keychainKey = (target: string) => `sync.${target}`;

function parseCredentials(text: string, where: string): Credentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VoxbenchError('BadCredentials', `${where} is not JSON { accessKeyId, secretAccessKey, catalogueToken? }.`);
  }
  const parsed = credentialsSchema.safeParse(value);
  if (!parsed.success) throw new VoxbenchError('BadCredentials', `${where}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'value'} ${issue.message}`).join('; ')}.`);
  return parsed.data;
}

/** A credentials file must be readable by its owner only, and be that user's. */
export async function readCredentialsFile(path: string): Promise<Credentials> {
  return parseCredentials(await readPrivateFile(path), path);
}

/** The text of a secrets file, refused unless only its owner, the user running Voxbench, can read it. */
export async function readPrivateFile(path: string): Promise<string> {
  const info = await stat(path).catch((error: Error) => {
    throw new VoxbenchError('BadCredentials', `${path}: ${error.message}`);
  });
  if (info.mode & 0o077) {
    throw new VoxbenchError('InsecureCredentials', `${path} is readable by others (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 on it.`);
  }
  if (process.getuid && info.uid !== process.getuid()) throw new VoxbenchError('InsecureCredentials', `${path} belongs to another user.`);
  return readFile(path, 'utf8');
}

export async function credentialsFor(target: Target, secrets?: SecretStore): Promise<Credentials> {
  const { auth } = target;
  if (auth.from === 'file') return readCredentialsFile(auth.path);
  if (auth.from === 'env') {
    const [accessKeyId, secretAccessKey, catalogueToken] = ['ACCESS_KEY_ID', 'SECRET_ACCESS_KEY', 'CATALOGUE_TOKEN'].map((name) => process.env[`${auth.prefix}_${name}`]);
    if (!accessKeyId || !secretAccessKey) throw new VoxbenchError('NoCredentials', `Target ${target.name}: set ${auth.prefix}_ACCESS_KEY_ID and ${auth.prefix}_SECRET_ACCESS_KEY.`);
    return { accessKeyId, secretAccessKey, ...(catalogueToken && { catalogueToken }) };
  }
  if (!secrets) throw new VoxbenchError('NoKeychain', `Target ${target.name} keeps its credentials in the desktop app's keychain; in browser mode or the CLI use "env" or "file" credentials.`);
  const stored = await secrets.get(keychainKey(target.name));
  if (!stored) throw new VoxbenchError('NoCredentials', `Target ${target.name} has no stored credentials: enter them in the Sync panel.`);
  return parseCredentials(stored, `the keychain entry of ${target.name}`);
}
