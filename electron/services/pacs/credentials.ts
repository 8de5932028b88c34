// How Voxbench signs in to a PACS: the Authorization header of a server, its secret read as the data
// centre's are (keychain in the desktop app, environment variables, or a user-only file; see sync/secrets.ts).
import { VoxbenchError } from '../../common/errors.js';
import { pacsCredentialsSchema, type PacsCredentials, type PacsServer } from '../../common/pacsModel.js';
import { readPrivateFile, type SecretStore } from '../sync/secrets.js';

export const pacsKeychainKey = (server: string) => `pacs.${server}`;

function parse(text: string, where: string): PacsCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VoxbenchError('BadCredentials', `${where} is not JSON { username, password } or { token }.`);
  }
  const parsed = pacsCredentialsSchema.safeParse(value);
  if (!parsed.success) throw new VoxbenchError('BadCredentials', `${where} holds neither { username, password } nor { token }.`);
  return parsed.data;
}

async function credentialsOf(server: PacsServer & { auth: { type: 'basic' | 'bearer' } }, secrets?: SecretStore): Promise<PacsCredentials> {
  const source = server.auth.credentials;
  if (source.from === 'file') return parse(await readPrivateFile(source.path), source.path);
  if (source.from === 'env') {
    const [username, password, token] = ['USERNAME', 'PASSWORD', 'TOKEN'].map((name) => process.env[`${source.prefix}_${name}`]);
    if (server.auth.type === 'bearer') {
      if (!token) throw new VoxbenchError('NoCredentials', `PACS ${server.name}: set ${source.prefix}_TOKEN.`);
      return { token };
    }
    if (!username || password === undefined) throw new VoxbenchError('NoCredentials', `PACS ${server.name}: set ${source.prefix}_USERNAME and ${source.prefix}_PASSWORD.`);
    return { username, password };
  }
  if (!secrets) throw new VoxbenchError('NoKeychain', `PACS ${server.name} keeps its credentials in the desktop app's keychain; in browser mode or the CLI use "env" or "file" credentials.`);
  const stored = await secrets.get(pacsKeychainKey(server.name));
  if (!stored) throw new VoxbenchError('NoCredentials', `PACS ${server.name} has no stored credentials: enter them in the PACS panel.`);
  return parse(stored, `the keychain entry of PACS ${server.name}`);
}

/** The Authorization header value for `server`, or undefined when it needs none. */
export async function authorization(server: PacsServer, secrets?: SecretStore): Promise<string | undefined> {
  const { auth } = server;
  if (auth.type === 'none') return undefined;
  const credentials = await credentialsOf({ ...server, auth }, secrets);
  if (auth.type === 'bearer') {
    if (!('token' in credentials)) throw new VoxbenchError('BadCredentials', `PACS ${server.name} signs in with a bearer token, but its credentials hold a user name and password.`);
    return `Bearer ${credentials.token}`;
  }
  if (!('username' in credentials)) throw new VoxbenchError('BadCredentials', `PACS ${server.name} signs in with a user name and password, but its credentials hold a token.`);
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** Keeps `credentials` in the keychain for a server that reads them from there. */
export async function storeCredentials(server: PacsServer, credentials: PacsCredentials, secrets?: SecretStore): Promise<void> {
  if (server.auth.type === 'none' || server.auth.credentials.from !== 'keychain') {
    throw new VoxbenchError('CredentialsNotStored', `PACS ${server.name} reads no credentials from the keychain; Voxbench stores none for it.`);
  }
  if (!secrets) throw new VoxbenchError('NoKeychain', 'Only the desktop app can store credentials (encrypted); here, use "env" or "file" credentials.');
  await secrets.set(pacsKeychainKey(server.name), JSON.stringify(credentials));
}
