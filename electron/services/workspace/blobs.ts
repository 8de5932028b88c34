// Labelmaps in the project file: deflated, base64, named by SHA-256 (the blob store's names).
import { constants } from 'node:buffer';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { VoxbenchError } from '../../common/errors.js';
import { blobName } from '../segment/blobName.js';
import type { Labels } from '../segment/kernels/index.js';
import type { SavedBlob } from './schema.js';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

const bytesOf = (labels: Labels) => new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength);

export async function encodeBlob(labels: Labels): Promise<SavedBlob> {
  return { type: labels instanceof Uint16Array ? 'uint16' : 'uint8', length: labels.length, deflated: (await deflate(bytesOf(labels))).toString('base64') };
}

export async function decodeBlob(blob: SavedBlob, name: string, file: string): Promise<Labels> {
  const short = `${name.slice(0, 12)}…`;
  // The declared size bounds the inflation: a bomb stops at it instead of filling memory.
  const declared = blob.length * (blob.type === 'uint16' ? 2 : 1);
  if (declared > constants.MAX_LENGTH) throw new VoxbenchError('BadWorkspace', `${file}: the labelmap ${short} declares ${declared} bytes, more than one buffer holds.`);
  const raw = await inflate(Buffer.from(blob.deflated, 'base64'), { maxOutputLength: Math.max(declared, 1) }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_BUFFER_TOO_LARGE') throw new VoxbenchError('CorruptFile', `${file}: the labelmap ${short} inflates past its declared ${declared} bytes.`);
    throw new VoxbenchError('BadWorkspace', `${file}: the labelmap ${short} cannot be unpacked (${error.message}).`);
  });
  const labels = blob.type === 'uint16' ? new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) : new Uint8Array(raw);
  if (labels.length !== blob.length || blobName(labels) !== name) throw new VoxbenchError('BadWorkspace', `${file}: the labelmap ${short} is damaged (its bytes do not match its checksum).`);
  return labels;
}
