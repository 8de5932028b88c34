// Test connection for a target being set up: can these credentials list its bucket under its prefix, and does its
// catalogue answer? Each answer in words, so the form can say what to fix before the first push.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Credentials, TargetInput } from '../../common/syncModel.js';
import { targetSchema } from '../../common/syncModel.js';
import { checkCatalogue } from './catalogue.js';
import { describeS3Error, s3ClientFor } from './s3.js';
import { credentialsFor, type SecretStore } from './secrets.js';

export interface TargetTest {
  store: string;
  catalogue?: string;
}

/** Throws (typed) at the first thing that fails: credentials, the bucket, the catalogue. */
export async function testTarget(input: TargetInput, given: Credentials | undefined, secrets: SecretStore | undefined): Promise<TargetTest> {
  const target = targetSchema.parse(input);
  const credentials = given ?? (await credentialsFor(target, secrets));
  const client = s3ClientFor(target, credentials);
  try {
    await client.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.prefix, MaxKeys: 1 }));
  } catch (error) {
    throw describeS3Error(error, target);
  } finally {
    client.destroy();
  }
  const store = `${target.endpoint}: bucket ${target.bucket} can be listed${target.prefix ? ` under ${target.prefix}` : ''}`;
  if (!target.catalogue) return { store };
  await checkCatalogue(target.catalogue, credentials.catalogueToken);
  return { store, catalogue: `${target.catalogue.url} answers` };
}
