// Secrets in the desktop app: what reaches the disk is only what the cipher (Electron's safeStorage in the
// app; a stand-in here, since safeStorage needs Electron) made of it, in a file only the user may read.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { encryptedSecrets, type Cipher } from '../../electron/services/sync/secrets';
import { saveTarget } from '../../electron/services/sync/targetCredentials';
import { TargetStore } from '../../electron/services/sync/targets';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** AES-256-GCM with a key held in memory, as safeStorage holds its key in the OS keyring. */
function memoryCipher(available = true): Cipher {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(blob) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const target = { name: 'dc', endpoint: 'http://127.0.0.1:9', bucket: 'results', auth: { from: 'keychain' as const } };
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-key', catalogueToken: 'token-123' };

test('credentials saved with a keychain target are stored encrypted, in a 0600 file, and read back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-secrets-'));
  dirs.push(dir);
  const secrets = encryptedSecrets(memoryCipher(), join(dir, 'sync-secrets.json'));
  const targets = new TargetStore(dir);
  await saveTarget(targets, secrets, target, credentials);
  const onDisk = (await readFile(join(dir, 'sync-secrets.json'), 'utf8')) + (await readFile(targets.path, 'utf8'));
  for (const secret of Object.values(credentials)) expect(onDisk).not.toContain(secret);
  expect((await stat(join(dir, 'sync-secrets.json'))).mode & 0o777).toBe(0o600);
  expect(JSON.parse((await secrets.get('sync.dc'))!)).toEqual(credentials);
});

test('without a keychain (browser mode, or no OS keyring) nothing is written and the user is told what to use instead', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-secrets-'));
  dirs.push(dir);
  const targets = new TargetStore(dir);
  await expect(saveTarget(targets, undefined, target, credentials)).rejects.toMatchObject({ kind: 'NoKeychain', message: expect.stringContaining('"env" or "file"') });
  await expect(saveTarget(targets, encryptedSecrets(memoryCipher(false), join(dir, 's.json')), target, credentials)).rejects.toMatchObject({ kind: 'NoKeychain' });
  expect(await targets.list()).toEqual([]);
});
