// Test connection and credentials typed in the target form, against a real one-node Ceph RGW and the test
// catalogue: good credentials list the bucket, a wrong secret, a missing bucket and a wrong catalogue address each
// say what is wrong; credentials saved with a "file" target land in a file only the user can read.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TargetInput } from '../../electron/common/syncModel';
import { readCredentialsFile } from '../../electron/services/sync/secrets';
import { saveTarget } from '../../electron/services/sync/targetCredentials';
import { TargetStore } from '../../electron/services/sync/targets';
import { testTarget } from '../../electron/services/sync/testTarget';
import { startDataCentre, type DataCentre } from '../dc/dataCentre';

let dc: DataCentre;
beforeAll(async () => {
  dc = await startDataCentre();
}, 120_000);
afterAll(() => dc?.close());

const targetOf = (extra: Partial<TargetInput> = {}): TargetInput => ({
  name: 'typed',
  endpoint: dc.gateway.endpoint,
  bucket: dc.bucket,
  prefix: 'hospital-a',
  auth: { from: 'file', path: join(dc.scratch, 'credentials', 'typed.json') },
  catalogue: { url: dc.catalogue.url, owner: 'Ada Lovelace', ownerGroup: 'hospital-a', contactEmail: 'ada@hospital-a.example' },
  ...extra,
});
const good = () => ({ accessKeyId: dc.gateway.accessKeyId, secretAccessKey: dc.gateway.secretAccessKey, catalogueToken: dc.catalogue.token });

test('good credentials list the bucket and the catalogue answers', async () => {
  expect(await testTarget(targetOf(), good(), undefined)).toEqual({
    store: `${dc.gateway.endpoint}: bucket ${dc.bucket} can be listed under hospital-a`,
    catalogue: `${dc.catalogue.url} answers`,
  });
});

test('a wrong secret, a missing bucket and a catalogue address that is no SciCat each say so', async () => {
  await expect(testTarget(targetOf(), { ...good(), secretAccessKey: 'wrong' }, undefined)).rejects.toMatchObject({ kind: 'AccessDenied' });
  await expect(testTarget(targetOf({ bucket: 'no-such-bucket' }), good(), undefined)).rejects.toMatchObject({ kind: 'NoSuchBucket' });
  const notSciCat = targetOf({ catalogue: { url: `${dc.catalogue.url}/elsewhere/`, owner: 'a', ownerGroup: 'b', contactEmail: 'a@b.org' } });
  await expect(testTarget(notSciCat, good(), undefined)).rejects.toMatchObject({ kind: 'CatalogueRejected' });
});

test('credentials typed for a "file" target are written to that file, readable by the user only, and then found', async () => {
  const store = new TargetStore(dc.settingsDir);
  await saveTarget(store, undefined, targetOf(), good());
  const path = join(dc.scratch, 'credentials', 'typed.json');
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  expect(await readCredentialsFile(path)).toEqual(good());
  expect(await testTarget(targetOf(), undefined, undefined)).toMatchObject({ catalogue: `${dc.catalogue.url} answers` });
});
