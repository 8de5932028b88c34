// Every object under a prefix, downloaded with the bare SDK into a folder (zarr-python has no S3 store here: no s3fs).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DataCentre } from './dataCentre';

/** Downloads every object under `prefix` into `into` (keys made relative to the prefix); returns the keys. */
export async function downloadPrefix(dc: Pick<DataCentre, 's3' | 'bucket'>, prefix: string, into: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await dc.s3.send(new ListObjectsV2Command({ Bucket: dc.bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map(({ Key }) => Key!));
    token = page.NextContinuationToken;
  } while (token);
  for (const key of keys) {
    const path = join(into, key.slice(prefix.length));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await (await dc.s3.send(new GetObjectCommand({ Bucket: dc.bucket, Key: key }))).Body!.transformToByteArray());
  }
  return keys;
}
