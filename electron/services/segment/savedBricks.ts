// A labelmap's bricks as a project file keeps them: a brick of one value as that value, any other as a blob
// (its voxels deflated, named by their SHA-256, so unchanged bricks are stored once). Runs in a segment worker;
// a brick already deflated in memory is written as it is.
import { deflateRawSync } from 'node:zlib';
import type { SavedBlob } from '../workspace/schema.js';
import { blobName } from './blobName.js';
import type { Labels } from './kernels/index.js';
import { inflateBrick, isPacked, valuesIn, type Brick } from './labelmap.js';

export type EncodedBrick = number | { name: string; blob: SavedBlob; values: number[] };

const bytesOf = (voxels: Labels) => Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength);

export function encodeBricks(bricks: Brick[]): EncodedBrick[] {
  return bricks.map((brick) => {
    if (typeof brick === 'number') return brick;
    const type = isPacked(brick) ? brick.type : brick instanceof Uint16Array ? 'uint16' : 'uint8';
    const voxels = isPacked(brick) ? inflateBrick(brick) : brick;
    // A Buffer arrives from the host as a plain Uint8Array.
    const deflated = isPacked(brick) ? Buffer.from(brick.bytes.buffer, brick.bytes.byteOffset, brick.bytes.byteLength) : deflateRawSync(bytesOf(brick), { level: 1 });
    return { name: blobName(voxels), blob: { type, length: voxels.length, deflated: deflated.toString('base64') }, values: isPacked(brick) ? brick.values : valuesIn(brick) };
  });
}
