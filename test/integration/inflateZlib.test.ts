// The addon's zlib inflater (libdeflate) against streams node's zlib wrote: the bytes come back as they went in,
// a damaged stream and one longer than its output are told apart.
import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadNativeKernels } from '../../electron/services/segment/kernels/native';

execFileSync(process.execPath, ['build/native.mjs'], { stdio: 'inherit' });
/** No compiler here: the zlib codec falls back to node's zlib, which omeZarrOpen.test.ts reads through. */
const native = loadNativeKernels();

/** A 64³ uint16 chunk of a smooth field with noise, as a phantom's. */
const chunk = new Uint8Array(Uint16Array.from({ length: 64 ** 3 }, (_, i) => 1000 + Math.round(400 * Math.sin(i / 300)) + ((i * 7919) % 13)).buffer);

describe.runIf(native)('inflateZlib', () => {
  it.each([1, 6, 9])('inflates what zlib level %i deflated', async (level) => {
    const output = new Uint8Array(chunk.byteLength);
    expect(await native!.inflateZlib(deflateSync(chunk, { level }), output)).toBe(chunk.byteLength);
    expect(Buffer.compare(output, chunk)).toBe(0);
  });

  it('tells a damaged stream (-1) from one that inflates past its output (-2)', async () => {
    const stream = deflateSync(chunk);
    expect(await native!.inflateZlib(stream.subarray(0, stream.length >> 1), new Uint8Array(chunk.byteLength))).toBe(-1);
    expect(await native!.inflateZlib(stream, new Uint8Array(chunk.byteLength - 1))).toBe(-2);
  });
});
