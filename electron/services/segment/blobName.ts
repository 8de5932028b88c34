// The content address of a labelmap: SHA-256 of its bytes and type, as the blob store and project file name it.
import { createHash } from 'node:crypto';
import type { Labels } from './kernels/index.js';

export function blobName(labels: Labels): string {
  return createHash('sha256').update(new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength)).update(labels instanceof Uint16Array ? 'uint16' : 'uint8').digest('hex');
}
