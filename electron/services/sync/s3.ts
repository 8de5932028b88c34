// The object store of a target: an S3 client as RADOS Gateway, MinIO and AWS all accept, and retries with
// exponential backoff and full jitter on 5xx and network errors (s3Retry.ts; the SDK's own retries are off: one policy).
import { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import type { Credentials, Target } from '../../common/syncModel.js';

export function s3ClientFor(target: Target, credentials: Credentials): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    maxAttempts: 1,
    // Bodies are buffers with Content-MD5; the SDK's default CRC32 trailers break on stream bodies (411).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
}

export { defaultRetry, describeS3Error, isTransient, sleep, withRetries, type RetryPolicy } from './s3Retry.js';

type Unsigned = ConstructorParameters<typeof PutObjectCommand>[0] | ConstructorParameters<typeof UploadPartCommand>[0];

/** A PUT (object, or part when it names an upload) signed without hashing its body: the server checks the bytes
 * against Content-MD5 instead (the SDK would otherwise SHA-256 every Buffer body on the event loop, and the server
 * verify that too). */
export function unsignedPut(input: ConstructorParameters<typeof PutObjectCommand>[0]): PutObjectCommand;
export function unsignedPut(input: ConstructorParameters<typeof UploadPartCommand>[0]): UploadPartCommand;
export function unsignedPut(input: Unsigned): PutObjectCommand | UploadPartCommand {
  const command = 'UploadId' in input ? new UploadPartCommand(input) : new PutObjectCommand(input);
  (command as PutObjectCommand).middlewareStack.add( // both commands' stacks take the same build step
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: 'unsignedPayload' },
  );
  return command;
}
