// Voxels as the data routes send them: raw bytes in the volume's dtype, x fastest.
import type { VolumeInfo } from '../../electron/common/contract';

export type Voxels = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** The bytes as the volume's typed array, without a copy; throws when their count does not match the dims. */
export function voxelArray(info: VolumeInfo, bytes: ArrayBuffer): Voxels {
  // Dtype names are the typed arrays' names in lower case: 'int16' → Int16Array.
  const ArrayType = globalThis[`${info.dtype[0]!.toUpperCase()}${info.dtype.slice(1)}Array` as 'Float64Array'];
  const values = new ArrayType(bytes);
  const expected = info.dims[0] * info.dims[1] * info.dims[2];
  if (values.length !== expected) throw new Error(`${info.name}: received ${values.length} voxels, expected ${expected}.`);
  return values;
}

/** Fetches a volume level's voxels, reporting the fraction received once per percent. */
export async function fetchVoxels(url: string, info: VolumeInfo, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Voxels> {
  const response = await fetch(url, { signal });
  if (!response.ok || !response.body) throw new Error(`${info.name}: the host answered ${response.status} ${await response.text()}`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  const buffer = new Uint8Array(total);
  let received = 0;
  let percent = 0;
  for (const reader = response.body.getReader(); ; ) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer.set(value, received);
    received += value.length;
    // Once per percent: a report per chunk would redraw the page thousands of times for a large volume.
    const now = total ? Math.floor((received / total) * 100) : 0;
    if (now !== percent) onProgress((percent = now) / 100);
  }
  return voxelArray(info, buffer.buffer);
}
