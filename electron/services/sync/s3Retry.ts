// Retries with exponential backoff and full jitter on 5xx and network errors (the SDK's own retries are off: one
// policy), and S3 errors as a user reads them. Apart from s3.ts, so the level reader's thread reads a bucket without
// loading the SDK.
import { VoxbenchError } from '../../common/errors.js';
import type { Target } from '../../common/syncModel.js';

interface S3Failure {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** Worth trying again: the server had a problem (5xx, 429) or the network did. */
export function isTransient(error: unknown): boolean {
  const failure = error as S3Failure;
  const status = failure.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (failure.code && networkCodes.has(failure.code)) return true;
  return ['TimeoutError', 'RequestTimeout', 'NetworkingError'].includes(failure.name ?? '') || /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE/.test(failure.message ?? '');
}

/** An S3 error as a user reads it. */
export function describeS3Error(error: unknown, target: Target): VoxbenchError {
  if (error instanceof VoxbenchError) return error;
  const failure = error as S3Failure;
  const status = failure.$metadata?.httpStatusCode;
  const where = `${target.name} (${target.endpoint}, bucket ${target.bucket})`;
  if (status === 403 || ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied'].includes(failure.name ?? '')) {
    return new VoxbenchError('AccessDenied', `${where} refused the credentials (${failure.name}): check the access key and secret of this target.`);
  }
  if (failure.name === 'NoSuchBucket') return new VoxbenchError('NoSuchBucket', `${where}: the bucket does not exist.`);
  if (isTransient(error)) return new VoxbenchError('Offline', `${where} cannot be reached (${failure.code ?? failure.name ?? failure.message}); the job resumes from its last stored part when you retry.`);
  return new VoxbenchError('StoreError', `${where}: ${failure.name ?? 'error'} ${failure.message ?? ''}`.trim());
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  capMs: number;
}

export const defaultRetry: RetryPolicy = { attempts: 8, baseMs: 250, capMs: 8_000 };

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });

/** Runs `attempt` until it succeeds, a non-transient error, the signal, or the attempts run out. */
export async function withRetries<T>(attempt: () => Promise<T>, options: { signal?: AbortSignal; policy?: RetryPolicy; isTransient?: (error: unknown) => boolean } = {}): Promise<T> {
  const { signal, policy = defaultRetry, isTransient: transient = isTransient } = options;
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (signal?.aborted || tried >= policy.attempts || !transient(error)) throw error;
      await sleep(Math.random() * Math.min(policy.capMs, policy.baseMs * 2 ** tried), signal);
    }
  }
}
